using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Features.Neutrals;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Features.Disputes;

/// <summary>
/// Demo cases for a fresh demo database (<c>Odr:Demo:SeedCases</c>, on in the README's run command): ten cases filed
/// over the last three months and taken through the real aggregate, each step at its own past moment, so that the
/// histories, statistics, public records and published decisions have something true to show. Open cases have their
/// deadlines ahead and a running workflow like any other; the outcomes' documents and notices go out through the
/// outbox as usual.
/// </summary>
public sealed class DemoCases(OdrDbContext db, UserManager<OdrUser> users, TimeProvider time, IOptions<DeadlineOptions> deadlines,
    GoverningLawEngine governingLaw, NeutralPool neutrals, ILogger<DemoCases> logger)
{
    private sealed record Party(string Email, string Name, string Country);

    private static readonly Party ShenzhenAudio = new("seller@demo.odr", "Shenzhen Audio Co.", "CN");
    private static readonly Party PortlandHome = new("seller2@demo.odr", "Portland Home Goods LLC", "US");
    private static readonly Party KyotoCeramics = new("orders@kyoto-ceramics.example", "Kyoto Ceramics K.K.", "JP");

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Cases.AnyAsync(ct))
        {
            return;
        }
        var periods = deadlines.Value.ToPeriods();
        var day = TimeSpan.FromDays(1);
        var fullRefund = (RemedyType.FullRefund, (decimal?)null);

        // Settled at the response, carried out.
        await CaseAsync("buyer@demo.odr", "DE", ShenzhenAudio, "Wireless earbuds", 49.90m, "EUR", ClaimType.NotReceived, fullRefund, 80, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, "Sorry, the parcel was lost; refunding.", true, at(2), periods);
            c.ReportCompliance(CaseRole.Buyer, true, null, at(9), periods);
            await Task.CompletedTask;
        }, ct);
        // Settled in negotiation on the seller's counter-offer, carried out.
        await CaseAsync("buyer2@demo.odr", "CN", PortlandHome, "Linen bedding set", 180.00m, "USD", ClaimType.NotAsDescribed, fullRefund, 70, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.CounterOffer, Remedy.Create(RemedyType.PartialRefund, Money.Of(60m, "USD"), c.Order.AmountPaid),
                "A third back for the colour difference.", "The colour is as photographed, under daylight.", true, at(3), periods);
            c.AcceptOffer(CaseRole.Buyer, c.Offers[0].Id, at(6), periods);
            c.ReportCompliance(CaseRole.Buyer, true, null, at(12), periods);
            await Task.CompletedTask;
        }, ct);
        // Settled in mediation on the mediator's proposal, carried out.
        await CaseAsync("buyer@demo.odr", "DE", KyotoCeramics, "Tea set, six cups", 240.00m, "EUR", ClaimType.DamagedOrDefective, fullRefund, 65, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, "Packed to export standard; the courier is liable.", true, at(1), periods);
            c.Escalate(CaseRole.Buyer, "Two cups arrived broken and the seller will not help.", at(10), periods);
            await AssignAsync(c, CaseRole.Mediator, at(10), ct);
            var proposal = c.ProposeTerms(CaseRole.Mediator, Remedy.Create(RemedyType.PartialRefund, Money.Of(80m, "EUR"), c.Order.AmountPaid),
                "Two of six cups broken: a third of the price.", at(15));
            c.AcceptProposal(CaseRole.Buyer, proposal.Id, at(16), periods);
            c.AcceptProposal(CaseRole.Seller, proposal.Id, at(18), periods);
            c.ReportCompliance(CaseRole.Buyer, true, null, at(25), periods);
        }, ct);
        // Awarded to the buyer after an impasse; not carried out.
        await CaseAsync("buyer@demo.odr", "DE", ShenzhenAudio, "Noise-cancelling headphones", 129.00m, "EUR", ClaimType.NotAsDescribed, fullRefund, 60, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, "The product matches the listing.", true, at(4), periods);
            c.Escalate(CaseRole.Buyer, "No progress.", at(9), periods);
            await AssignAsync(c, CaseRole.Mediator, at(9), ct);
            c.DeclareImpasse(CaseRole.Mediator, "The parties disagree on what the listing promised.", at(20), periods);
            await AssignAsync(c, CaseRole.Arbitrator, at(20), ct);
            c.IssueAward(CaseRole.Arbitrator, AwardDecision.FullRefund, null, LawCode.Parse("DE"),
                "The listing promised active noise cancelling; the seller's own test report shows the feature absent. The buyer, a consumer, keeps the protection of German law.",
                at(35), periods);
            c.ReportCompliance(CaseRole.Buyer, false, null, at(50), periods);
        }, ct);
        // Dismissed after an impasse.
        await CaseAsync("buyer@demo.odr", "DE", PortlandHome, "Cast-iron pan", 95.00m, "USD", ClaimType.NotReceived, fullRefund, 55, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, "Delivered and signed for.", true, at(2), periods);
            c.Escalate(CaseRole.Seller, "The buyer will not accept the proof of delivery.", at(8), periods);
            await AssignAsync(c, CaseRole.Mediator, at(8), ct);
            c.DeclareImpasse(CaseRole.Mediator, "No common ground on delivery.", at(15), periods);
            await AssignAsync(c, CaseRole.Arbitrator, at(15), ct);
            c.IssueAward(CaseRole.Arbitrator, AwardDecision.Dismissed, null, LawCode.Parse("DE"),
                "The carrier's record shows delivery to the buyer's address with a signature matching the buyer's name; the buyer offered nothing against it.",
                at(30), periods);
        }, ct);
        // The seller never answered; withdrawn in mediation.
        await CaseAsync("buyer2@demo.odr", "CN", KyotoCeramics, "Incense burner", 35.00m, "USD", ClaimType.NotReceived, fullRefund, 40, async (c, at) =>
        {
            c.ExpireDeadline(DisputeStage.AwaitingResponse, c.Deadline!.Value, c.Deadline.Value, periods);
            await AssignAsync(c, CaseRole.Mediator, at(7), ct);
            c.Withdraw(CaseRole.Buyer, at(12), periods);
        }, ct);
        // Open: settled at the response, compliance due.
        await CaseAsync("buyer@demo.odr", "DE", ShenzhenAudio, "USB-C charger", 25.00m, "EUR", ClaimType.DamagedOrDefective, fullRefund, 5, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.Accept, null, null, null, true, at(1), periods);
            await Task.CompletedTask;
        }, ct);
        // Open: in mediation.
        await CaseAsync("buyer@demo.odr", "DE", ShenzhenAudio, "Smart watch", 89.00m, "EUR", ClaimType.NotAsDescribed, fullRefund, 12, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.Contest, null, null, "The watch works as described.", true, at(1), periods);
            c.Escalate(CaseRole.Buyer, "The battery lasts a day, not a week.", at(3), periods);
            await AssignAsync(c, CaseRole.Mediator, at(3), ct);
        }, ct);
        // Open: in negotiation.
        await CaseAsync("buyer2@demo.odr", "CN", PortlandHome, "Wool throw", 70.00m, "USD", ClaimType.DamagedOrDefective, fullRefund, 6, async (c, at) =>
        {
            c.Respond(CaseRole.Seller, ResponseAction.CounterOffer, Remedy.Create(RemedyType.PartialRefund, Money.Of(20m, "USD"), c.Order.AmountPaid),
                "For the pulled thread.", null, false, at(2), periods);
            await Task.CompletedTask;
        }, ct);
        // Open: awaiting the seller's response.
        await CaseAsync("buyer@demo.odr", "DE", ShenzhenAudio, "Bluetooth speaker", 59.90m, "EUR", ClaimType.NotReceived, fullRefund, 2, (_, _) => Task.CompletedTask, ct);
        logger.LogInformation("Seeded 10 demo cases.");
    }

    private async Task AssignAsync(DisputeCase dispute, CaseRole role, DateTimeOffset at, CancellationToken ct)
    {
        var neutral = await neutrals.ChooseAsync(dispute, role, ct)
            ?? throw new InvalidOperationException($"No demo {role} is free for {dispute.Number}: seed the demo neutrals first.");
        _ = role == CaseRole.Mediator ? dispute.AssignMediator(neutral, at) : dispute.AssignArbitrator(neutral, at);
    }

    /// <summary>Files one case <paramref name="daysAgo"/> days ago, then runs <paramref name="story"/> with a clock counting days from the filing.</summary>
    private async Task CaseAsync(string buyerEmail, string buyerCountry, Party seller, string item, decimal amount, string currency, ClaimType claim,
        (RemedyType Type, decimal? Amount) remedy, int daysAgo, Func<DisputeCase, Func<int, DateTimeOffset>, Task> story, CancellationToken ct)
    {
        var buyer = await users.FindByEmailAsync(buyerEmail) ?? throw new InvalidOperationException($"Seed the demo accounts before the demo cases ({buyerEmail}).");
        var filedAt = time.GetUtcNow().AddDays(-daysAgo);
        DateTimeOffset At(int days) => filedAt.AddDays(days);
        var paid = Money.Of(amount, currency);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dispute = DisputeCase.File(DisputeId.New(), await CaseNumberSequence.NextAsync(db, filedAt.UtcDateTime.Year, ct),
            new Buyer(buyer.UserId, CountryCode.Parse(buyerCountry), BuyerType.Consumer),
            new Seller(seller.Name, EmailAddress.Parse(seller.Email), CountryCode.Parse(seller.Country), SellerType.Business, YesNoUnknown.Yes),
            new OrderDetails("ExampleMart", $"EM-{filedAt:yyMMdd}-{100 + daysAgo}", DateOnly.FromDateTime(filedAt.AddDays(-10).UtcDateTime), item, paid),
            claim, $"Demo complaint about the {item.ToLowerInvariant()}.", Remedy.Create(remedy.Type, remedy.Amount is { } r ? Money.Of(r, currency) : null, paid),
            CaseLanguage.En, null, true, filedAt, deadlines.Value.SellerResponse);
        dispute.SuggestGoverningLaw(governingLaw, filedAt);
        db.Cases.Add(dispute);
        await story(dispute, At);
        // Like a filing, the case gets its workflow in the same save (from its final stage); for a closed case it ends at once.
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
