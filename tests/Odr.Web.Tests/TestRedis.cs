namespace Odr.Web.Tests;

/// <summary>
/// The throwaway redis-server scripts/test.sh starts beside its PostgreSQL cluster for the PostgreSQL pass
/// (<c>ODR_TEST_REDIS</c> holds its address, a StackExchange.Redis connection string).
/// </summary>
public static class TestRedis
{
    public const string Variable = "ODR_TEST_REDIS";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}

/// <summary>A test that needs Redis; without it (the SQLite pass) it is skipped, saying why.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (TestRedis.Server is null)
        {
            Skip = $"Needs Redis: scripts/test.sh starts a throwaway redis-server for its PostgreSQL pass ({TestRedis.Variable}).";
        }
    }
}

/// <summary>A test of several nodes with chat between them: PostgreSQL for the shared data, Redis for SignalR and the chat limit.</summary>
public sealed class SeveralNodesFactAttribute : FactAttribute
{
    public SeveralNodesFactAttribute()
    {
        if (!TestDatabase.OnPostgres || TestRedis.Server is null)
        {
            Skip = $"Needs PostgreSQL and Redis: scripts/test.sh runs it in its PostgreSQL pass ({TestDatabase.PostgresVariable}, {TestRedis.Variable}).";
        }
    }
}
