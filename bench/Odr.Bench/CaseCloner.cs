using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Odr.Domain.Disputes;

namespace Odr.Bench;

/// <summary>
/// Makes a large database quickly from a few hundred cases filed through the API: copies every case row, with its
/// workflow instance and pending timers, under new ids and case numbers, in SQL. The copies are exactly the rows the
/// service wrote, so the service treats them as its own; only the history chain is not copied (a copy's first
/// history entry starts a new chain, as the service allows).
/// </summary>
public static class CaseCloner
{
    /// <summary>
    /// A new id in the service's text form and layout: a version-7 GUID, as the service makes its own ids
    /// (<see cref="Guid.CreateVersion7()"/>), whose first 48 bits are a time in milliseconds named <c>ms</c>, the rest from
    /// 16 random bytes named <c>h</c>. The copies' times follow their copy number, so their ids sort in the order the
    /// copies were made, as the ids of cases filed one after another do: random ids would scatter every index keyed by
    /// an instance (its timers, commands, history) over pages the service's own data keeps together. Used in a
    /// subquery that names the outer row, so SQLite runs it once per row and each row gets its own id.
    /// </summary>
    private const string NewGuid = """
        upper(substr(printf('%012X', ms), 1, 8) || '-' || substr(printf('%012X', ms), 9, 4) || '-7' || substr(h, 1, 3) || '-'
            || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(h, 4, 3) || '-' || substr(h, 7, 12))
        """;

    /// <summary>
    /// Copies the cases until the database holds <paramref name="total"/>; returns how long it took. The copies are counted
    /// in the statistics' read model as their seeds are (<see cref="ReadModelCopies"/>), or, with
    /// <paramref name="leaveUncounted"/>, left for the service's startup backfill, as cases from before the read model.
    /// </summary>
    public static TimeSpan CloneUntil(string databasePath, int total, bool withWorkflows, bool leaveUncounted = false)
    {
        var takes = new List<long>();
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        var caseColumns = Columns(connection, "Cases");
        var instanceColumns = Columns(connection, "WorkflowInstances");
        var timerColumns = Columns(connection, "WorkflowTimers");
        var seeds = Scalar(connection, "SELECT count(*) FROM Cases;");
        var existing = seeds;
        var year = DateTime.UtcNow.Year;
        var next = Scalar(connection, $"SELECT coalesce(max(LastValue), 0) FROM CaseNumberSequences WHERE Year = {year};");
        // The copies' id times: one millisecond apart by copy number, all before the seeds' own.
        var firstMs = DateTimeOffset.UtcNow.AddYears(-1).ToUnixTimeMilliseconds();
        // The seeds are read once into small temporary tables, so each round copies from them and never scans the growing tables.
        Execute(connection, """
            CREATE TEMP TABLE Seeds AS SELECT Id, row_number() OVER (ORDER BY Id) AS n FROM Cases;
            CREATE TEMP TABLE SeedCases AS SELECT * FROM Cases;
            CREATE TEMP TABLE SeedInstances AS SELECT * FROM WorkflowInstances;
            CREATE TEMP TABLE SeedTimers AS SELECT * FROM WorkflowTimers WHERE Status = 'Pending';
            CREATE INDEX temp.IX_SeedCases ON SeedCases (Id);
            CREATE INDEX temp.IX_SeedInstances ON SeedInstances (Id);
            CREATE INDEX temp.IX_SeedInstances_Correlation ON SeedInstances (CorrelationId);
            CREATE INDEX temp.IX_SeedTimers ON SeedTimers (InstanceId);
            """);
        while (existing < total)
        {
            var take = Math.Min(seeds, total - existing);
            using var transaction = connection.BeginTransaction();
            Execute(connection, $"""
                DROP TABLE IF EXISTS temp.Copies;
                CREATE TEMP TABLE Copies AS
                SELECT s.Id AS OldId, s.n + {next} AS Number, i.Id AS OldInstance,
                       (SELECT {NewGuid} FROM (SELECT hex(randomblob(16)) AS h, {firstMs} + s.n + {next} AS ms) WHERE s.n IS NOT NULL) AS NewId,
                       (SELECT {NewGuid} FROM (SELECT hex(randomblob(16)) AS h, {firstMs} + s.n + {next} AS ms) WHERE s.n IS NOT NULL) AS NewInstance
                FROM Seeds s LEFT JOIN SeedInstances i ON i.CorrelationId = lower(s.Id)
                WHERE s.n <= {take};
                """, transaction);
            Execute(connection, $"""
                INSERT INTO Cases ({string.Join(", ", caseColumns.Select(Quote))})
                SELECT {string.Join(", ", caseColumns.Select(c => c switch
                {
                    "Id" => "p.NewId",
                    "Number" => $"printf('ODR-%d-%06d', {year} - (p.Number - 1) / {CaseNumber.MaxSequence}, (p.Number - 1) % {CaseNumber.MaxSequence} + 1)",
                    "StatisticsFact" when leaveUncounted => "NULL",
                    _ => "c." + Quote(c),
                }))}
                FROM SeedCases c JOIN temp.Copies p ON p.OldId = c.Id;
                """, transaction);
            if (withWorkflows)
            {
                Execute(connection, $"""
                    INSERT INTO WorkflowInstances ({string.Join(", ", instanceColumns.Select(Quote))})
                    SELECT {string.Join(", ", instanceColumns.Select(c => c switch
                    {
                        "Id" => "p.NewInstance",
                        "CorrelationId" => "lower(p.NewId)",
                        "StateJson" => "replace(i.StateJson, lower(p.OldId), lower(p.NewId))",
                        _ => "i." + Quote(c),
                    }))}
                    FROM SeedInstances i JOIN temp.Copies p ON p.OldInstance = i.Id;
                    INSERT INTO WorkflowTimers ({string.Join(", ", timerColumns.Select(Quote))})
                    SELECT {string.Join(", ", timerColumns.Select(c => c switch
                    {
                        "Id" => $"(SELECT {NewGuid} FROM (SELECT hex(randomblob(16)) AS h, {firstMs} + p.Number AS ms WHERE t.Id IS NOT NULL))",
                        "InstanceId" => "p.NewInstance",
                        _ => "t." + Quote(c),
                    }))}
                    FROM SeedTimers t JOIN temp.Copies p ON p.OldInstance = t.InstanceId;
                    """, transaction);
            }
            next += take;
            existing += take;
            takes.Add(take);
            transaction.Commit();
        }
        if (!leaveUncounted)
        {
            ReadModelCopies.Count(connection, takes);
        }
        foreach (var (numbered, last) in YearsNumbered(year, next))
        {
            Execute(connection, $"INSERT OR REPLACE INTO CaseNumberSequences (Year, LastValue) VALUES ({numbered}, {last});");
        }
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        connection.Close();
        SqliteConnection.ClearAllPools();
        Settle();
        return clock.Elapsed;
    }

    /// <summary>
    /// The last number of each year once <paramref name="count"/> numbers are handed out from the start of
    /// <paramref name="year"/>: a year holds at most <see cref="CaseNumber.MaxSequence"/> cases, so the copies beyond
    /// that are numbered in the years before (a million cases do not fit in one year's numbers).
    /// </summary>
    public static IEnumerable<(int Year, long LastValue)> YearsNumbered(int year, long count)
    {
        for (var back = 0; count > 0; back++, count -= CaseNumber.MaxSequence)
        {
            yield return (year - back, Math.Min(count, CaseNumber.MaxSequence));
        }
    }

    /// <summary>
    /// Writes the page cache's dirty pages out (sync) and waits, so that a measurement that follows does not pay, in its
    /// commits' fsyncs, for the hundreds of megabytes the preparation just wrote.
    /// </summary>
    public static void Settle()
    {
        using var sync = System.Diagnostics.Process.Start("sync")!;
        sync.WaitForExit();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}');";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static string Quote(string column) => $"\"{column}\"";
}
