using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Odr.Bench;

/// <summary>
/// Where a benchmark service keeps its data: SQLite (<c>odr.db</c> in its data folder, the default), or with
/// <c>--database postgres</c> a database of its own, named after the data folder, in the throwaway PostgreSQL cluster
/// scripts/bench.sh starts the way scripts/test.sh does (initdb in a temporary folder, a free port; its connection string
/// in <c>ODR_BENCH_POSTGRES</c>). The harness's own SQL quotes every name, so the same statements run on both.
/// </summary>
public static class BenchDatabase
{
    public const string PostgresVariable = "ODR_BENCH_POSTGRES";
    public const string RedisVariable = "ODR_BENCH_REDIS";

    /// <summary>Set once by the options: every service of this run on PostgreSQL.</summary>
    public static bool OnPostgres { get; set; }

    public static string Name => OnPostgres ? "PostgreSQL" : "SQLite";

    public static string PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"--database postgres needs a cluster: run it through scripts/bench.sh, which starts one ({PostgresVariable}).");

    public static string? Redis => Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value ? value : null;

    /// <summary>The database of the service whose data folder is <paramref name="dataDirectory"/>.</summary>
    public static string DatabaseName(string dataDirectory) =>
        "odr_bench_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..16].ToLowerInvariant();

    public static string ConnectionString(string dataDirectory, bool readOnly = false) => OnPostgres
        ? new NpgsqlConnectionStringBuilder(PostgresServer) { Database = DatabaseName(dataDirectory), Pooling = false, CommandTimeout = 0 }.ConnectionString
        : $"Data Source={Path.Combine(dataDirectory, "odr.db")}{(readOnly ? ";Mode=ReadOnly" : "")};Pooling=False";

    /// <summary>The settings that point a service at its database.</summary>
    public static Dictionary<string, string> ServiceSettings(string dataDirectory) => OnPostgres
        ? new()
        {
            ["Odr__Database__Provider"] = "Postgres",
            ["ConnectionStrings__Odr"] = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = DatabaseName(dataDirectory) }.ConnectionString,
        }
        : new() { ["ConnectionStrings__Odr"] = $"Data Source={Path.Combine(dataDirectory, "odr.db")}" };

    public static DbConnection Open(string dataDirectory, bool readOnly = false)
    {
        DbConnection connection = OnPostgres ? new NpgsqlConnection(ConnectionString(dataDirectory)) : new SqliteConnection(ConnectionString(dataDirectory, readOnly));
        connection.Open();
        return connection;
    }

    /// <summary>Copies a stopped service's database for another folder (SQLite: the files are copied with the folder).</summary>
    public static void Copy(string fromDirectory, string toDirectory)
    {
        if (!OnPostgres)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var admin = Admin();
        Execute(admin, $"CREATE DATABASE \"{DatabaseName(toDirectory)}\" TEMPLATE \"{DatabaseName(fromDirectory)}\"");
    }

    /// <summary>Drops a folder's database (SQLite: deleting the folder does).</summary>
    public static void Drop(string dataDirectory)
    {
        if (!OnPostgres)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var admin = Admin();
        Execute(admin, $"DROP DATABASE IF EXISTS \"{DatabaseName(dataDirectory)}\" WITH (FORCE)");
    }

    public static long Scalar(DbConnection connection, string sql, object? due = null)
    {
        using var command = Command(connection, sql, due);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(DbConnection connection, string sql, object? due = null)
    {
        using var command = Command(connection, sql, due);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// An instant as the service stores it, for <c>@due</c>: SQLite's text form of a UTC DateTime (whole seconds, so it
    /// compares equal), PostgreSQL's timestamptz.
    /// </summary>
    public static object Instant(DateTime utc) => OnPostgres
        ? DateTime.SpecifyKind(utc, DateTimeKind.Utc)
        : utc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, string sql, object? due)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        if (due is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@due";
            parameter.Value = due;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static NpgsqlConnection Admin()
    {
        var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        admin.Open();
        return admin;
    }
}
