using System.Globalization;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Pages;

/// <summary>How pages name the case's states, in words a party understands.</summary>
public static class CaseText
{
    public static string Stage(DisputeStage stage) => stage switch
    {
        DisputeStage.AwaitingResponse => "Awaiting the seller's response",
        DisputeStage.Negotiation => "Negotiation",
        DisputeStage.Mediation => "Mediation",
        DisputeStage.Arbitration => "Arbitration",
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

    /// <summary>An instant as UTC text; the browser's own zone comes with the bilingual pages.</summary>
    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Time left until <paramref name="deadline"/>: days and hours, or hours and minutes when less than a day.</summary>
    public static string TimeLeft(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        if (left <= TimeSpan.Zero)
        {
            return "the deadline has passed";
        }
        return left.TotalDays >= 1
            ? $"{Plural(left.Days, "day")} {Plural(left.Hours, "hour")} left"
            : $"{Plural(left.Hours, "hour")} {Plural(Math.Max(1, left.Minutes), "minute")} left";
    }

    private static string Plural(int count, string unit) => $"{count} {unit}{(count == 1 ? "" : "s")}";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
