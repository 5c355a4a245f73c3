using Microsoft.EntityFrameworkCore;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

/// <summary>Contexts made outside the service, each of its database's provider type (which brings that provider's migrations).</summary>
internal static class TestContexts
{
    public static OdrDbContext Open(TestDatabase database)
    {
        if (database.IsSqlite)
        {
            var sqlite = new DbContextOptionsBuilder<SqliteOdrDbContext>();
            database.Use(sqlite);
            return new SqliteOdrDbContext(sqlite.Options);
        }
        var postgres = new DbContextOptionsBuilder<PostgresOdrDbContext>();
        database.Use(postgres);
        return new PostgresOdrDbContext(postgres.Options);
    }
}
