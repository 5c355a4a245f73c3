namespace Odr.Web.Tests;

/// <summary>A test that needs PostgreSQL: several nodes share one database only there. The SQLite pass skips it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.OnPostgres)
        {
            Skip = $"Needs PostgreSQL: scripts/test.sh runs it in its PostgreSQL pass ({TestDatabase.PostgresVariable}).";
        }
    }
}

/// <summary>
/// A test whose subject does not depend on the database (what the pages, e-mails and documents say), run in the SQLite
/// pass only: the PostgreSQL pass would repeat it to the same result, and the test command must stay within CI's time.
/// </summary>
public sealed class SqlitePassFactAttribute : FactAttribute
{
    public SqlitePassFactAttribute()
    {
        if (TestDatabase.OnPostgres)
        {
            Skip = "Does not depend on the database: scripts/test.sh runs it in its SQLite pass.";
        }
    }
}
