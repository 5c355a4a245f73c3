using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Odr.Workflows.Definitions;
using Odr.Workflows.Runtime;
using Odr.Workflows.Scheduling;

namespace Odr.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The runtime over <typeparamref name="TContext"/> (whose model must call <c>ApplyWorkflowModel()</c> and whose
    /// options should call <see cref="WorkflowInterceptors.AddWorkflowWakeups"/>): registry, runtime, processor, pollers, start-up check.
    /// </summary>
    public static IServiceCollection AddWorkflows<TContext>(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
        where TContext : DbContext
    {
        var options = services.AddOptions<WorkflowOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkflowRegistry>();
        services.TryAddSingleton<WorkflowWakeup>();
        services.TryAddSingleton<WorkflowWakeupInterceptor>();
        services.TryAddSingleton<WorkflowTransactionInterceptor>();
        services.TryAddScoped<IWorkflowRuntime, WorkflowRuntime<TContext>>();
        services.TryAddSingleton<WorkflowProcessor<TContext>>();
        // Declared migrations run first, then the check: the pollers never touch instances this build cannot serve.
        services.TryAddSingleton<Migrations.WorkflowMigrator<TContext>>();
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => sp.GetRequiredService<Migrations.WorkflowMigrator<TContext>>());
        services.AddHostedService<WorkflowStartupCheck<TContext>>();
        services.AddSingleton<TimerPoller<TContext>>();
        services.AddSingleton<SignalProcessor<TContext>>();
        services.AddSingleton<CommandDispatcher<TContext>>();
        // Plain singletons: AddHostedService with a factory keeps only one registration per implementation type.
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new OptionalPoller(sp.GetRequiredService<TimerPoller<TContext>>(), sp));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new OptionalPoller(sp.GetRequiredService<SignalProcessor<TContext>>(), sp));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new OptionalPoller(sp.GetRequiredService<CommandDispatcher<TContext>>(), sp));
        return services;
    }

    public static IServiceCollection AddWorkflowDefinition<TDefinition>(this IServiceCollection services)
        where TDefinition : class, IWorkflowDefinition, new()
    {
        services.AddSingleton<IWorkflowDefinition>(new TDefinition());
        return services;
    }

    /// <summary>Declares a migration of running instances from one definition version to the next (run at start-up).</summary>
    public static IServiceCollection AddWorkflowMigration<TMigration>(this IServiceCollection services)
        where TMigration : class, Migrations.IWorkflowMigration, new()
    {
        services.AddSingleton<Migrations.IWorkflowMigration>(new TMigration());
        return services;
    }

    public static IServiceCollection AddWorkflowCommandHandler<TCommand, THandler>(this IServiceCollection services)
        where TCommand : class where THandler : class, ICommandHandler<TCommand>
    {
        services.AddScoped<ICommandHandler<TCommand>, THandler>();
        services.AddSingleton(new CommandRegistration(typeof(TCommand)));
        return services;
    }

    public static IServiceCollection AddWorkflowDeadLetterHandler<TCommand, THandler>(this IServiceCollection services)
        where TCommand : class where THandler : class, ICommandDeadLetterHandler<TCommand>
    {
        services.AddScoped<ICommandDeadLetterHandler<TCommand>, THandler>();
        return services;
    }

    /// <summary>Starts a poller only when <see cref="WorkflowOptions.RunPollers"/> is on.</summary>
    private sealed class OptionalPoller(Microsoft.Extensions.Hosting.BackgroundService poller, IServiceProvider services)
        : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowOptions>>().Value.RunPollers
                ? poller.StartAsync(cancellationToken)
                : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => poller.StopAsync(cancellationToken);
    }
}
