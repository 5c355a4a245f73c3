using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

/// <summary>
/// The schema the migrations build (the ones written by hand, then those `dotnet ef` generates) must equal the one EF
/// derives from the model, table by table, column by column, on the database the run uses. MigrationSnapshotTests
/// checks the other half: that the model snapshot the tools diff against is the model.
/// </summary>
public class MigrationSchemaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("odr-schema-").FullName;
    private readonly List<TestDatabase> _databases = [];

    [Fact]
    public async Task Migrate_BuildsExactlyTheSchemaOfTheModel()
    {
        var migrated = NewDatabase("migrated");
        var created = NewDatabase("created");
        await using (var db = TestContexts.Open(migrated))
        {
            await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        }
        await using (var db = TestContexts.Open(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = Describe(created);
        var actual = Describe(migrated);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (table, shape) in expected)
        {
            Assert.Equal(shape, actual[table]);
        }
    }

    [Fact]
    public async Task Migrate_IsIdempotentAndUsesWalOnSqlite()
    {
        var database = NewDatabase("twice");
        await using (var db = TestContexts.Open(database))
        {
            await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
            await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        if (database.IsSqlite)
        {
            using var connection = new SqliteConnection(database.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string)command.ExecuteScalar()!);
        }
    }

    private TestDatabase NewDatabase(string name)
    {
        var database = TestDatabase.Create(Directory.CreateDirectory(Path.Combine(_directory, name)).FullName);
        _databases.Add(database);
        return database;
    }


    private static Dictionary<string, string> Describe(TestDatabase database) =>
        database.IsSqlite ? DescribeSqlite(database.ConnectionString) : DescribePostgres(database.ConnectionString);

    /// <summary>Each table's columns, indexes (with their filters) and foreign keys, as SQLite reports them.</summary>
    private static Dictionary<string, string> DescribeSqlite(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        connection.Open();
        var tables = Query(connection, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '__EF'")
            .Select(r => r[0]).ToList();
        return tables.ToDictionary(t => t, t =>
        {
            // By name, not position: columns a later migration adds come last, which means nothing.
            var columns = Query(connection, $"PRAGMA table_info('{t}')").Select(r => string.Join("|", r.Skip(1))).Order(StringComparer.Ordinal);
            var indexes = Query(connection, $"PRAGMA index_list('{t}')").Where(r => r[3] != "pk")
                .Select(r => $"{r[1]}|unique={r[2]}|partial={r[4]}|" + string.Join(",", Query(connection, $"PRAGMA index_info('{r[1]}')").Select(c => c[2]))
                    + "|" + Query(connection, $"SELECT sql FROM sqlite_master WHERE type='index' AND name='{r[1]}'").Select(x => Where(x[0])).FirstOrDefault())
                .Order(StringComparer.Ordinal);
            var keys = Query(connection, $"PRAGMA foreign_key_list('{t}')").Select(r => string.Join("|", r.Skip(2).Take(5)))
                .Order(StringComparer.Ordinal);
            return string.Join("\n", columns.Concat(indexes).Concat(keys));
        });
    }

    /// <summary>Each table's columns (type, length, precision, nullability, default, identity), indexes and constraints, as PostgreSQL reports them.</summary>
    private static Dictionary<string, string> DescribePostgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var columns = Query(connection, """
            SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default, is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            """);
        var indexes = Query(connection, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'");
        var constraints = Query(connection, """
            SELECT cl.relname, co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
            WHERE co.connamespace = 'public'::regnamespace AND cl.relname NOT LIKE '\_\_EF%'
            """);
        return columns.Concat(indexes).Concat(constraints).GroupBy(r => r[0])
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(r => string.Join("|", r.Skip(1))).Order(StringComparer.Ordinal)));
    }

    /// <summary>The WHERE clause of a partial index's SQL, or nothing.</summary>
    private static string Where(string sql) => sql.Contains(" WHERE ", StringComparison.Ordinal) ? sql[sql.IndexOf(" WHERE ", StringComparison.Ordinal)..] : "";

    private static List<string[]> Query(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        }
        return rows;
    }

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
