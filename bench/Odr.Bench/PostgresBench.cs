using System.Diagnostics;
using Npgsql;
using Odr.Domain.Disputes;

namespace Odr.Bench;

/// <summary>
/// The PostgreSQL side of the harness: the raw baselines (one-row commits on the same cluster, at its durability:
/// fsync and synchronous_commit as initdb leaves them) and the case copier, the same copy as <see cref="CaseCloner"/>
/// in PostgreSQL's SQL.
/// </summary>
public static class PostgresBench
{
    /// <summary>One INSERT of one row per transaction, back to back: commits per second.</summary>
    public static double InsertsPerSecond(TimeSpan duration) => Scratch(connection =>
    {
        Execute(connection, "CREATE TABLE rows (id uuid PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL)");
        using var insert = new NpgsqlCommand("INSERT INTO rows (id, payload, created_at) VALUES ($1, $2, $3)", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = Guid.Empty });
        insert.Parameters.Add(new NpgsqlParameter { Value = "A complaint of about the size of a filing's main row, so the page writes are comparable." });
        insert.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow });
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration)
        {
            insert.Parameters[0].Value = Guid.NewGuid();
            insert.Parameters[2].Value = DateTime.UtcNow;
            insert.ExecuteNonQuery(); // autocommit: one transaction each
            count++;
        }
        return count / clock.Elapsed.TotalSeconds;
    });

    /// <summary>A due-timer claim without the workflow: one conditional UPDATE of one row per transaction over <paramref name="rows"/> pending rows.</summary>
    public static double ConditionalUpdatesPerSecond(int rows, TimeSpan duration) => Scratch(connection =>
    {
        Execute(connection, $"""
            CREATE TABLE timers (id uuid PRIMARY KEY, status text NOT NULL, due_at timestamptz NOT NULL, lease_owner text NULL);
            INSERT INTO timers SELECT gen_random_uuid(), 'Pending', now() - interval '1 minute', NULL FROM generate_series(1, {rows});
            CREATE INDEX ON timers (status, due_at);
            """);
        var ids = new List<Guid>(rows);
        using (var read = new NpgsqlCommand("SELECT id FROM timers", connection))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetGuid(0));
            }
        }
        using var update = new NpgsqlCommand("UPDATE timers SET status = 'Fired', lease_owner = 'bench' WHERE id = $1 AND status = 'Pending'", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = Guid.Empty });
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration && count < ids.Count)
        {
            update.Parameters[0].Value = ids[count];
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("The conditional update changed no row.");
            }
            count++;
        }
        return count / clock.Elapsed.TotalSeconds;
    });

    /// <summary>
    /// Copies the cases (<paramref name="withWorkflows"/>: with their workflow instances and pending timers) until the
    /// database holds <paramref name="total"/>. The copies are left uncounted in the statistics' read model (no counted
    /// fact), as cases from before it: the service's startup backfill counts them, so the read model is true on PostgreSQL
    /// without copying its cells here.
    /// </summary>
    public static TimeSpan CloneUntil(string dataDirectory, int total, bool withWorkflows = true)
    {
        var clock = Stopwatch.StartNew();
        using var connection = (NpgsqlConnection)BenchDatabase.Open(dataDirectory);
        var caseColumns = Columns(connection, "Cases");
        var instanceColumns = Columns(connection, "WorkflowInstances");
        var timerColumns = Columns(connection, "WorkflowTimers");
        var seeds = Scalar(connection, "SELECT count(*) FROM \"Cases\"");
        var existing = seeds;
        var year = DateTime.UtcNow.Year;
        var next = Scalar(connection, $"SELECT coalesce(max(\"LastValue\"), 0) FROM \"CaseNumberSequences\" WHERE \"Year\" = {year}");
        // The copies' id times: one millisecond apart by copy number, all before the seeds' own (as CaseCloner's).
        var firstMs = DateTimeOffset.UtcNow.AddYears(-1).ToUnixTimeMilliseconds();
        Execute(connection, """
            CREATE TEMP TABLE seeds AS SELECT "Id", row_number() OVER (ORDER BY "Id") AS n FROM "Cases";
            CREATE TEMP TABLE seed_cases AS SELECT * FROM "Cases";
            CREATE TEMP TABLE seed_instances AS SELECT * FROM "WorkflowInstances";
            CREATE TEMP TABLE seed_timers AS SELECT * FROM "WorkflowTimers" WHERE "Status" = 'Pending';
            """);
        // The copies' workflow instances and pending timers, after their cases (the temporary table copies maps the ids).
        var workflowCopy = withWorkflows ? $"""
                INSERT INTO "WorkflowInstances" ({string.Join(", ", instanceColumns.Select(Quote))})
                SELECT {string.Join(", ", instanceColumns.Select(c => c switch
                {
                    "Id" => "p.new_instance",
                    "CorrelationId" => "p.new_id::text",
                    "StateJson" => "replace(i.\"StateJson\", p.old_id::text, p.new_id::text)",
                    _ => "i." + Quote(c),
                }))}
                FROM seed_instances i JOIN copies p ON p.old_instance = i."Id";
                INSERT INTO "WorkflowTimers" ({string.Join(", ", timerColumns.Select(Quote))})
                SELECT {string.Join(", ", timerColumns.Select(c => c switch
                {
                    "Id" => VersionSevenUuid($"{firstMs} + p.number"),
                    "InstanceId" => "p.new_instance",
                    _ => "t." + Quote(c),
                }))}
                FROM seed_timers t JOIN copies p ON p.old_instance = t."InstanceId";
                """ : "";
        while (existing < total)
        {
            var take = Math.Min(seeds, total - existing);
            using var transaction = connection.BeginTransaction();
            Execute(connection, $"""
                DROP TABLE IF EXISTS copies;
                CREATE TEMP TABLE copies AS
                SELECT s."Id" AS old_id, s.n + {next} AS number, i."Id" AS old_instance,
                       {VersionSevenUuid($"{firstMs} + s.n + {next}")} AS new_id, {VersionSevenUuid($"{firstMs} + s.n + {next}")} AS new_instance
                FROM seeds s LEFT JOIN seed_instances i ON i."CorrelationId" = lower(s."Id"::text)
                WHERE s.n <= {take};
                INSERT INTO "Cases" ({string.Join(", ", caseColumns.Select(Quote))})
                SELECT {string.Join(", ", caseColumns.Select(c => c switch
                {
                    "Id" => "p.new_id",
                    "Number" => $"'ODR-' || ({year} - (p.number - 1) / {CaseNumber.MaxSequence}) || '-' || lpad(((p.number - 1) % {CaseNumber.MaxSequence} + 1)::text, 6, '0')",
                    "StatisticsFact" => "NULL",
                    _ => "c." + Quote(c),
                }))}
                FROM seed_cases c JOIN copies p ON p.old_id = c."Id";
                {workflowCopy}
                """);
            next += take;
            existing += take;
            transaction.Commit();
        }
        foreach (var (numbered, last) in CaseCloner.YearsNumbered(year, next))
        {
            Execute(connection, $"""
                INSERT INTO "CaseNumberSequences" ("Year", "LastValue") VALUES ({numbered}, {last})
                ON CONFLICT ("Year") DO UPDATE SET "LastValue" = excluded."LastValue";
                """);
        }
        Execute(connection, "VACUUM ANALYZE"); // alone: VACUUM runs outside any transaction
        return clock.Elapsed;
    }

    private static double Scratch(Func<NpgsqlConnection, double> measure)
    {
        var name = $"odr_baseline_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(BenchDatabase.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString;
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            Execute(connection, $"CREATE DATABASE \"{name}\"");
        }
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
            connection.Open();
            return measure(connection);
        }
        finally
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            Execute(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    private static List<string> Columns(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static string Quote(string column) => $"\"{column}\"";

    /// <summary>
    /// A version-7 uuid, as the service makes its ids, whose time is <paramref name="milliseconds"/> (an SQL expression)
    /// and the rest random: the copies' ids sort in the order they were made (see CaseCloner's NewGuid for why).
    /// </summary>
    private static string VersionSevenUuid(string milliseconds) =>
        $"(lpad(to_hex({milliseconds}), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || substr('89ab', 1 + floor(random() * 4)::int, 1) " +
        "|| substr(md5(random()::text), 1, 15))::uuid";
}
