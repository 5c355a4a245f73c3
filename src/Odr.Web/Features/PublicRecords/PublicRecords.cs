using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Regulators;
using Odr.Web.Features.Sellers;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.PublicRecords;

/// <summary>A published summary figure, with the formula behind it so that a reader can judge what it says.</summary>
public sealed record Indicator(string Name, double? Value, int Numerator, int Denominator, string Formula);

public sealed record RecordQuarter(string Quarter, int Received, int Settled, int AwardedToBuyer, int Dismissed);

public sealed record SellerRecordResponse(
    string SellerKey, string Name, string Country, int DisputesReceived, int Open,
    IReadOnlyDictionary<string, int> Outcomes, Indicator ResponseRate, Indicator ComplianceRate,
    IReadOnlyList<RecordQuarter> ByQuarter, DateTimeOffset FirstDispute, DateTimeOffset LatestDispute,
    [property: System.ComponentModel.Description("Settlements and awards the filing marketplace reported it could not carry out.")] int ExecutionsFailed = 0,
    [property: System.ComponentModel.Description("Who vouches for the name and business status: \"seller\" (its own profile) or a marketplace's name.")] string? VerifiedBy = null);

public sealed record PublishedDecision(
    string CaseNumber, DateTimeOffset DecidedAt, ClaimType ClaimType, string BuyerCountry, string SellerCountry, MoneyResponse AmountPaid,
    RemedyResponse Requested, AwardDecision Decision, MoneyResponse? Amount, string GoverningLaw, string Reasons,
    PublishedAppeal? Appeal = null);

/// <summary>The decision on appeal, published beside the award it decided; the new award when varied.</summary>
public sealed record PublishedAppeal(AppealDecision Decision, DateTimeOffset DecidedAt, string Reasons, AwardDecision? NewAward, MoneyResponse? NewAmount);

/// <summary>
/// What the service publishes to everyone: business sellers' dispute records, and arbitral decisions without the
/// parties. Private (consumer) sellers have no public record: publishing a private person's disputes is not ours to do.
/// </summary>
public sealed class PublicRecords(OdrDbContext db, Pseudonyms pseudonyms, SellerIdentities identities)
{
    public const string ResponseRateFormula =
        "Complaints the seller answered before the response deadline, divided by complaints whose response period has ended (answered, or passed without an answer).";

    public const string ComplianceRateFormula =
        "Settlements and awards the buyer reported as carried out, divided by those the buyer reported on either way.";

    /// <summary>The record's key for a seller's e-mail address, when the service publishes a record for it.</summary>
    public async Task<string?> KeyForAsync(string email, CancellationToken ct)
    {
        if (!EmailAddress.TryParse(email, out var address))
        {
            return null;
        }
        return (await identities.OfAsync(address, ct))?.Type == SellerType.Business && await db.Cases.AnyAsync(c => c.Seller.Email == address, ct)
            ? pseudonyms.SellerKey(address.Value)
            : null;
    }

    /// <summary>
    /// A seller's published record: only for a business seller by its own profile or a marketplace's verification, under
    /// the name that statement gives. What buyers typed when filing never names, hides or exposes a record.
    /// </summary>
    public async Task<SellerRecordResponse?> RecordAsync(string sellerKey, CancellationToken ct)
    {
        // Keys are not stored: each seller's is derived from its address. One pass over the distinct addresses is
        // cheap at today's volumes; a stored, indexed key is the step to take when it is not.
        var emails = await db.Cases.AsNoTracking().Select(c => c.Seller.Email).Distinct().ToListAsync(ct);
        if (emails.FirstOrDefault(e => string.Equals(pseudonyms.SellerKey(e.Value), sellerKey, StringComparison.OrdinalIgnoreCase)) is not { Value: not null } email)
        {
            return null;
        }
        var identity = await identities.OfAsync(email, ct);
        return identity?.Type == SellerType.Business ? await RecordOfAsync(email, identity, ct) : null;
    }

    /// <summary>The record of the seller at <paramref name="email"/> as it stands, published or not (the seller's own view); none without cases.</summary>
    public async Task<SellerRecordResponse?> RecordOfAsync(EmailAddress email, SellerIdentity? identity, CancellationToken ct)
    {
        var cases = await db.Cases.AsNoTracking().Where(c => c.Seller.Email == email).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.CreatedAt, c.Stage, c.Outcome, c.Complied, c.ResponseAction, c.ExecutionFailedAt })
            .ToListAsync(ct);
        if (cases.Count == 0)
        {
            return null;
        }
        var latest = cases[^1];
        var ids = cases.Select(c => c.Id).ToList();
        var unanswered = (await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.DisputeId) && e.Type == "escalated")
                .Select(e => e.Canonical).ToListAsync(ct))
            .Count(canonical =>
            {
                using var json = JsonDocument.Parse(canonical);
                return json.RootElement.GetProperty("data").GetProperty("from").GetString() == "awaitingResponse";
            });
        var answered = cases.Count(c => c.ResponseAction is not null);
        var reported = cases.Count(c => c.Complied is not null);
        var complied = cases.Count(c => c.Complied == true);
        return new SellerRecordResponse(
            pseudonyms.SellerKey(email.Value), identity?.Name ?? "", identity?.Country ?? "", cases.Count, cases.Count(c => c.Stage != DisputeStage.Closed),
            Enum.GetValues<DisputeOutcome>().ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o.ToString()), o => cases.Count(c => c.Outcome == o)),
            new Indicator("responseRate", Rate(answered, answered + unanswered), answered, answered + unanswered, ResponseRateFormula),
            new Indicator("complianceRate", Rate(complied, reported), complied, reported, ComplianceRateFormula),
            cases.GroupBy(c => Quarter(c.CreatedAt)).Select(g => new RecordQuarter(g.Key, g.Count(), g.Count(c => c.Outcome == DisputeOutcome.Settled),
                g.Count(c => c.Outcome == DisputeOutcome.Awarded), g.Count(c => c.Outcome == DisputeOutcome.Dismissed))).ToList(),
            cases[0].CreatedAt, latest.CreatedAt, cases.Count(c => c.ExecutionFailedAt is not null), identity?.VerifiedBy);
    }

    public async Task<(IReadOnlyList<PublishedDecision> Items, int Total)> DecisionsAsync(int page, int pageSize, CancellationToken ct)
    {
        var query = db.Cases.AsNoTracking().Where(c => c.AwardDecision != null && c.AwardedAt != null);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.AwardedAt).ThenByDescending(c => c.Number).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        // A varied award keeps the first one as OriginalAward…: the award is published as made, the appeal beside it.
        return (rows.Select(c => new PublishedDecision(c.Number.ToString(), c.AwardedAt!.Value, c.ClaimType, c.Buyer.Country.Value, c.Seller.Country.Value,
            c.Order.AmountPaid.ToResponse(), c.RequestedRemedy.ToResponse(), c.OriginalAwardDecision ?? c.AwardDecision!.Value,
            (c.OriginalAwardDecision is null ? c.AwardAmount : c.OriginalAwardAmount)?.ToResponse(),
            c.AwardGoverningLaw!.Value.Value, c.AwardReasons!,
            c is { AppealDecision: { } appeal, AppealDecidedAt: { } decidedAt }
                ? new PublishedAppeal(appeal, decidedAt, c.AppealReasons!, appeal == AppealDecision.Varied ? c.AwardDecision : null,
                    appeal == AppealDecision.Varied ? c.AwardAmount?.ToResponse() : null)
                : null)).ToList(), total);
    }

    private static double? Rate(int numerator, int denominator) => denominator == 0 ? null : Math.Round((double)numerator / denominator, 4);

    private static string Quarter(DateTimeOffset at) => $"{at.UtcDateTime.Year}-Q{((at.UtcDateTime.Month - 1) / 3) + 1}";
}
