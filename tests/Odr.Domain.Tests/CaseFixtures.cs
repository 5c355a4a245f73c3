using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.Tests;

/// <summary>Cases brought to each stage the way the parties and neutrals would, for the tests of every stage.</summary>
internal static class CaseFixtures
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    internal static readonly StagePeriods Periods = StagePeriods.Default;
    internal static readonly UserId Mediator = new(Guid.NewGuid());
    internal static readonly UserId Arbitrator = new(Guid.NewGuid());

    internal static DisputeCase Filed(bool buyerConsents = true)
    {
        var order = new OrderDetails("ExampleMart", "A-1", new DateOnly(2026, 10, 1), "Headphones", Money.Of(100m, "EUR"));
        var dispute = DisputeCase.File(DisputeId.New(), new CaseNumber(2026, 7), new Buyer(new UserId(Guid.NewGuid()), CountryCode.Parse("DE"), BuyerType.Consumer),
            new Seller("Shop", EmailAddress.Parse("shop@example.cn"), CountryCode.Parse("CN"), SellerType.Business, YesNoUnknown.Yes),
            order, ClaimType.NotReceived, "Never arrived.", Remedy.Create(RemedyType.FullRefund, null, order.AmountPaid), CaseLanguage.En,
            null, buyerConsents, Now, Periods.Response);
        dispute.ClearDomainEvents();
        return dispute;
    }

    internal static DisputeCase InNegotiation(bool sellerConsents = true, bool buyerConsents = true)
    {
        var dispute = Filed(buyerConsents);
        dispute.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, "It was delivered.", sellerConsents, Now, Periods);
        dispute.ClearDomainEvents();
        return dispute;
    }

    internal static DisputeCase InMediation(bool sellerConsents = true, bool buyerConsents = true)
    {
        var dispute = InNegotiation(sellerConsents, buyerConsents);
        dispute.Escalate(CaseRole.Buyer, "No progress.", Now.AddDays(1), Periods);
        dispute.AssignMediator(Mediator, Now.AddDays(1));
        dispute.ClearDomainEvents();
        return dispute;
    }

    internal static DisputeCase InArbitration()
    {
        var dispute = InMediation();
        dispute.DeclareImpasse(CaseRole.Mediator, "No agreement on who pays shipping.", Now.AddDays(2), Periods);
        dispute.AssignArbitrator(Arbitrator, Now.AddDays(2));
        dispute.ClearDomainEvents();
        return dispute;
    }

    internal static Remedy Partial(decimal value) => Remedy.Create(RemedyType.PartialRefund, Money.Of(value, "EUR"), Money.Of(100m, "EUR"));

    /// <summary>The one event of type <typeparamref name="T"/> the case raised.</summary>
    internal static T Single<T>(DisputeCase dispute) => Assert.Single(dispute.DomainEvents.OfType<T>());
}
