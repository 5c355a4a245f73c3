using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Odr.Workflows.Scheduling;

using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Operations;

namespace Odr.Web.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>How long a starting node waits for an unreachable database (one still starting, say) before it gives up.</summary>
    public TimeSpan StartupPatience { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Where the service keeps files: the SQLite database (by default), evidence, mail files and keys.</summary>
public sealed class StorageOptions
{
    /// <summary>Relative paths are taken from the content root. Default <c>App_Data</c>.</summary>
    public string DataDirectory { get; set; } = "App_Data";
}

public static class DatabaseSetup
{
    public const string DefaultConnectionString = "Data Source=App_Data/odr.db";

    public static IServiceCollection AddOdrDatabase(this IServiceCollection services, IConfiguration configuration, DatabaseOptions options,
        IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("Odr") ?? DefaultConnectionString;
        services.AddSingleton<AccountChangeInterceptor>();
        services.AddSingleton<CommittedEventsInterceptor>();
        // The case history's subscriber first: the others may read the entries it appends (the stage times do).
        services.AddDomainEventSubscriber<CaseHistorySubscriber>();
        services.AddDomainEventSubscriber<CommittedEventMetrics>();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                AddContext<SqliteOdrDbContext>(services, UseSqlite(services, ResolveSqlitePath(connectionString, environment.ContentRootPath)));
                break;
            case DatabaseProvider.Postgres:
                AddContext<PostgresOdrDbContext>(services, UsePostgres(connectionString));
                break;
            default:
                throw new InvalidOperationException($"Odr:Database:Provider '{options.Provider}' is not known; use 'Sqlite' or 'Postgres'.");
        }
        return services;
    }

    /// <summary>The provider's context type serves as <see cref="OdrDbContext"/>: it brings that provider's migrations.</summary>
    private static void AddContext<TContext>(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> useProvider)
        where TContext : OdrDbContext =>
        services.AddDbContext<OdrDbContext, TContext>((sp, db) =>
        {
            useProvider(sp, db);
            db.AddInterceptors(sp.GetRequiredService<AccountChangeInterceptor>(), sp.GetRequiredService<CommittedEventsInterceptor>());
            db.AddWorkflowWakeups(sp);
        });

    /// <summary><c>Odr:Database</c>, read once at start (the provider decides what is registered).</summary>
    public static DatabaseOptions OptionsOf(IConfiguration configuration) =>
        configuration.GetSection("Odr:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();

    private static Action<IServiceProvider, DbContextOptionsBuilder> UseSqlite(IServiceCollection services, string connectionString)
    {
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<SqliteWriteGateInterceptor>();
        return (sp, db) => db.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<SqliteWriteGateInterceptor>());
    }

    private static Action<IServiceProvider, DbContextOptionsBuilder> UsePostgres(string connectionString)
    {
        string withPreparation;
        try
        {
            withPreparation = PostgresConnectionString(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException("Odr:Database:Provider is Postgres, but ConnectionStrings:Odr is not a PostgreSQL "
                + $"connection string ({e.Message}); give one such as \"Host=127.0.0.1;Port=5432;Database=odr;Username=odr;Password=…\".", e);
        }
        return (_, db) => db.UseNpgsql(withPreparation);
    }

    /// <summary>
    /// The service's PostgreSQL connection string: as configured, with two settings for speed unless it sets them itself.
    /// <list type="bullet">
    /// <item>Automatic preparation. The same few hundred statements run all day; prepared on a connection once they
    /// recur, PostgreSQL no longer parses and plans them, nor Npgsql reads their row descriptions, at each run (the chat's
    /// profile on PostgreSQL: p50 7.0 s without, 2.8 s with, in one run each; bench/analysis.md).</item>
    /// <item>No reset when a connection goes back to the pool. Npgsql otherwise sends, before the next statement on it,
    /// the commands that undo a session's state (<c>DISCARD ALL</c>, or, once statements are prepared on it, the same
    /// commands but the one that drops them), and EF Core gives the connection back after most single reads: a chat
    /// post paid for it five or six times. The service leaves no state in a pooled session (its one advisory lock, at
    /// start, is taken on a connection of its own, outside the pool); nothing enforces that, so code that sets any
    /// must undo it itself.</item>
    /// </list>
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        // By the text: the builder reports every keyword it knows as present, set or not.
        var setting = configured.Replace(" ", "", StringComparison.Ordinal);
        if (!setting.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 256;
        }
        if (!setting.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>Makes a relative SQLite path relative to the content root, and creates its folder.</summary>
    public static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not (":memory:" or "") && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        // Writers wait for each other instead of failing at once.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>
    /// Waits, with a warning each time, while the database cannot be reached for a reason that may pass (it is starting,
    /// or the network is); fails with a message naming the database when it does not come within the patience, or
    /// at once when the reason will not pass (a wrong password, a missing database).
    /// </summary>
    public static async Task WaitUntilReachableAsync(OdrDbContext db, TimeSpan patience, ILogger logger, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var where = $"{connection.DataSource} (database \"{connection.Database}\")";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Connects to the server; a database not yet there is no failure (the migrations create it).
                await db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().ExistsAsync(ct);
                if (attempt > 1)
                {
                    logger.LogInformation("The database at {Where} is reachable after {Seconds:0} s", where, waited.Elapsed.TotalSeconds);
                }
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!MayPass(e))
                {
                    throw new InvalidOperationException($"Cannot open the database at {where}: {e.Message} "
                        + "Check ConnectionStrings:Odr and Odr:Database:Provider.", e);
                }
                if (waited.Elapsed + wait > patience)
                {
                    throw new InvalidOperationException($"The database at {where} was not reachable for {waited.Elapsed.TotalSeconds:0} s "
                        + $"({e.Message}). Check that it is running and that ConnectionStrings:Odr points to it; "
                        + "Odr:Database:StartupPatience sets how long to wait.", e);
                }
                logger.LogWarning("The database at {Where} is not reachable ({Reason}); trying again in {Wait} s (attempt {Attempt})",
                    where, e.Message, wait.TotalSeconds, attempt);
                await Task.Delay(wait, ct);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private static bool MayPass(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Lets one starting node at a time migrate, seed and create the keys all nodes share: a PostgreSQL advisory lock,
    /// held while the returned object lives. It is taken in the server's maintenance database, since the service's own
    /// may not exist yet (the migrations create it), on a key made from the service database's name. SQLite serves one
    /// node, so it takes no lock.
    /// </summary>
    public static async Task<IAsyncDisposable> TakeStartupLockAsync(OdrDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return NothingHeld.Instance;
        }
        var service = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var maintenance = new Npgsql.NpgsqlConnectionStringBuilder(service.ConnectionString) { Database = "postgres", Pooling = false };
        var connection = new Npgsql.NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtext('odr-start:' || @database))", connection);
        command.Parameters.AddWithValue("database", service.Database ?? "");
        // No command timeout: the wait is for another node's migration and seeding, which may take longer than 30 s on
        // a loaded machine (a node started beside it crashed); stopping the start cancels the wait.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
        return connection; // closing the session releases the lock
    }

    private sealed class NothingHeld : IAsyncDisposable
    {
        public static readonly NothingHeld Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Applies the migrations and the SQLite settings the service relies on.</summary>
    public static async Task MigrateAsync(OdrDbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the writer; it is a property of the file, so set it once at start.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(ct);
    }

    public static string ResolveDataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Odr:Storage").Get<StorageOptions>() ?? new StorageOptions();
        var path = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return path;
    }
}
