using System.Text;
using Odr.Domain.Common;

namespace Odr.Domain.Disputes;

/// <summary>What moves a case from one stage to another.</summary>
public enum DisputeTrigger
{
    SellerAccepted,
    SellerCounterOffered,
    SellerContested,
    OfferAccepted,
    BlindBidsMatched,
    ProposalAccepted,
    PartyEscalated,
    ImpasseDeclared,
    DeadlinePassed,
    Awarded,
    Dismissed,
    Withdrawn,
    ComplianceReported,
    Appealed,
    AppealLeavesAwardToCarryOut,
    AppealEndsCase,
    OutcomeExecuted,
}

/// <summary>One legal move: from a stage, on a trigger, to a stage, with the condition that picks it where two share a trigger.</summary>
public sealed record StageTransition(DisputeStage From, DisputeTrigger Trigger, DisputeStage To, string? Condition = null);

/// <summary>
/// The legal stage transitions of a dispute, as data. The aggregate asks it before every move; docs/lifecycle.md is
/// rendered from it (and a test keeps the two equal).
/// </summary>
public static class DisputeStageRules
{
    public const string BothConsented = "both parties consented to arbitration";
    public const string NotBothConsented = "no consent from both parties";

    public static IReadOnlyList<StageTransition> Transitions { get; } =
    [
        new(DisputeStage.AwaitingResponse, DisputeTrigger.SellerAccepted, DisputeStage.Compliance),
        new(DisputeStage.AwaitingResponse, DisputeTrigger.SellerCounterOffered, DisputeStage.Negotiation),
        new(DisputeStage.AwaitingResponse, DisputeTrigger.SellerContested, DisputeStage.Negotiation),
        new(DisputeStage.AwaitingResponse, DisputeTrigger.DeadlinePassed, DisputeStage.Mediation),
        new(DisputeStage.AwaitingResponse, DisputeTrigger.Withdrawn, DisputeStage.Closed),
        new(DisputeStage.Negotiation, DisputeTrigger.OfferAccepted, DisputeStage.Compliance),
        new(DisputeStage.Negotiation, DisputeTrigger.BlindBidsMatched, DisputeStage.Compliance),
        new(DisputeStage.Negotiation, DisputeTrigger.PartyEscalated, DisputeStage.Mediation),
        new(DisputeStage.Negotiation, DisputeTrigger.DeadlinePassed, DisputeStage.Mediation),
        new(DisputeStage.Negotiation, DisputeTrigger.Withdrawn, DisputeStage.Closed),
        new(DisputeStage.Mediation, DisputeTrigger.OfferAccepted, DisputeStage.Compliance),
        new(DisputeStage.Mediation, DisputeTrigger.ProposalAccepted, DisputeStage.Compliance),
        new(DisputeStage.Mediation, DisputeTrigger.PartyEscalated, DisputeStage.Arbitration, BothConsented),
        new(DisputeStage.Mediation, DisputeTrigger.PartyEscalated, DisputeStage.Closed, NotBothConsented),
        new(DisputeStage.Mediation, DisputeTrigger.ImpasseDeclared, DisputeStage.Arbitration, BothConsented),
        new(DisputeStage.Mediation, DisputeTrigger.ImpasseDeclared, DisputeStage.Closed, NotBothConsented),
        new(DisputeStage.Mediation, DisputeTrigger.DeadlinePassed, DisputeStage.Arbitration, BothConsented),
        new(DisputeStage.Mediation, DisputeTrigger.DeadlinePassed, DisputeStage.Closed, NotBothConsented),
        new(DisputeStage.Mediation, DisputeTrigger.Withdrawn, DisputeStage.Closed),
        new(DisputeStage.Arbitration, DisputeTrigger.Awarded, DisputeStage.Compliance),
        new(DisputeStage.Arbitration, DisputeTrigger.Dismissed, DisputeStage.Closed),
        new(DisputeStage.Arbitration, DisputeTrigger.DeadlinePassed, DisputeStage.Arbitration, "no award in time: another arbitrator takes over"),
        new(DisputeStage.Arbitration, DisputeTrigger.Withdrawn, DisputeStage.Closed),
        new(DisputeStage.Appeal, DisputeTrigger.AppealLeavesAwardToCarryOut, DisputeStage.Compliance),
        new(DisputeStage.Appeal, DisputeTrigger.AppealEndsCase, DisputeStage.Closed),
        new(DisputeStage.Appeal, DisputeTrigger.DeadlinePassed, DisputeStage.Appeal, "no decision in time: another arbitrator takes over"),
        new(DisputeStage.Compliance, DisputeTrigger.ComplianceReported, DisputeStage.Closed),
        new(DisputeStage.Compliance, DisputeTrigger.OutcomeExecuted, DisputeStage.Closed),
        new(DisputeStage.Compliance, DisputeTrigger.DeadlinePassed, DisputeStage.Closed),
        new(DisputeStage.Compliance, DisputeTrigger.Appealed, DisputeStage.Appeal, "within the appeal period of an award"),
        new(DisputeStage.Closed, DisputeTrigger.Appealed, DisputeStage.Appeal, "within the appeal period of an award or dismissal"),
    ];

    /// <summary>The stage <paramref name="trigger"/> leads to from <paramref name="from"/>, or a 409-style refusal.</summary>
    public static DisputeStage Target(DisputeStage from, DisputeTrigger trigger, bool bothConsented = false)
    {
        var candidates = Transitions.Where(t => t.From == from && t.Trigger == trigger).ToList();
        if (candidates.Count == 0)
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, $"A case in {Name(from)} cannot move on {Describe(trigger)}.", null, "noTransition") { Args = [from, new Term(Describe(trigger))] };
        }
        if (candidates.Count == 1)
        {
            return candidates[0].To;
        }
        return candidates.Single(t => t.Condition == (bothConsented ? BothConsented : NotBothConsented)).To;
    }

    public static bool Allows(DisputeStage from, DisputeTrigger trigger) => Transitions.Any(t => t.From == from && t.Trigger == trigger);

    /// <summary>The state diagram in Mermaid, as docs/lifecycle.md embeds it.</summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        text.Append("    [*] --> awaitingResponse : buyer files\n");
        foreach (var t in Transitions)
        {
            text.Append("    ").Append(Name(t.From)).Append(" --> ").Append(Name(t.To)).Append(" : ").Append(Describe(t.Trigger));
            if (t.Condition is not null)
            {
                text.Append(" [").Append(t.Condition).Append(']');
            }
            text.Append('\n');
        }
        text.Append("    closed --> [*]\n");
        return text.ToString();
    }

    public static string Name(DisputeStage stage) => char.ToLowerInvariant(stage.ToString()[0]) + stage.ToString()[1..];

    public static string Describe(DisputeTrigger trigger) => trigger switch
    {
        DisputeTrigger.SellerAccepted => "seller accepts the remedy",
        DisputeTrigger.SellerCounterOffered => "seller counter-offers",
        DisputeTrigger.SellerContested => "seller contests",
        DisputeTrigger.OfferAccepted => "an offer is accepted",
        DisputeTrigger.BlindBidsMatched => "blind bids within the gap",
        DisputeTrigger.ProposalAccepted => "both accept the mediator's proposal",
        DisputeTrigger.PartyEscalated => "a party escalates",
        DisputeTrigger.ImpasseDeclared => "mediator declares impasse",
        DisputeTrigger.DeadlinePassed => "deadline passes",
        DisputeTrigger.Awarded => "award issued",
        DisputeTrigger.Dismissed => "claim dismissed",
        DisputeTrigger.Withdrawn => "buyer withdraws",
        DisputeTrigger.ComplianceReported => "buyer reports compliance",
        DisputeTrigger.Appealed => "a party appeals",
        DisputeTrigger.AppealLeavesAwardToCarryOut => "appeal decided: an award stands",
        DisputeTrigger.AppealEndsCase => "appeal decided: set aside, or dismissal upheld",
        DisputeTrigger.OutcomeExecuted => "marketplace reports it executed",
        _ => trigger.ToString(),
    };
}
