namespace Odr.Web.Infrastructure.Startup;

/// <summary>
/// A step a starting node takes before it serves (migrating, filling in a read model, seeding): registered by the part
/// that owns it (<see cref="StartupTasks.AddStartupTask"/> in its AddX()), run by <see cref="StartupTasks.RunAsync"/>
/// in <see cref="Order"/> (then by <see cref="Name"/>) under the startup lock, one node at a time, each logged by name.
/// A task must be safe to run again: every start runs every task, and a start may stop halfway.
/// </summary>
public interface IStartupTask
{
    /// <summary>Short and dotted, owner first (<c>database.migrate</c>, <c>statistics.backfill</c>): the name in the logs.</summary>
    string Name { get; }

    /// <summary>Where it runs among the others (<see cref="StartupOrder"/>).</summary>
    int Order { get; }

    /// <summary>Runs with a scope of its own (<paramref name="services"/>: that scope's services).</summary>
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>The bands startup tasks are ordered in; a task adds to its band's number to run after another in the band.</summary>
public static class StartupOrder
{
    /// <summary>The schema: before anything reads the database.</summary>
    public const int Schema = 0;

    /// <summary>Read models and derived columns older rows lack.</summary>
    public const int Backfills = 100;

    /// <summary>What every installation needs (roles).</summary>
    public const int Essentials = 200;

    /// <summary>Demo accounts, neutrals, marketplaces and cases, when configured.</summary>
    public const int DemoData = 300;

    /// <summary>Keys the nodes share, made once by the first node to start.</summary>
    public const int SharedKeys = 900;
}
