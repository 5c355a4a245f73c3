using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Odr.Workflows.Scheduling;

namespace Odr.Web.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
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

    public static IServiceCollection AddOdrDatabase(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var options = configuration.GetSection("Odr:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Odr") ?? DefaultConnectionString;
        Action<IServiceProvider, DbContextOptionsBuilder> useProvider = options.Provider switch
        {
            DatabaseProvider.Sqlite => UseSqlite(services, ResolveSqlitePath(connectionString, environment.ContentRootPath)),
            DatabaseProvider.Postgres => UsePostgres(connectionString),
            _ => throw new InvalidOperationException($"Odr:Database:Provider '{options.Provider}' is not known; use 'Sqlite' or 'Postgres'."),
        };
        services.AddDbContext<OdrDbContext>((sp, db) =>
        {
            useProvider(sp, db);
            db.AddWorkflowWakeups(sp)
                // Migrations are hand-written (no EF design-time tools here); a test compares the migrated
                // schema with the model instead of a model snapshot.
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        return services;
    }

    private static Action<IServiceProvider, DbContextOptionsBuilder> UseSqlite(IServiceCollection services, string connectionString)
    {
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<SqliteWriteGateInterceptor>();
        return (sp, db) => db.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<SqliteWriteGateInterceptor>());
    }

    private static Action<IServiceProvider, DbContextOptionsBuilder> UsePostgres(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException("Odr:Database:Provider is Postgres, but ConnectionStrings:Odr is not a PostgreSQL "
                + $"connection string ({e.Message}); give one such as \"Host=127.0.0.1;Port=5432;Database=odr;Username=odr;Password=…\".", e);
        }
        return (_, db) => db.UseNpgsql(connectionString);
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
