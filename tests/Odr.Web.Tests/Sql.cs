using System.Data.Common;

namespace Odr.Web.Tests;

/// <summary>
/// Plain SQL against a service's database from behind its back (what a node holds, what was sent), on SQLite or
/// PostgreSQL alike: parameters are named <c>@name</c>, tables and columns quoted as EF maps them.
/// </summary>
public static class Sql
{
    public static async Task<DbConnection> OpenAsync(TestDatabase database)
    {
        var connection = database.NewConnection();
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<long> CountAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await Command(connection, sql, parameters).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<T?> ScalarAsync<T>(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        await Command(connection, sql, parameters).ExecuteScalarAsync() is T value ? value : default;

    /// <summary>The first column of every row.</summary>
    public static async Task<List<T>> ColumnAsync<T>(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var reader = await Command(connection, sql, parameters).ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }
        return values;
    }

    /// <summary>Workflow commands (notices, documents) not yet done: pending, whether waiting to be tried or to be retried.</summary>
    /// <summary>
    /// Commands still to run now: not those scheduled for later from the start (a chat digest waits its quiet period,
    /// never tried, due after its creation), which are not work left over.
    /// </summary>
    public static Task<long> PendingCommandsAsync(DbConnection connection) =>
        CountAsync(connection, """SELECT count(*) FROM "WorkflowCommands" WHERE "Status" = 'Pending' AND NOT ("Attempts" = 0 AND "NextAttemptAt" > "CreatedAt")""");

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
