using System.Globalization;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>How pages name the case's states, in words a party understands.</summary>
public static class CaseText
{
    /// <summary>A remedy as a page shows it: its kind, and the amount of a partial refund.</summary>
    public static string RemedyText(this IStringLocalizer<Text> t, Remedy remedy) =>
        remedy.Amount is { } amount ? $"{t[Remedy(remedy.Type)]}: {amount}" : t[Remedy(remedy.Type)].Value;

    public static string Stage(DisputeStage stage) => stage switch
    {
        DisputeStage.AwaitingResponse => "Awaiting the seller's response",
        DisputeStage.Negotiation => "Negotiation",
        DisputeStage.Mediation => "Mediation",
        DisputeStage.Arbitration => "Arbitration",
        DisputeStage.Appeal => "Appeal",
        DisputeStage.Compliance => "Compliance",
        DisputeStage.Closed => "Closed",
        _ => stage.ToString(),
    };

    public static string Role(CaseRole role) => role switch
    {
        CaseRole.Buyer => "Buyer",
        CaseRole.Seller => "Seller",
        CaseRole.Mediator => "Mediator",
        CaseRole.Arbitrator => "Arbitrator",
        CaseRole.Regulator => "Regulator",
        _ => role.ToString(),
    };

    public static string Claim(ClaimType type) => type switch
    {
        ClaimType.NotReceived => "Item not received",
        ClaimType.NotAsDescribed => "Item not as described",
        ClaimType.DamagedOrDefective => "Damaged or defective",
        ClaimType.Counterfeit => "Counterfeit",
        ClaimType.WrongItem => "Wrong item",
        ClaimType.UnauthorizedCharge => "Unauthorised charge",
        ClaimType.ReturnNotRefunded => "Returned but not refunded",
        ClaimType.Other => "Other",
        _ => type.ToString(),
    };

    public static string Remedy(RemedyType type) => type switch
    {
        RemedyType.FullRefund => "Full refund",
        RemedyType.PartialRefund => "Partial refund",
        RemedyType.Replacement => "Replacement",
        RemedyType.Repair => "Repair",
        RemedyType.ReturnAndRefund => "Return and refund",
        _ => type.ToString(),
    };

    /// <summary>Whose move it is at a stage, for lists of cases.</summary>
    public static string WhoActs(DisputeStage stage) => stage switch
    {
        DisputeStage.AwaitingResponse => "The seller responds",
        DisputeStage.Negotiation => "Both parties negotiate",
        DisputeStage.Mediation => "The mediator leads",
        DisputeStage.Arbitration => "The arbitrator decides",
        DisputeStage.Appeal => "The appeal arbitrator decides",
        DisputeStage.Compliance => "The seller complies",
        _ => "No one: closed",
    };

    public static string Event(string type) => type switch
    {
        "filed" => "Complaint filed",
        "evidenceAdded" => "Evidence added",
        "responded" => "Seller responded",
        "offerMade" => "Offer made",
        "offerAccepted" => "Offer accepted",
        "offerRejected" => "Offer rejected",
        "blindBidPlaced" => "Confidential figure placed",
        "settled" => "Settled",
        "escalated" => "Moved to the next stage",
        "neutralAssigned" => "Neutral assigned",
        "proposalMade" => "Mediator's proposal",
        "proposalAccepted" => "Proposal accepted",
        "impasse" => "Impasse declared",
        "evidenceRequested" => "Evidence requested",
        "evidenceRequestLapsed" => "Evidence request lapsed",
        "awarded" => "Award issued",
        "withdrawn" => "Complaint withdrawn",
        "complianceReported" => "Compliance reported",
        "outcomeExecuted" => "Outcome carried out by the marketplace",
        "executionFailed" => "The marketplace could not carry out the outcome",
        "performanceReported" => "The seller reported the outcome carried out",
        "closed" => "Case closed",
        "reminderSent" => "Reminder sent",
        "governingLawSuggested" => "Governing law suggested",
        "governingLawPosition" => "Position on the governing law",
        "governingLawConfirmed" => "Governing law confirmed",
        "contractFactsCorrected" => "Facts corrected",
        "documentIssued" => "Document issued",
        "messagePosted" => "Chat message",
        "noticeUndelivered" => "A notice could not be delivered",
        "noticeDelivered" => "A notice was delivered at last",
        "deadlineHeld" => "Deadline held: a party was not reached",
        "appealed" => "Appealed",
        "appealDecided" => "Appeal decided",
        "awardFinal" => "Decision became final",
        _ => type,
    };

    public static string Outcome(DisputeOutcome outcome) => outcome switch
    {
        DisputeOutcome.Settled => "Settled",
        DisputeOutcome.Awarded => "Decided by award",
        DisputeOutcome.Dismissed => "Dismissed",
        DisputeOutcome.Withdrawn => "Withdrawn",
        DisputeOutcome.Unresolved => "Unresolved",
        _ => outcome.ToString(),
    };

    public static string Decision(AwardDecision decision) => decision switch
    {
        AwardDecision.FullRefund => "Full refund",
        AwardDecision.PartialRefund => "Partial refund",
        AwardDecision.ReturnAndRefund => "Return and refund",
        AwardDecision.Replacement => "Replacement",
        AwardDecision.Dismissed => "Claim dismissed",
        _ => decision.ToString(),
    };

    public static string Document(DocumentKind kind) => kind switch
    {
        DocumentKind.Settlement => "Settlement agreement",
        DocumentKind.Ruling => "Arbitral award",
        DocumentKind.AppealDecision => "Appeal decision",
        _ => "Mediator's recommendation",
    };

    /// <summary>A country's name in the reader's language (ICU's names for Chinese; the ISO English name otherwise).</summary>
    public static string Country(CountryCode country)
    {
        if (!Languages.CurrentIsChinese)
        {
            return country.EnglishName;
        }
        return ChineseCountryNames.GetOrAdd(country.Value, code =>
        {
            // ICU names a region in the UI language inside a culture's display name: "未知语言（德国）".
            var name = new CultureInfo("und-" + code).DisplayName;
            var open = name.LastIndexOf('（');
            return open >= 0 && name.EndsWith('）') ? name[(open + 1)..^1] : country.EnglishName;
        });
    }

    // Filled once per country: the complaint form lists every country twice.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ChineseCountryNames = new(StringComparer.Ordinal);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
