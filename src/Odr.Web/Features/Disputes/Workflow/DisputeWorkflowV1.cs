using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Workflows.Definitions;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Disputes.Workflow;

/// <summary>What the dispute workflow remembers: which case, which stage it last heard of, and its clock.</summary>
public sealed class DisputeWorkflowState
{
    public Guid CaseId { get; set; }

    public DisputeStage Stage { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    /// <summary>How long before a deadline the reminder goes (none when the stage is shorter than twice this).</summary>
    public TimeSpan ReminderLead { get; set; }

    /// <summary>The case version of the last stage change applied; older signals are stale and change nothing.</summary>
    public int CaseVersion { get; set; }

    /// <summary>Until when the case's award or dismissal may be appealed (version 2 on); none once appealed or final.</summary>
    public DateTimeOffset? AppealableUntil { get; set; }
}

// Signals: the aggregate's own events, fed back to the workflow through its inbox.

/// <summary>
/// The case entered <paramref name="Stage"/> (or re-entered it with a new deadline); <paramref name="AppealableUntil"/>
/// while its award or dismissal may still be appealed (version 1 ignores it).
/// </summary>
public sealed record CaseStageChanged(Guid CaseId, DisputeStage Stage, DateTimeOffset? Deadline, int CaseVersion,
    DateTimeOffset? AppealableUntil = null);

/// <summary>The arbitrator asked a party for evidence by <paramref name="DueAt"/>.</summary>
public sealed record CaseEvidenceRequested(Guid CaseId, Guid RequestId, DateTimeOffset DueAt);

// Commands: what the workflow asks of the rest of the service. The aggregate decides whether anything follows.

public sealed record ExpireCaseDeadline(Guid CaseId, DisputeStage Stage, DateTimeOffset Deadline);

public sealed record SendDeadlineReminder(Guid CaseId, DisputeStage Stage, DateTimeOffset Deadline);

public sealed record AssignNeutral(Guid CaseId, CaseRole Role);

public sealed record LapseEvidenceRequest(Guid CaseId, Guid RequestId);

/// <summary>The appeal period of the case's award or dismissal ran out (version 2 on): with no appeal, it becomes final.</summary>
public sealed record FinaliseAward(Guid CaseId, DateTimeOffset AppealableUntil);

/// <summary>Issue the signed PDF that records the case's outcome (enqueued by the application when the outcome is committed).</summary>
public sealed record IssueCaseDocument(Guid CaseId, DocumentKind Kind);

/// <summary>
/// The dispute lifecycle's timing: one step per stage, each with its deadline and reminder; neutrals assigned on
/// entering mediation and arbitration; evidence requests with their own due dates. It never changes a case itself:
/// a timer emits a command, the aggregate accepts or ignores it, and the resulting stage change comes back as a
/// signal. Shipped: never edit it in place (the golden-hash test fails); write DisputeWorkflowV2 instead.
/// </summary>
public sealed class DisputeWorkflowV1 : WorkflowDefinition<DisputeWorkflowState>
{
    public const string WorkflowName = "dispute-resolution";

    public override string Name => WorkflowName;

    public override int Version => 1;

    public override string InitialStep => StepOf(DisputeStage.AwaitingResponse);

    public static string StepOf(DisputeStage stage) => DisputeStageRules.Name(stage);

    /// <summary>Starts a case's workflow (in the caller's transaction) from where the case stands.</summary>
    /// <summary>
    /// The case's workflow instance, for code that adds to its inbox or outbox in the transaction of a change: one
    /// started in this transaction too (<see cref="DisputeWorkflowSubscriber"/> starts it when the case is filed).
    /// </summary>
    public static async Task<Guid> InstanceIdAsync(OdrDbContext db, DisputeCase dispute, CancellationToken ct) =>
        await WorkflowInbox.FindInstanceIdAsync(db, dispute.Id.ToString(), ct)
            ?? throw new InvalidOperationException($"Case {dispute.Number} has no workflow instance.");

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
        steps.Step(StepOf(DisputeStage.Compliance)).OnEnter(StartClock);
        steps.Step(StepOf(DisputeStage.Closed)).OnEnter(ctx => ctx.Complete("closed"));

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
                ctx.GoTo(StepOf(e.Stage));
            })
            .OnSignal<CaseEvidenceRequested>((ctx, e) => ctx.StartTimer("evidence-request", e.DueAt, e.RequestId.ToString()))
            .OnTimer("deadline", ctx => ctx.Emit(new ExpireCaseDeadline(ctx.State.CaseId, ctx.State.Stage, ctx.State.Deadline!.Value)))
            .OnTimer("reminder", ctx => ctx.Emit(new SendDeadlineReminder(ctx.State.CaseId, ctx.State.Stage, ctx.State.Deadline!.Value)))
            .OnTimer("evidence-request", ctx => ctx.Emit(new LapseEvidenceRequest(ctx.State.CaseId, Guid.Parse(ctx.TimerKey!))));
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
