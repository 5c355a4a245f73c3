namespace Odr.Workflows.Runtime;

internal static class IdempotencyKeys
{
    /// <summary>
    /// Refuses a key longer than its column, where the key is made. SQLite would keep it; PostgreSQL would refuse the
    /// whole save, far from the code that built the key.
    /// </summary>
    public static void EnsureFits(string idempotencyKey, int maxLength)
    {
        if (idempotencyKey.Length > maxLength)
        {
            throw new ArgumentException($"An idempotency key has at most {maxLength} characters: {idempotencyKey}", nameof(idempotencyKey));
        }
    }
}
