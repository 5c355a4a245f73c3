using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.Persistence;

/// <summary>The last case number handed out in a year. One row a year.</summary>
public sealed class CaseNumberSequence
{
    public int Year { get; set; }

    public int LastValue { get; set; }

    /// <summary>
    /// Takes the next number of <paramref name="year"/>. Call it inside the transaction that inserts the case: the
    /// upsert takes the database's write lock, so numbers are unique, and a rolled-back filing gives its number
    /// back, so they have no gaps.
    /// </summary>
    public static async Task<CaseNumber> NextAsync(OdrDbContext db, int year, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case numbers are allocated inside the filing's transaction.");
        }
        var next = await db.Database
            .SqlQuery<int>($"""
                INSERT INTO "CaseNumberSequences" ("Year", "LastValue") VALUES ({year}, 1)
                ON CONFLICT ("Year") DO UPDATE SET "LastValue" = "CaseNumberSequences"."LastValue" + 1
                RETURNING "LastValue" AS "Value"
                """)
            .ToListAsync(ct);
        return new CaseNumber(year, next.Single());
    }
}
