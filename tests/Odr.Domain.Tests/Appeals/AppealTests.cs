using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using static Odr.Domain.Tests.CaseFixtures;

namespace Odr.Domain.Tests.Appeals;

/// <summary>Appeals: who may appeal and when, the fresh arbitrator, the decision and where the case goes next.</summary>
public class AppealTests
{
    private static readonly UserId AppealArbitrator = new(Guid.NewGuid());
    private static readonly DateTimeOffset AwardedAt = Now.AddDays(3);

    private static DisputeCase Awarded(AwardDecision decision = AwardDecision.PartialRefund)
    {
        var dispute = InArbitration();
        dispute.IssueAward(CaseRole.Arbitrator, decision, decision == AwardDecision.PartialRefund ? Money.Of(40, "EUR") : null,
            LawCode.Parse("DE"), "Partly delivered.", AwardedAt, Periods);
        dispute.ClearDomainEvents();
        return dispute;
    }

    private static DisputeCase OnAppeal(AwardDecision decision = AwardDecision.PartialRefund)
    {
        var dispute = Awarded(decision);
        dispute.Appeal(CaseRole.Seller, AppealGrounds.ManifestError, "The tracking shows delivery.", AwardedAt.AddDays(2), Periods);
        Assert.True(dispute.AssignArbitrator(AppealArbitrator, AwardedAt.AddDays(2)));
        dispute.ClearDomainEvents();
        return dispute;
    }

    [Fact]
    public void Appeal_WithinThePeriod_StaysCompliance_AndTheArbitratorStepsAside()
    {
        var dispute = Awarded();
        Assert.Equal(AwardedAt + Periods.Appeal, dispute.AppealableUntil);
        Assert.True(dispute.May(CaseAction.Appeal, CaseRole.Buyer));
        Assert.True(dispute.May(CaseAction.Appeal, CaseRole.Seller));

        var at = AwardedAt.AddDays(13);
        dispute.Appeal(CaseRole.Buyer, AppealGrounds.Procedural, "I was not heard.", at, Periods);

        Assert.Equal(DisputeStage.Appeal, dispute.Stage);
        Assert.Equal(at + Periods.AppealDecision, dispute.Deadline);
        Assert.Null(dispute.ArbitratorId);
        Assert.Equal(Arbitrator, dispute.AwardingArbitratorId);
        Assert.Equal((CaseRole.Buyer, AppealGrounds.Procedural), (dispute.AppealedBy!.Value, dispute.AppealGrounds!.Value));
        Assert.Equal(Arbitrator, Single<AwardAppealed>(dispute).AwardingArbitratorId);
        Assert.Equal((DisputeStage.Compliance, DisputeStage.Appeal), (Single<StageChanged>(dispute).From, Single<StageChanged>(dispute).To));
        Assert.False(dispute.May(CaseAction.ReportCompliance, CaseRole.Buyer));
        Assert.Null(dispute.RoleOf(Arbitrator, null)); // the first arbitrator has no part in the appeal
    }

    [Fact]
    public void Appeal_OutOfTime_SecondAppeal_NonParty_AreRefused_AndChangeNothing()
    {
        var dispute = Awarded();
        var late = Assert.Throws<DomainException>(() =>
            dispute.Appeal(CaseRole.Seller, AppealGrounds.ManifestError, "Late.", AwardedAt + Periods.Appeal, Periods));
        Assert.Equal((DomainErrorCode.StageDoesNotAllow, "appealOutOfTime"), (late.Code, late.RefusalCode));
        foreach (var role in new[] { CaseRole.Arbitrator, CaseRole.Mediator, CaseRole.Regulator })
        {
            Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() =>
                dispute.Appeal(role, AppealGrounds.ManifestError, "Not mine.", AwardedAt, Periods)).Code);
        }
        Assert.Equal(DomainErrorCode.InvalidValue, Assert.Throws<DomainException>(() =>
            dispute.Appeal(CaseRole.Seller, AppealGrounds.ManifestError, "  ", AwardedAt, Periods)).Code);
        Assert.Equal((DisputeStage.Compliance, 0), (dispute.Stage, dispute.DomainEvents.Count));

        dispute.Appeal(CaseRole.Seller, AppealGrounds.NewEvidence, "A receipt.", AwardedAt.AddDays(1), Periods);
        var second = Assert.Throws<DomainException>(() =>
            dispute.Appeal(CaseRole.Buyer, AppealGrounds.Procedural, "Me too.", AwardedAt.AddDays(1), Periods));
        Assert.Equal((DomainErrorCode.Conflict, "alreadyAppealed"), (second.Code, second.RefusalCode));
    }

    [Fact]
    public void Appeal_NotBeforeAnAward_NorOnASettlement()
    {
        Assert.Equal("nothingToAppeal", InArbitration().CanAppeal(CaseRole.Buyer)!.Code);
        var settled = InNegotiation();
        settled.MakeOffer(CaseRole.Seller, Partial(30), null, Now);
        settled.AcceptOffer(CaseRole.Buyer, settled.Offers[0].Id, Now, Periods);
        Assert.Equal(DisputeStage.Compliance, settled.Stage);
        Assert.False(settled.May(CaseAction.Appeal, CaseRole.Seller));
    }

    [Fact]
    public void AppealPeriod_Passing_MakesTheAwardFinal_Once()
    {
        var dispute = Awarded();
        Assert.False(dispute.MakeAwardFinal(AwardedAt.AddDays(1)));
        Assert.True(dispute.MakeAwardFinal(AwardedAt + Periods.Appeal));
        Assert.False(dispute.MakeAwardFinal(AwardedAt + Periods.Appeal));
        Assert.True(dispute.AwardIsFinal);
        Assert.Single(dispute.DomainEvents.OfType<AwardBecameFinal>());
        Assert.Equal("nothingToAppeal", dispute.CanAppeal(CaseRole.Seller)!.Code);
    }

    [Fact]
    public void AppealArbitrator_IsNeverTheMediator_NorTheFirstArbitrator()
    {
        var dispute = Awarded();
        dispute.Appeal(CaseRole.Seller, AppealGrounds.ManifestError, "Wrong.", AwardedAt, Periods);
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AssignArbitrator(Mediator, AwardedAt)).Code);
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AssignArbitrator(Arbitrator, AwardedAt)).Code);
        Assert.True(dispute.AssignArbitrator(AppealArbitrator, AwardedAt));
        Assert.Equal(CaseRole.Arbitrator, dispute.RoleOf(AppealArbitrator, null));
        Assert.True(dispute.May(CaseAction.RequestEvidence, CaseRole.Arbitrator));
        Assert.True(dispute.May(CaseAction.DecideAppeal, CaseRole.Arbitrator));
    }

    [Fact]
    public void DecideAppeal_ByAnyoneButTheAppealArbitrator_IsForbidden()
    {
        var dispute = OnAppeal();
        foreach (var role in new[] { CaseRole.Buyer, CaseRole.Seller, CaseRole.Mediator })
        {
            Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() =>
                dispute.DecideAppeal(role, AppealDecision.Upheld, null, "Fine.", AwardedAt, Periods)).Code);
        }
        Assert.Equal(DisputeStage.Appeal, dispute.Stage);
    }

    [Fact]
    public void DecideAppeal_Upheld_OpensAFreshCompliancePeriod()
    {
        var dispute = OnAppeal();
        var at = AwardedAt.AddDays(10);
        dispute.DecideAppeal(CaseRole.Arbitrator, AppealDecision.Upheld, null, "The award is right.", at, Periods);
        Assert.Equal((DisputeStage.Compliance, DisputeOutcome.Awarded), (dispute.Stage, dispute.Outcome!.Value));
        Assert.Equal(at + Periods.Compliance, dispute.Deadline);
        Assert.Equal(40m, dispute.AwardAmount!.Value.Value);
        Assert.True(dispute.AwardIsFinal);
        Assert.Equal(AwardDecision.PartialRefund, Single<AppealDecided>(dispute).AwardInForce);
        Assert.False(dispute.May(CaseAction.Appeal, CaseRole.Buyer));
    }

    [Fact]
    public void DecideAppeal_Varied_ReplacesTheAward_AndKeepsTheOriginal()
    {
        var dispute = OnAppeal();
        dispute.DecideAppeal(CaseRole.Arbitrator, AppealDecision.Varied,
            new AppealAward(AwardDecision.PartialRefund, Money.Of(20, "EUR"), LawCode.Parse("DE")), "Half of it arrived.", AwardedAt.AddDays(5), Periods);
        Assert.Equal(DisputeStage.Compliance, dispute.Stage);
        Assert.Equal((20m, 40m), (dispute.AwardAmount!.Value.Value, dispute.OriginalAwardAmount!.Value.Value));

        var bad = OnAppeal();
        Assert.Equal("award", Assert.Throws<DomainException>(() =>
            bad.DecideAppeal(CaseRole.Arbitrator, AppealDecision.Varied, null, "x", AwardedAt, Periods)).Field);
        Assert.Equal("amount", Assert.Throws<DomainException>(() => bad.DecideAppeal(CaseRole.Arbitrator, AppealDecision.Varied,
            new AppealAward(AwardDecision.PartialRefund, Money.Of(500, "EUR"), LawCode.Parse("DE")), "x", AwardedAt, Periods)).Field);
        Assert.Equal("reasons", Assert.Throws<DomainException>(() =>
            bad.DecideAppeal(CaseRole.Arbitrator, AppealDecision.Upheld, null, " ", AwardedAt, Periods)).Field);
        Assert.Equal(DisputeStage.Appeal, bad.Stage);
    }

    [Fact]
    public void DecideAppeal_SetAside_ClosesUnresolved()
    {
        var dispute = OnAppeal();
        dispute.DecideAppeal(CaseRole.Arbitrator, AppealDecision.SetAside, null, "The seller was never heard.", AwardedAt.AddDays(5), Periods);
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Unresolved), (dispute.Stage, dispute.Outcome!.Value));
        Assert.Null(Single<AppealDecided>(dispute).AwardInForce);
    }

    [Fact]
    public void Dismissal_IsAppealedFromClosed_AndAnUpheldDismissalClosesAgain()
    {
        var dispute = Awarded(AwardDecision.Dismissed);
        Assert.Equal(DisputeStage.Closed, dispute.Stage);
        dispute.Appeal(CaseRole.Buyer, AppealGrounds.NewEvidence, "Here is the photo.", AwardedAt.AddDays(1), Periods);
        Assert.Equal(DisputeStage.Appeal, dispute.Stage);
        Assert.Null(dispute.ClosedAt);
        dispute.AssignArbitrator(AppealArbitrator, AwardedAt.AddDays(1));
        dispute.DecideAppeal(CaseRole.Arbitrator, AppealDecision.Upheld, null, "The photo shows nothing new.", AwardedAt.AddDays(4), Periods);
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Dismissed), (dispute.Stage, dispute.Outcome!.Value));
    }

    [Fact]
    public void AppealDeadline_Passing_ReplacesTheAppealArbitrator()
    {
        var dispute = OnAppeal();
        var deadline = dispute.Deadline!.Value;
        Assert.True(dispute.ExpireDeadline(DisputeStage.Appeal, deadline, deadline, Periods));
        Assert.Equal((DisputeStage.Appeal, (UserId?)null, (UserId?)AppealArbitrator), (dispute.Stage, dispute.ArbitratorId, dispute.ReplacedArbitratorId));
        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() => dispute.AssignArbitrator(AppealArbitrator, deadline)).Code);
    }
}
