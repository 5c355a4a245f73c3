using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests.Disputes;

/// <summary>The aggregate's answer to "what may this viewer do now", and that it is the answer its commands give.</summary>
public class CaseCapabilityTests
{
    private static readonly CaseAction[] AnyPartyAnyTime = [CaseAction.TakeGoverningLawPosition, CaseAction.CorrectContractFacts, CaseAction.AddEvidence];

    public static TheoryData<string, CaseRole, CaseAction[]> Expected => new()
    {
        { "filed", CaseRole.Seller, [CaseAction.Respond, .. AnyPartyAnyTime] },
        { "filed", CaseRole.Buyer, [.. AnyPartyAnyTime, CaseAction.Withdraw] },
        { "filed", CaseRole.Mediator, [] },
        { "filed", CaseRole.Regulator, [] },
        { "negotiation", CaseRole.Buyer, [CaseAction.MakeOffer, CaseAction.PlaceBlindBid, CaseAction.Escalate, .. AnyPartyAnyTime, CaseAction.Withdraw] },
        { "negotiation", CaseRole.Seller, [CaseAction.MakeOffer, CaseAction.PlaceBlindBid, CaseAction.Escalate, .. AnyPartyAnyTime] },
        { "sellerOffered", CaseRole.Buyer, [CaseAction.MakeOffer, CaseAction.AcceptOffer, CaseAction.RejectOffer, CaseAction.PlaceBlindBid,
            CaseAction.Escalate, .. AnyPartyAnyTime, CaseAction.Withdraw] },
        { "sellerOffered", CaseRole.Seller, [CaseAction.MakeOffer, CaseAction.PlaceBlindBid, CaseAction.Escalate, .. AnyPartyAnyTime] },
        { "mediation", CaseRole.Mediator, [CaseAction.ProposeTerms, CaseAction.DeclareImpasse] },
        { "mediation", CaseRole.Buyer, [CaseAction.MakeOffer, CaseAction.Escalate, .. AnyPartyAnyTime, CaseAction.Withdraw] },
        { "proposed", CaseRole.Seller, [CaseAction.MakeOffer, CaseAction.Escalate, CaseAction.AcceptProposal, .. AnyPartyAnyTime] },
        { "proposedBuyerAccepted", CaseRole.Buyer, [CaseAction.MakeOffer, CaseAction.Escalate, .. AnyPartyAnyTime, CaseAction.Withdraw] },
        { "arbitration", CaseRole.Arbitrator, [CaseAction.RequestEvidence, CaseAction.ConfirmGoverningLaw, CaseAction.IssueAward] },
        { "arbitration", CaseRole.Buyer, [.. AnyPartyAnyTime, CaseAction.Withdraw] },
        { "arbitration", CaseRole.Mediator, [] },
        { "awarded", CaseRole.Buyer, [CaseAction.AddEvidence, CaseAction.ReportCompliance, CaseAction.Appeal] },
        { "awarded", CaseRole.Seller, [CaseAction.AddEvidence, CaseAction.Appeal, CaseAction.ReportPerformance] },
        { "awarded", CaseRole.Arbitrator, [] },
        { "closed", CaseRole.Buyer, [] },
        { "closed", CaseRole.Seller, [] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void AvailableActions_AtEachStage_AreWhatTheRulesAllowThatViewer(string stage, CaseRole viewer, CaseAction[] expected)
    {
        Assert.Equal(expected.Order(), At(stage).AvailableActions(viewer).Order());
    }

    public static TheoryData<string, CaseRole> EveryStageAndViewer()
    {
        var data = new TheoryData<string, CaseRole>();
        foreach (var stage in Stages)
        {
            foreach (var viewer in Enum.GetValues<CaseRole>())
            {
                data.Add(stage, viewer);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStageAndViewer))]
    public void EveryCommand_RefusesWithTheRefusalItsGuardGives_AndPassesItsGuardWhenOpen(string stage, CaseRole viewer)
    {
        foreach (var (guard, command) in Commands)
        {
            var dispute = At(stage);
            var refusal = guard(dispute, viewer);
            var thrown = Record.Exception(() => command(dispute, viewer));
            if (refusal is not null)
            {
                var error = Assert.IsType<DomainException>(thrown);
                Assert.Equal((refusal.Kind, refusal.Message, refusal.Code), (error.Code, error.Message, error.RefusalCode));
            }
            else
            {
                Assert.Null((thrown as DomainException)?.RefusalCode);
            }
        }
    }

    [Fact]
    public void Refusal_KeepsTheMessageTheCommandAlwaysGave()
    {
        var refusal = Filed().CanRespond(CaseRole.Buyer)!;
        Assert.Equal((DomainErrorCode.NotPermitted, "roleRequired", "Only the seller can respond to the complaint."), (refusal.Kind, refusal.Code, refusal.Message));
        // The arguments the text layer writes the sentence from: the role that may, and the action as a term.
        Assert.Equal([CaseRole.Seller, new Term("respond to the complaint")], refusal.Args);
        Assert.Equal("The case is in negotiation: you cannot respond now.", InNegotiation().CanRespond(CaseRole.Seller)!.Message);
    }

    [Fact]
    public void BlindBid_AfterTheLastRound_IsNoLongerAvailable()
    {
        var dispute = InNegotiation();
        for (var round = 1; round <= BlindBid.MaxRoundsPerParty; round++)
        {
            Assert.True(dispute.May(CaseAction.PlaceBlindBid, CaseRole.Buyer));
            dispute.PlaceBlindBid(CaseRole.Buyer, Money.Of(90m, "EUR"), 0, Now, Periods);
        }
        Assert.Equal("noBlindBidRoundsLeft", dispute.CanPlaceBlindBid(CaseRole.Buyer)!.Code);
        Assert.True(dispute.May(CaseAction.PlaceBlindBid, CaseRole.Seller));
    }

    private static readonly string[] Stages = ["filed", "negotiation", "sellerOffered", "mediation", "proposed", "proposedBuyerAccepted", "arbitration", "awarded", "closed"];

    private static DisputeCase At(string stage)
    {
        switch (stage)
        {
            case "filed":
                return Filed();
            case "negotiation":
                return InNegotiation();
            case "sellerOffered":
                var offered = InNegotiation();
                offered.MakeOffer(CaseRole.Seller, Partial(30), null, Now);
                return offered;
            case "mediation":
                return InMediation();
            case "proposed":
            case "proposedBuyerAccepted":
                var proposed = InMediation();
                var proposal = proposed.ProposeTerms(CaseRole.Mediator, Partial(50), "Split it.", Now);
                if (stage == "proposedBuyerAccepted")
                {
                    proposed.AcceptProposal(CaseRole.Buyer, proposal.Id, Now, Periods);
                }
                return proposed;
            case "arbitration":
                return InArbitration();
            case "awarded":
                var awarded = InArbitration();
                awarded.IssueAward(CaseRole.Arbitrator, AwardDecision.FullRefund, null, LawCode.Parse("DE"), "Not delivered.", Now, Periods);
                return awarded;
            default:
                var closed = Filed();
                closed.Withdraw(CaseRole.Buyer, Now, Periods);
                return closed;
        }
    }

    /// <summary>Each guard with its command, called with valid arguments, so that only the guard can refuse.</summary>
    private static readonly (Func<DisputeCase, CaseRole, Refusal?> Guard, Action<DisputeCase, CaseRole> Command)[] Commands =
    [
        ((c, v) => c.CanRespond(v), (c, v) => c.Respond(v, ResponseAction.Contest, null, null, "No.", false, Now, Periods)),
        ((c, v) => c.CanMakeOffer(v), (c, v) => c.MakeOffer(v, Partial(10), null, Now)),
        ((c, v) => c.CanPlaceBlindBid(v), (c, v) => c.PlaceBlindBid(v, Money.Of(50m, "EUR"), 0, Now, Periods)),
        ((c, v) => c.CanEscalate(v), (c, v) => c.Escalate(v, null, Now, Periods)),
        ((c, v) => c.CanProposeTerms(v), (c, v) => c.ProposeTerms(v, Partial(10), null, Now)),
        ((c, v) => c.CanDeclareImpasse(v), (c, v) => c.DeclareImpasse(v, null, Now, Periods)),
        ((c, v) => c.CanRequestEvidence(v), (c, v) => c.RequestEvidence(v, CaseRole.Seller, "The tracking number.", 5, Now)),
        ((c, v) => c.CanConfirmGoverningLaw(v), (c, v) => c.ConfirmGoverningLaw(v, LawCode.Parse("DE"), Now)),
        ((c, v) => c.CanIssueAward(v), (c, v) => c.IssueAward(v, AwardDecision.Dismissed, null, LawCode.Parse("DE"), "Delivered.", Now, Periods)),
        ((c, v) => c.CanTakeGoverningLawPosition(v), (c, v) => c.TakeGoverningLawPosition(v, LawCode.Parse("DE"), null, Now)),
        ((c, v) => c.CanAddEvidence(v), (c, v) => c.AddEvidence(EvidenceId.New(), v, new UserId(Guid.NewGuid()), "a.txt", "text/plain", 1,
            new string('a', 64), "", Now)),
        ((c, v) => c.CanWithdraw(v), (c, v) => c.Withdraw(v, Now, Periods)),
        ((c, v) => c.CanReportCompliance(v), (c, v) => c.ReportCompliance(v, true, null, Now, Periods)),
        ((c, v) => c.CanPostIn(ChatChannel.Joint, v), (c, v) => c.RecordMessagePosted(Guid.NewGuid(), ChatChannel.Joint, v, "hash", Now)),
        ((c, v) => c.CanPostIn(ChatChannel.CaucusSeller, v), (c, v) => c.RecordMessagePosted(Guid.NewGuid(), ChatChannel.CaucusSeller, v, "hash", Now)),
    ];
}
