using Microsoft.AspNetCore.Identity;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Operations;
using Odr.Workflows;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Features.Disputes;

public static class DisputesFeature
{
    /// <summary>Filing and the case's lifecycle: deadlines, the case's workflow and its commands, access to a case.</summary>
    public static IServiceCollection AddDisputes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSetting<DeadlineOptions>(configuration, "Odr:Deadlines", rules => rules
            .Require(o => o.SellerResponse > TimeSpan.Zero, nameof(DeadlineOptions.SellerResponse), "must be a positive period such as 7.00:00:00", o => o.SellerResponse)
            .Require(o => o.Negotiation > TimeSpan.Zero, nameof(DeadlineOptions.Negotiation), "must be a positive period", o => o.Negotiation)
            .Require(o => o.Mediation > TimeSpan.Zero, nameof(DeadlineOptions.Mediation), "must be a positive period", o => o.Mediation)
            .Require(o => o.Arbitration > TimeSpan.Zero, nameof(DeadlineOptions.Arbitration), "must be a positive period", o => o.Arbitration)
            .Require(o => o.Compliance > TimeSpan.Zero, nameof(DeadlineOptions.Compliance), "must be a positive period", o => o.Compliance)
            .Require(o => o.Appeal > TimeSpan.Zero, nameof(DeadlineOptions.Appeal), "must be a positive period", o => o.Appeal)
            .Require(o => o.AppealDecision > TimeSpan.Zero, nameof(DeadlineOptions.AppealDecision), "must be a positive period", o => o.AppealDecision)
            .Require(o => o.Reminder >= TimeSpan.Zero, nameof(DeadlineOptions.Reminder), "must not be negative", o => o.Reminder));
        // Version 1 stays registered while instances run on it (cases in compliance when version 2 shipped).
        services.AddWorkflowDefinition<DisputeWorkflowV1>();
        services.AddWorkflowDefinition<DisputeWorkflowV2>();
        services.AddWorkflowMigration<DisputeWorkflowV1ToV2>();
        services.AddWorkflowCommandHandler<FinaliseAward, FinaliseAwardHandler>();
        services.AddWorkflowCommandHandler<ExpireCaseDeadline, ExpireCaseDeadlineHandler>();
        services.AddWorkflowCommandHandler<SendDeadlineReminder, SendDeadlineReminderHandler>();
        services.AddWorkflowCommandHandler<AssignNeutral, AssignNeutralHandler>();
        services.AddWorkflowCommandHandler<LapseEvidenceRequest, LapseEvidenceRequestHandler>();
        // Before every subscriber that adds commands to a case's outbox: a filing's workflow is started here.
        services.AddDomainEventSubscriber<DisputeWorkflowSubscriber>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthorization.Authenticated, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(ApiAuthorization.Buyer, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Buyer));
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseActions>();
        services.AddScoped<FileCaseHandler>();
        services.AddSingleton<CaseNumberTurn>();
        services.AddSingleton<PendingUploads>();
        services.AddScoped<AddEvidenceHandler>();
        services.AddScoped<DemoCases>();
        services.AddStartupTask("disputes.demoCases", StartupOrder.DemoData + 30, (scope, ct) =>
            StartupTasks.SeedsDemo(scope) && scope.GetRequiredService<IConfiguration>().GetValue("Odr:Demo:SeedCases", false)
                ? scope.GetRequiredService<DemoCases>().SeedAsync(ct) : Task.CompletedTask);
        return services;
    }
}
