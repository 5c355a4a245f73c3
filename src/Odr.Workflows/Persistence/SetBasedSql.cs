using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Odr.Workflows.Persistence;

/// <summary>
/// Statements over many rows at once, written from the EF model (table and column names, and each column's type mapping
/// with its value converter), so that a value is stored exactly as EF would store it on either provider: SQLite's
/// upper-case GUID text and UTC date text, PostgreSQL's uuid and timestamptz. Nothing is tracked. The statements go
/// through <see cref="RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade, string, IEnumerable{object}, CancellationToken)"/>,
/// so they join the caller's transaction and its interceptors see them.
/// </summary>
internal sealed class SetBasedSql(DbContext db) : IDisposable
{
    /// <summary>Parameters per statement at most: far below SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    private const int MaxParameters = 4000;

    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();
    private readonly DbCommand _parameterFactory = db.Database.GetDbConnection().CreateCommand();
    private readonly List<object> _parameters = [];

    public bool IsPostgres => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    public string Table<T>() => _sql.DelimitIdentifier(Entity<T>().GetTableName()!);

    public string Column<T>(string property) => _sql.DelimitIdentifier(Property<T>(property).GetColumnName());

    /// <summary>
    /// The column as an operand no index may serve (SQLite's unary <c>+</c>), for a claim's condition on a row picked by
    /// its primary key. Without statistics SQLite's planner takes an equality on an indexed column (<c>"Status" = @p</c>,
    /// the (Status, DueAt) index) over a list of primary keys, and so read every pending row for each claim: with 100,000
    /// timers pending, a claim of 100 took 90 ms instead of 12 (EXPLAIN QUERY PLAN, bench/analysis.md). PostgreSQL plans
    /// by its statistics, and its <c>+</c> takes only numbers.
    /// </summary>
    public string ColumnNoIndex<T>(string property) => IsPostgres ? Column<T>(property) : "+" + Column<T>(property);

    /// <summary>
    /// A placeholder for <paramref name="value"/> as the column of <typeparamref name="T"/>.<paramref name="property"/> stores it.
    /// The parameter is named with its prefix (<c>@p0</c>, as EF names its own): Microsoft.Data.Sqlite looks a bare name
    /// up under each of SQLite's three prefixes, each lookup a scan of the statement's parameters, and a batch's statements
    /// carry thousands (a quarter of the catch-up's CPU was that lookup, bench/analysis.md).
    /// </summary>
    public string Value<T>(string property, object? value)
    {
        var column = Property<T>(property);
        var name = $"p{_parameters.Count}";
        _parameters.Add(column.GetRelationalTypeMapping().CreateParameter(_parameterFactory, _sql.GenerateParameterName(name), value, column.IsNullable));
        return _sql.GenerateParameterNamePlaceholder(name);
    }

    /// <summary><c>"Column" IN (@p1, @p2, …)</c>, each value stored as the column stores it.</summary>
    public string In<T>(string property, IEnumerable<object?> values) =>
        $"{Column<T>(property)} IN ({string.Join(", ", values.Select(v => Value<T>(property, v)))})";

    /// <summary>Runs <paramref name="statement"/> with the parameters made since the last statement; returns rows affected.</summary>
    public async Task<int> ExecuteAsync(string statement, CancellationToken ct)
    {
        var parameters = _parameters.ToArray();
        _parameters.Clear();
        return await db.Database.ExecuteSqlRawAsync(statement, parameters, ct);
    }

    /// <summary>Runs a query that returns one GUID column named <c>Value</c> (such as <c>UPDATE … RETURNING "Id" AS "Value"</c>).</summary>
    public async Task<List<Guid>> QueryIdsAsync(string statement, CancellationToken ct)
    {
        var parameters = _parameters.ToArray();
        _parameters.Clear();
        return await db.Database.SqlQueryRaw<Guid>(statement, parameters).ToListAsync(ct);
    }

    /// <summary>Inserts <paramref name="rows"/> with multi-row INSERT statements (every mapped property, as EF would).</summary>
    public async Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        var properties = Entity<T>().GetProperties().Where(p => p.PropertyInfo is not null).ToList();
        var columns = string.Join(", ", properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName())));
        foreach (var chunk in rows.Chunk(Math.Max(1, MaxParameters / properties.Count)))
        {
            var statement = new StringBuilder($"INSERT INTO {Table<T>()} ({columns}) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                statement.Append(i == 0 ? "(" : ", (");
                statement.AppendJoin(", ", properties.Select(p => Value<T>(p.Name, p.PropertyInfo!.GetValue(chunk[i]))));
                statement.Append(')');
            }
            await ExecuteAsync(statement.ToString(), ct);
        }
    }

    /// <summary>
    /// Writes <paramref name="properties"/> of each row to the row of its <paramref name="key"/>, if its
    /// <paramref name="guard"/> column still holds the row's <paramref name="guardValue"/>: one
    /// <c>UPDATE … FROM (VALUES …)</c> per chunk, so each parameter is bound once (a command of one UPDATE per row has
    /// SQLite bind every parameter of the command to every statement). Returns the rows updated.
    /// </summary>
    public async Task<int> UpdateByKeyAsync<T>(IReadOnlyList<T> rows, IReadOnlyList<string> properties, string key, string guard,
        Func<T, object?> guardValue, CancellationToken ct) where T : class
    {
        var table = Table<T>();
        var setters = string.Join(", ", properties.Select((p, i) => $"{Column<T>(p)} = \"v\".\"column{i + 3}\""));
        var keyAccessor = Property<T>(key).PropertyInfo!;
        var accessors = properties.Select(p => Property<T>(p).PropertyInfo!).ToList();
        var updated = 0;
        foreach (var chunk in rows.Chunk(Math.Max(1, MaxParameters / (properties.Count + 2))))
        {
            var statement = new StringBuilder($"UPDATE {table} SET ");
            statement.Append(setters).Append(" FROM (VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var row = chunk[i];
                statement.Append(i == 0 ? "(" : ", (")
                    .Append(Value<T>(key, keyAccessor.GetValue(row))).Append(", ")
                    .Append(Value<T>(guard, guardValue(row))).Append(", ")
                    .AppendJoin(", ", accessors.Select(a => Value<T>(a.Name, a.GetValue(row))))
                    .Append(')');
            }
            // VALUES names its columns column1, column2, … on both SQLite and PostgreSQL.
            statement.Append($") AS \"v\" WHERE {table}.{Column<T>(key)} = \"v\".\"column1\" AND {table}.{Column<T>(guard)} = \"v\".\"column2\"");
            updated += await ExecuteAsync(statement.ToString(), ct);
        }
        return updated;
    }

    public void Dispose() => _parameterFactory.Dispose();

    private IEntityType Entity<T>() => db.Model.FindEntityType(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model: call ApplyWorkflowModel().");

    private IProperty Property<T>(string name) => Entity<T>().FindProperty(name)
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no mapped property {name}.");
}
