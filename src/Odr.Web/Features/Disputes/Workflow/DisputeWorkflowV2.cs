using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Workflows.Definitions;

namespace Odr.Web.Features.Disputes.Workflow;

/// <summary>
/// Version 2 of the dispute lifecycle's timing: version 1 plus appeals. An award or dismissal opens an appeal period
/// (a timer in compliance, or in closed, which then waits for it before the workflow ends); when it runs out with no
/// appeal the case is asked to make the award final. The appeal stage asks for a fresh arbitrator and has its decision
/// deadline and reminder. Running version 1 instances are carried over by <see cref="DisputeWorkflowV1ToV2"/>.
/// Shipped: never edit it in place (the golden-hash test fails); write DisputeWorkflowV3 instead.
/// </summary>
public sealed class DisputeWorkflowV2 : WorkflowDefinition<DisputeWorkflowState>
{
    public const string AppealPeriodTimer = "appeal-period";

    public override string Name => DisputeWorkflowV1.WorkflowName;

    public override int Version => 2;

    public override string InitialStep => StepOf(DisputeStage.AwaitingResponse);

    private static string StepOf(DisputeStage stage) => DisputeWorkflowV1.StepOf(stage);

    protected override void Define(StepMap<DisputeWorkflowState> steps)
    {
        steps.Step(StepOf(DisputeStage.AwaitingResponse)).OnEnter(StartClock);
        steps.Step(StepOf(DisputeStage.Negotiation)).OnEnter(StartClock);
        steps.Step(StepOf(DisputeStage.Mediation)).OnEnter(ctx =>
        {
            StartClock(ctx);
            ctx.Emit(new AssignNeutral(ctx.State.CaseId, CaseRole.Mediator));
        });
        steps.Step(StepOf(DisputeStage.Arbitration)).OnEnter(ctx =>
        {
            StartClock(ctx);
            ctx.Emit(new AssignNeutral(ctx.State.CaseId, CaseRole.Arbitrator));
        });
        // The appeal arbitrator is an arbitrator of the case; the pool never picks the mediator or the first arbitrator.
        steps.Step(StepOf(DisputeStage.Appeal)).OnEnter(ctx =>
        {
            StartClock(ctx);
            ctx.Emit(new AssignNeutral(ctx.State.CaseId, CaseRole.Arbitrator));
        });
        steps.Step(StepOf(DisputeStage.Compliance))
            .OnEnter(ctx =>
            {
                StartClock(ctx);
                StartAppealPeriod(ctx);
            })
            .OnTimer(AppealPeriodTimer, EndAppealPeriod);
        // A dismissal (or an award whose compliance ended early) may still be appealed: the workflow ends with the period.
        steps.Step(StepOf(DisputeStage.Closed))
            .OnEnter(ctx =>
            {
                if (!StartAppealPeriod(ctx))
                {
                    ctx.Complete("closed");
                }
            })
            .OnTimer(AppealPeriodTimer, ctx =>
            {
                EndAppealPeriod(ctx);
                ctx.Complete("closed");
            });

        steps.InAnyStep()
            .OnSignal<CaseStageChanged>((ctx, e) =>
            {
                if (e.CaseVersion <= ctx.State.CaseVersion)
                {
                    return; // an older change arriving late
                }
                ctx.State.CaseVersion = e.CaseVersion;
                ctx.State.Stage = e.Stage;
                ctx.State.Deadline = e.Deadline;
                ctx.State.AppealableUntil = e.AppealableUntil;
                ctx.GoTo(StepOf(e.Stage));
            })
            .OnSignal<CaseEvidenceRequested>((ctx, e) => ctx.StartTimer("evidence-request", e.DueAt, e.RequestId.ToString()))
            .OnTimer("deadline", ctx => ctx.Emit(new ExpireCaseDeadline(ctx.State.CaseId, ctx.State.Stage, ctx.State.Deadline!.Value)))
            .OnTimer("reminder", ctx => ctx.Emit(new SendDeadlineReminder(ctx.State.CaseId, ctx.State.Stage, ctx.State.Deadline!.Value)))
            .OnTimer("evidence-request", ctx => ctx.Emit(new LapseEvidenceRequest(ctx.State.CaseId, Guid.Parse(ctx.TimerKey!))));
    }

    private static bool StartAppealPeriod(StepContext<DisputeWorkflowState> ctx)
    {
        if (ctx.State.AppealableUntil is not { } until)
        {
            return false;
        }
        ctx.StartTimer(AppealPeriodTimer, until);
        return true;
    }

    private static void EndAppealPeriod(StepContext<DisputeWorkflowState> ctx)
    {
        ctx.Emit(new FinaliseAward(ctx.State.CaseId, ctx.State.AppealableUntil!.Value));
        ctx.State.AppealableUntil = null;
    }

    private static void StartClock(StepContext<DisputeWorkflowState> ctx)
    {
        if (ctx.State.Deadline is not { } deadline)
        {
            return;
        }
        ctx.StartTimer("deadline", deadline);
        var lead = ctx.State.ReminderLead;
        if (lead > TimeSpan.Zero && deadline - ctx.Now >= lead * 2)
        {
            ctx.StartTimer("reminder", deadline - lead);
        }
    }
}
