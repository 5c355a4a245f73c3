using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Tests.Execution;

/// <summary>The aggregate decides whether a marketplace's execution report is allowed and what follows from it.</summary>
public class ExecutionReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly StagePeriods Periods = StagePeriods.Default;
    private static readonly Money Refund = Money.Of(59.90m, "EUR");

    private static DisputeCase MarketplaceCase(bool settled)
    {
        var dispute = DisputeCaseTests.FileCase();
        dispute.RecordMarketplaceFiling("ExampleMart");
        if (settled)
        {
            dispute.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, null, true, Now.AddDays(1), Periods);
        }
        dispute.ClearDomainEvents();
        return dispute;
    }

    [Fact]
    public void ReportExecution_WhenExecutedInCompliance_ClosesTheCaseAsComplied()
    {
        var dispute = MarketplaceCase(settled: true);
        dispute.ReportExecution("ExampleMart", ExecutionStatus.Executed, " RF-1 ", Refund, Now.AddDays(3), Periods);

        Assert.Equal(DisputeStage.Closed, dispute.Stage);
        Assert.Equal(DisputeOutcome.Settled, dispute.Outcome);
        Assert.True(dispute.Complied);
        Assert.Equal(("RF-1", Refund, Now.AddDays(3)), (dispute.ExecutionReference, dispute.ExecutionAmount!.Value, dispute.ExecutedAt!.Value));
        var executed = Assert.IsType<OutcomeExecuted>(dispute.DomainEvents[0]);
        Assert.Equal(("ExampleMart", "RF-1"), (executed.Marketplace, executed.Reference));
        Assert.Contains(dispute.DomainEvents, e => e is DisputeClosed { Complied: true });
    }

    [Fact]
    public void ReportExecution_BeforeAnOutcome_IsRefusedAsTheStage()
    {
        var dispute = MarketplaceCase(settled: false);
        var error = Assert.Throws<DomainException>(() => dispute.ReportExecution("ExampleMart", ExecutionStatus.Executed, "RF-1", Refund, Now, Periods));
        Assert.Equal(DomainErrorCode.StageDoesNotAllow, error.Code);
        Assert.Equal(DisputeStage.AwaitingResponse, dispute.Stage);
    }

    [Fact]
    public void ReportExecution_ByAnotherMarketplaceOrOnABuyersFiling_IsNotPermitted()
    {
        Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() =>
            MarketplaceCase(settled: true).ReportExecution("OtherMart", ExecutionStatus.Executed, "RF-1", Refund, Now, Periods)).Code);
        var direct = DisputeCaseTests.FileCase();
        direct.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, null, true, Now.AddDays(1), Periods);
        Assert.Equal(DomainErrorCode.NotPermitted, Assert.Throws<DomainException>(() =>
            direct.ReportExecution("ExampleMart", ExecutionStatus.Executed, "RF-1", Refund, Now, Periods)).Code);
    }

    [Fact]
    public void ReportExecution_WhenFailed_StaysInComplianceOnce_ThenExecutedStillCloses()
    {
        var dispute = MarketplaceCase(settled: true);
        dispute.ReportExecution("ExampleMart", ExecutionStatus.Failed, "RF-F", Refund, Now.AddDays(2), Periods);
        Assert.Equal(DisputeStage.Compliance, dispute.Stage);
        Assert.Equal(("RF-F", Now.AddDays(2)), (dispute.ExecutionFailureReference, dispute.ExecutionFailedAt!.Value));
        Assert.IsType<OutcomeExecutionFailed>(Assert.Single(dispute.DomainEvents));

        Assert.Equal(DomainErrorCode.Conflict, Assert.Throws<DomainException>(() =>
            dispute.ReportExecution("ExampleMart", ExecutionStatus.Failed, "RF-F2", Refund, Now.AddDays(3), Periods)).Code);
        dispute.ReportExecution("ExampleMart", ExecutionStatus.Executed, "RF-2", Refund, Now.AddDays(4), Periods);
        Assert.Equal(DisputeStage.Closed, dispute.Stage);
        Assert.Equal(DomainErrorCode.StageDoesNotAllow, Assert.Throws<DomainException>(() =>
            dispute.ReportExecution("ExampleMart", ExecutionStatus.Executed, "RF-2", Refund, Now.AddDays(5), Periods)).Code);
    }

    [Theory]
    [InlineData("", 59.90, "EUR", "reference")]
    [InlineData("RF-1", 59.90, "USD", "amount.currency")]
    [InlineData("RF-1", 0, "EUR", "amount.value")]
    public void ReportExecution_WhenInputIsBad_NamesTheField(string reference, double value, string currency, string field)
    {
        var error = Assert.Throws<DomainException>(() => MarketplaceCase(settled: true)
            .ReportExecution("ExampleMart", ExecutionStatus.Executed, reference, Money.Of((decimal)value, currency), Now, Periods));
        Assert.Equal(field, error.Field);
    }
}
