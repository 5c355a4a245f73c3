using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Odr.Testing;

/// <summary>
/// The database a test's service (or workflow node) runs on: a SQLite file in the test's folder, or, when the test
/// command runs the suite against PostgreSQL (<c>ODR_TEST_POSTGRES</c> holds the throwaway cluster's connection string),
/// a database of its own in that cluster, dropped afterwards. Shared by the test projects (linked, not copied).
/// </summary>
public sealed class TestDatabase : IDisposable
{
    /// <summary>The environment variable scripts/test.sh sets for the PostgreSQL run.</summary>
    public const string PostgresVariable = "ODR_TEST_POSTGRES";

    private TestDatabase(string provider, string connectionString, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresName = postgresName;
    }

    private readonly string? _postgresName;

    /// <summary>The cluster's connection string when this run is on PostgreSQL; otherwise none.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool OnPostgres => PostgresServer is not null;

    public bool IsSqlite => _postgresName is null;

    /// <summary><c>Sqlite</c> or <c>Postgres</c>, as <c>Odr:Database:Provider</c> takes it.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// A new, empty database for one service (SQLite: <c>odr.db</c> in <paramref name="dataDirectory"/>); SQLite in
    /// every run when <paramref name="sqliteOnly"/> (tests of SQLite's own machinery).
    /// </summary>
    public static TestDatabase Create(string dataDirectory, bool sqliteOnly = false)
    {
        if (sqliteOnly || PostgresServer is not { } server)
        {
            return new TestDatabase("Sqlite", $"Data Source={Path.Combine(dataDirectory, "odr.db")};Default Timeout=30", null);
        }
        // The service's migrations create the database; the name only has to be new.
        var name = $"odr_test_{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("Postgres", builder.ConnectionString, name);
    }

    /// <summary>
    /// A GUID as a raw SQL parameter matching the stored key: EF keeps GUIDs in SQLite as upper-case text (a bare Guid
    /// parameter would be bound as a blob), and in PostgreSQL as uuid.
    /// </summary>
    public object Key(Guid id) => _postgresName is null ? id.ToString().ToUpperInvariant() : id;

    /// <summary>Points a DbContext at this database.</summary>
    public DbContextOptionsBuilder Use(DbContextOptionsBuilder options) =>
        _postgresName is null ? options.UseSqlite(ConnectionString) : options.UseNpgsql(ConnectionString);

    /// <summary>A connection of its own (e.g. another writer behind a test's back), not yet open.</summary>
    public DbConnection NewConnection() =>
        _postgresName is null ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    /// <summary>The settings that point a service at this database, as configuration keys.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Odr:Database:Provider", Provider),
        new("ConnectionStrings:Odr", ConnectionString),
    ];

    public void Dispose()
    {
        if (_postgresName is null)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
