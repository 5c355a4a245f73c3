using System.Text.Json;
using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// An entry of a case's hash-chained history in the reader's words: its type's text (<c>history.{type}</c>) with the
/// values of its data as labels (a stage, a role, an outcome), never the stored names or JSON.
/// </summary>
public static class HistoryText
{
    /// <summary>The turning points a document's timeline lists; other entries are left out.</summary>
    public static readonly IReadOnlySet<string> TurningPoints = new HashSet<string>(StringComparer.Ordinal)
    {
        "filed", "responded", "escalated", "neutralAssigned", "offerAccepted", "proposalMade", "impasse", "evidenceRequested",
        "settled", "governingLawConfirmed", "awarded", "withdrawn", "closed",
    };

    /// <summary>What happened, with its particulars where the type has some (<c>history.escalated</c>: from, to, by).</summary>
    public static string Describe(this IStringLocalizer<Text> t, string type, JsonElement data) => type switch
    {
        "responded" => t["history.responded", t.ResponseAction(Enum<ResponseAction>(data, "action"))],
        "escalated" => t["history.escalated", t.StageInSentence(Enum<DisputeStage>(data, "from")), t.StageInSentence(Enum<DisputeStage>(data, "to")),
            t[$"escalatedBy.{Enum<EscalatedBy>(data, "by")}"]],
        "neutralAssigned" => t["history.neutralAssigned", t.RoleInSentence(Enum<CaseRole>(data, "role"))],
        "settled" => t["history.settled", t.SettledAt(Enum<SettlementStage>(data, "stage"))],
        "governingLawConfirmed" => t["history.governingLawConfirmed", t.Law(data.GetProperty("law").GetString() ?? "")],
        "closed" => t["history.closed", t.Outcome(Enum<DisputeOutcome>(data, "outcome"))],
        _ when t[$"history.{type}"] is { ResourceNotFound: false } text => text,
        _ => t.Event(type),
    };

    private static T Enum<T>(JsonElement data, string property) where T : struct, Enum =>
        System.Enum.Parse<T>(data.GetProperty(property).GetString() ?? "", ignoreCase: true);
}
