using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Tests;

public class DisputeCaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly UserId BuyerId = new(Guid.NewGuid());
    private static readonly Seller Seller = new("Shenzhen Audio Co.", EmailAddress.Parse("seller@demo.odr"), CountryCode.Parse("CN"),
        SellerType.Business, YesNoUnknown.Yes);

    internal static DisputeCase FileCase(OrderDetails? order = null, Remedy? remedy = null, DateTimeOffset? now = null)
    {
        order ??= new OrderDetails("ExampleMart", "A-1001", new DateOnly(2026, 10, 1), "Bluetooth headphones", Money.Of(59.90m, "EUR"));
        remedy ??= Remedy.Create(RemedyType.FullRefund, null, order.AmountPaid);
        return DisputeCase.File(DisputeId.New(), new CaseNumber(2026, 1), new Buyer(BuyerId, CountryCode.Parse("DE"), BuyerType.Consumer),
            Seller, order, ClaimType.NotReceived, "Tracking shows no movement since 3 October.", remedy, CaseLanguage.En,
            LawCode.Parse("CN"), buyerConsentsToArbitration: true, now ?? Now, TimeSpan.FromDays(7));
    }

    [Fact]
    public void File_WhenValid_AwaitsTheSellersResponseUntilTheDeadline()
    {
        var dispute = FileCase();

        Assert.Equal(DisputeStage.AwaitingResponse, dispute.Stage);
        Assert.Equal(Now.AddDays(7), dispute.Deadline);
        Assert.Equal(Now, dispute.CreatedAt);
        Assert.Null(dispute.Outcome);
        Assert.Null(dispute.ClosedAt);
        Assert.True(dispute.BuyerConsentsToArbitration);
        Assert.Null(dispute.SellerConsentsToArbitration);
        var filed = Assert.IsType<DisputeFiled>(Assert.Single(dispute.DomainEvents));
        Assert.Equal(dispute.Id, filed.DisputeId);
        Assert.Equal(Now.AddDays(7), filed.ResponseDeadline);
    }

    [Fact]
    public void File_WhenOrderDateIsInTheFuture_Throws()
    {
        var order = new OrderDetails("ExampleMart", "A-1", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(2), "Item", Money.Of(10, "EUR"));
        var error = Assert.Throws<DomainException>(() => FileCase(order));
        Assert.Equal("orderDate", error.Field);
    }

    [Fact]
    public void File_WhenOrderDateIsTomorrowInUtc_IsAcceptedForBuyersEastOfUtc()
    {
        var order = new OrderDetails("ExampleMart", "A-1", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1), "Item", Money.Of(10, "EUR"));
        Assert.Equal(DisputeStage.AwaitingResponse, FileCase(order).Stage);
    }

    [Fact]
    public void File_WhenAmountIsZero_Throws()
    {
        var order = new OrderDetails("ExampleMart", "A-1", new DateOnly(2026, 10, 1), "Item", Money.Of(0, "EUR"));
        Assert.Throws<DomainException>(() => FileCase(order, Remedy.Create(RemedyType.Repair, null, Money.Of(1, "EUR"))));
    }

    [Fact]
    public void File_WhenATextIsBlank_NamesTheField()
    {
        var order = new OrderDetails(" ", "A-1", new DateOnly(2026, 10, 1), "Item", Money.Of(10, "EUR"));
        Assert.Equal("marketplace", Assert.Throws<DomainException>(() => FileCase(order)).Field);
    }

    [Theory]
    [InlineData(30.00, "EUR", true)]
    [InlineData(59.90, "EUR", true)]
    [InlineData(59.91, "EUR", false)]
    [InlineData(0, "EUR", false)]
    [InlineData(30.00, "USD", false)]
    public void Remedy_PartialRefund_IsMoreThanZeroAndAtMostTheAmountPaidInItsCurrency(decimal value, string currency, bool expected) =>
        Assert.Equal(expected, Remedy.TryCreate(RemedyType.PartialRefund, Money.Of(value, currency), Money.Of(59.90m, "EUR"), out _, out _));

    [Fact]
    public void Remedy_PartialRefundWithoutAmount_IsRefused() =>
        Assert.False(Remedy.TryCreate(RemedyType.PartialRefund, null, Money.Of(59.90m, "EUR"), out _, out _));

    [Fact]
    public void Remedy_OtherTypesWithAnAmount_AreRefused() =>
        Assert.False(Remedy.TryCreate(RemedyType.Replacement, Money.Of(1, "EUR"), Money.Of(59.90m, "EUR"), out _, out _));

    [Fact]
    public void RoleOf_KnowsTheBuyerAndTheSellerByConfirmedEmail()
    {
        var dispute = FileCase();
        var sellerAccount = new UserId(Guid.NewGuid());

        Assert.Equal(CaseRole.Buyer, dispute.RoleOf(BuyerId, null));
        Assert.Equal(CaseRole.Seller, dispute.RoleOf(sellerAccount, EmailAddress.Parse("Seller@Demo.odr")));
        Assert.Null(dispute.RoleOf(sellerAccount, null));
        Assert.Null(dispute.RoleOf(sellerAccount, EmailAddress.Parse("someone@else.odr")));
    }

    [Fact]
    public void AddEvidence_ByAParty_RecordsItsHashAndRaisesAnEvent()
    {
        var dispute = FileCase();
        dispute.ClearDomainEvents();
        var sha = new string('a', 64);

        var evidence = dispute.AddEvidence(EvidenceId.New(), CaseRole.Seller, new UserId(Guid.NewGuid()), "tracking.pdf", "application/pdf",
            1234, sha, "Tracking page", Now.AddHours(1));

        Assert.Same(evidence, Assert.Single(dispute.Evidence));
        Assert.Equal(1, dispute.Version);
        var added = Assert.IsType<EvidenceAdded>(Assert.Single(dispute.DomainEvents));
        Assert.Equal(sha, added.Sha256);
        Assert.Equal(CaseRole.Seller, added.SubmittedBy);
    }

    [Fact]
    public void RecordMessagePosted_RaisesAnEventWithoutANewVersion()
    {
        var dispute = FileCase();
        dispute.ClearDomainEvents();
        var before = dispute.Version;

        dispute.RecordMessagePosted(Guid.NewGuid(), ChatChannel.Joint, CaseRole.Buyer, "commitment", Now.AddHours(1));

        // A message must not turn another party's answer, saved at the same moment, into a conflict.
        Assert.Equal(before, dispute.Version);
        Assert.IsType<MessagePosted>(Assert.Single(dispute.DomainEvents));
    }

    [Fact]
    public void AddEvidence_ByANeutral_IsNotPermitted()
    {
        var error = Assert.Throws<DomainException>(() => FileCase().AddEvidence(EvidenceId.New(), CaseRole.Mediator,
            new UserId(Guid.NewGuid()), "x.pdf", "application/pdf", 1, new string('a', 64), "", Now));
        Assert.Equal(DomainErrorCode.NotPermitted, error.Code);
    }

    [Fact]
    public void AddEvidence_BeyondTheLimit_Conflicts()
    {
        var dispute = FileCase();
        for (var i = 0; i < DisputeCase.MaxEvidenceFiles; i++)
        {
            dispute.AddEvidence(EvidenceId.New(), CaseRole.Buyer, BuyerId, $"{i}.txt", "text/plain", 1, new string('b', 64), "", Now);
        }
        var error = Assert.Throws<DomainException>(() =>
            dispute.AddEvidence(EvidenceId.New(), CaseRole.Buyer, BuyerId, "one-more.txt", "text/plain", 1, new string('b', 64), "", Now));
        Assert.Equal(DomainErrorCode.Conflict, error.Code);
    }

    [Fact]
    public void AddEvidence_WhenEmptyOrMisHashed_IsRefused()
    {
        var dispute = FileCase();
        Assert.Throws<DomainException>(() => dispute.AddEvidence(EvidenceId.New(), CaseRole.Buyer, BuyerId, "x.txt", "text/plain", 0,
            new string('a', 64), "", Now));
        Assert.Throws<ArgumentException>(() => dispute.AddEvidence(EvidenceId.New(), CaseRole.Buyer, BuyerId, "x.txt", "text/plain", 1,
            "NOT-A-HASH", "", Now));
    }
}
