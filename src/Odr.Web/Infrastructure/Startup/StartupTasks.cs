using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Infrastructure.Startup;

public static class StartupTasks
{
    /// <summary>Registers a startup step by name (see <see cref="IStartupTask"/>).</summary>
    public static IServiceCollection AddStartupTask(this IServiceCollection services, string name, int order,
        Func<IServiceProvider, CancellationToken, Task> run) =>
        services.AddSingleton<IStartupTask>(new DelegateStartupTask(name, order, run));

    /// <summary>Registers a startup step written as a class.</summary>
    public static IServiceCollection AddStartupTask<TTask>(this IServiceCollection services) where TTask : class, IStartupTask =>
        services.AddSingleton<IStartupTask, TTask>();

    /// <summary>Whether this installation seeds the demo accounts and data (<c>Odr:Demo:Seed</c>; on by default in Development).</summary>
    public static bool SeedsDemo(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetValue("Odr:Demo:Seed", services.GetRequiredService<IHostEnvironment>().IsDevelopment());

    /// <summary>
    /// The steps every node takes itself, whatever its features: the schema (<c>database.migrate</c>) first, and last
    /// the keys the nodes share (<c>keys.shared</c>): the data-protection key ring (cookies, tokens) and the documents'
    /// signing certificate. Made lazily, two nodes starting together would make two.
    /// </summary>
    public static IServiceCollection AddStartupTasks(this IServiceCollection services)
    {
        services.AddStartupTask("database.migrate", StartupOrder.Schema,
            (scope, ct) => DatabaseSetup.MigrateAsync(scope.GetRequiredService<OdrDbContext>(), ct));
        services.AddStartupTask("keys.shared", StartupOrder.SharedKeys, (scope, _) =>
        {
            scope.GetRequiredService<IDataProtectionProvider>().CreateProtector("Odr.Startup").Protect([1]);
            scope.GetRequiredService<System.Security.Cryptography.X509Certificates.X509Certificate2>();
            return Task.CompletedTask;
        });
        return services;
    }

    /// <summary>
    /// Waits for the database, takes the startup lock (one node at a time) and runs every registered task in order,
    /// logging each by name with how long it took. A task that fails stops the start.
    /// </summary>
    public static async Task RunAsync(IServiceProvider services, DatabaseOptions database, ILogger logger, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        await DatabaseSetup.WaitUntilReachableAsync(db, database.StartupPatience, logger, ct);
        await using (await DatabaseSetup.TakeStartupLockAsync(db, ct))
        {
            foreach (var task in services.GetServices<IStartupTask>().OrderBy(t => t.Order).ThenBy(t => t.Name, StringComparer.Ordinal))
            {
                var clock = Stopwatch.StartNew();
                await using (var taskScope = services.CreateAsyncScope())
                {
                    await task.RunAsync(taskScope.ServiceProvider, ct);
                }
                logger.LogInformation("Startup task {StartupTask} done in {Milliseconds} ms", task.Name, clock.ElapsedMilliseconds);
            }
        }
    }

    private sealed class DelegateStartupTask(string name, int order, Func<IServiceProvider, CancellationToken, Task> run) : IStartupTask
    {
        public string Name => name;

        public int Order => order;

        public Task RunAsync(IServiceProvider services, CancellationToken ct) => run(services, ct);
    }
}
