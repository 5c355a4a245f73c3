using System.Text;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.Persistence;

/// <summary>
/// Writes one shadow column of many cases in a few statements (<c>UPDATE … SET col = CASE "Id" WHEN … END</c>): how a
/// read model's startup backfill marks the cases it has written, without tracking them (the backfills of the
/// statistics and of the awaiting tasks).
/// </summary>
public static class CaseMarks
{
    private const int PerStatement = 250;

    /// <summary>Sets <paramref name="column"/> of each case to its value; throws if a case was not there to mark.</summary>
    public static async Task WriteAsync(OdrDbContext db, string column, IReadOnlyCollection<(DisputeId Id, string? Value)> marks, CancellationToken ct)
    {
        foreach (var chunk in marks.Chunk(PerStatement))
        {
            var sql = new StringBuilder("UPDATE \"Cases\" SET \"").Append(column).Append("\" = CASE \"Id\"");
            var parameters = new List<object?>(chunk.Length * 2);
            foreach (var (id, value) in chunk)
            {
                sql.Append(" WHEN {").Append(parameters.Count).Append("} THEN {").Append(parameters.Count + 1).Append('}');
                parameters.AddRange([id.Value, value]);
            }
            sql.Append(" END WHERE \"Id\" IN (").AppendJoin(", ", Enumerable.Range(0, chunk.Length).Select(i => $"{{{2 * i}}}")).Append(')');
            if (await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters!, ct) != chunk.Length)
            {
                throw new InvalidOperationException($"Not every case was there to mark ({column}).");
            }
        }
    }
}
