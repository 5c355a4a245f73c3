using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Odr.Bench;

/// <summary>
/// The storage floor: how many single-row transactions SQLite commits per second on this disk, at the durability the
/// service uses (WAL journal, the same <c>synchronous</c> setting the service's connections get: the library default).
/// </summary>
public static class SqliteBaselines
{
    /// <summary>The synchronous setting a connection opened like the service's gets (0 off, 1 normal, 2 full, 3 extra).</summary>
    public static long SynchronousOf(string databasePath)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>One INSERT of one row per transaction, back to back, for <paramref name="duration"/>: commits per second.</summary>
    public static double InsertsPerSecond(string folder, TimeSpan duration)
    {
        var path = Path.Combine(folder, $"baseline-insert-{Guid.NewGuid():N}.db");
        using var connection = Open(path);
        Execute(connection, "CREATE TABLE Rows (Id TEXT PRIMARY KEY, Payload TEXT NOT NULL, CreatedAt TEXT NOT NULL);");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Rows (Id, Payload, CreatedAt) VALUES ($id, $payload, $at);";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            id.Value = Guid.NewGuid().ToString();
            payload.Value = "A complaint of about the size of a filing's main row, so the page writes are comparable.";
            at.Value = DateTime.UtcNow.ToString("O");
            insert.ExecuteNonQuery();
            transaction.Commit();
            count++;
        }
        return Finish(connection, path, count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// A due-timer claim without the workflow: one conditional UPDATE of one row (pending → fired) per transaction over a
    /// table of <paramref name="rows"/> pending rows indexed like WorkflowTimers. Rows per second.
    /// </summary>
    public static double ConditionalUpdatesPerSecond(string folder, int rows, TimeSpan duration)
    {
        var path = Path.Combine(folder, $"baseline-update-{Guid.NewGuid():N}.db");
        using var connection = Open(path);
        Execute(connection, """
            CREATE TABLE Timers (Id TEXT PRIMARY KEY, Status TEXT NOT NULL, DueAt TEXT NOT NULL, LeaseOwner TEXT NULL, LeaseUntil TEXT NULL);
            CREATE INDEX IX_Timers_Status_DueAt ON Timers (Status, DueAt);
            """);
        var ids = new List<string>(rows);
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO Timers (Id, Status, DueAt) VALUES ($id, 'Pending', $due);";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var due = insert.Parameters.Add("$due", SqliteType.Text);
            for (var i = 0; i < rows; i++)
            {
                var value = Guid.NewGuid().ToString();
                ids.Add(value);
                id.Value = value;
                due.Value = DateTime.UtcNow.AddMinutes(-1).ToString("O");
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE Timers SET Status = 'Fired', LeaseOwner = 'bench' WHERE Id = $id AND Status = 'Pending';";
        var target = update.Parameters.Add("$id", SqliteType.Text);
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration && count < ids.Count)
        {
            using var transaction = connection.BeginTransaction();
            update.Transaction = transaction;
            target.Value = ids[count];
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("The conditional update changed no row.");
            }
            transaction.Commit();
            count++;
        }
        return Finish(connection, path, count / clock.Elapsed.TotalSeconds);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Closes and deletes the scratch database, and returns the rate measured on it.</summary>
    private static double Finish(SqliteConnection connection, string path, double rate)
    {
        connection.Close();
        SqliteConnection.ClearAllPools();
        Delete(path);
        return rate;
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
