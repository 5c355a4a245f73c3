using Odr.Domain.Disputes;
using Odr.Workflows.Migrations;

namespace Odr.Web.Features.Disputes.Workflow;

/// <summary>
/// Carries running version 1 cases over to version 2 (docs/adr/011-workflow-migrations.md). Every step before an
/// outcome keeps its name, its state and its pending timers (deadline, reminder, evidence requests), unchanged: version
/// 2 treats them exactly as version 1 did, and only adds what follows an award. A case in compliance stays on version 1:
/// its settlement or award was made final when appeals did not exist, and moving it would let version 2 read a final
/// award as one still open to appeal; it has at most its compliance period left, and finishes where it began.
/// </summary>
public sealed class DisputeWorkflowV1ToV2 : WorkflowMigration<DisputeWorkflowState, DisputeWorkflowState>
{
    public override string DefinitionName => DisputeWorkflowV1.WorkflowName;

    public override int FromVersion => 1;

    public override int ToVersion => 2;

    protected override MigrationPlan<DisputeWorkflowState> Map(string step, DisputeWorkflowState state, IReadOnlyList<PendingTimer> timers)
    {
        if (step == DisputeWorkflowV1.StepOf(DisputeStage.Compliance))
        {
            return MigrationPlan.Stay<DisputeWorkflowState>("in compliance with an outcome made final under version 1 (no appeal period)");
        }
        if (step is not ("awaitingResponse" or "negotiation" or "mediation" or "arbitration"))
        {
            return MigrationPlan.Stay<DisputeWorkflowState>($"step '{step}' has no counterpart this migration knows");
        }
        if (timers.FirstOrDefault(t => t.Name.Split('/')[0] is not ("deadline" or "reminder" or "evidence-request")) is { } unknown)
        {
            return MigrationPlan.Stay<DisputeWorkflowState>($"pending timer '{unknown.Name}' is not one version 1 starts");
        }
        // No appeal period was ever opened under version 1.
        state.AppealableUntil = null;
        var plan = MigrationPlan.To(step, state);
        foreach (var timer in timers)
        {
            plan.Keep(timer);
        }
        return plan;
    }
}
