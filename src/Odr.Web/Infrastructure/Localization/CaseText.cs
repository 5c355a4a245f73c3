using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// Every label of a case, defined once: the resource <c>{kind}.{EnumName}</c> (<c>stage.Negotiation</c>,
/// <c>claim.NotReceived</c>, <c>remedy.PartialRefund</c> …) in the reader's language. Pages, e-mails, documents and the
/// regulator's and public pages all ask here, so an internal name never reaches a reader.
/// </summary>
public static class CaseText
{
    /// <summary>A stage as a heading or a value ("Negotiation").</summary>
    public static string Stage(this IStringLocalizer<Text> t, DisputeStage stage) => t[$"stage.{stage}"];

    /// <summary>A stage inside a sentence ("the negotiation deadline", "moved to mediation").</summary>
    public static string StageInSentence(this IStringLocalizer<Text> t, DisputeStage stage) => t[$"stage.{stage}.inSentence"];

    public static string Role(this IStringLocalizer<Text> t, CaseRole role) => t[$"role.{role}"];

    /// <summary>A role inside a sentence ("the buyer", lower case where the language has case).</summary>
    public static string RoleInSentence(this IStringLocalizer<Text> t, CaseRole role) => t[$"role.{role}.inSentence"];

    public static string Claim(this IStringLocalizer<Text> t, ClaimType type) => t[$"claim.{type}"];

    public static string Remedy(this IStringLocalizer<Text> t, RemedyType type) => t[$"remedy.{type}"];

    /// <summary>A remedy with its amount where it has one ("Partial refund: 20.00 EUR").</summary>
    public static string RemedyText(this IStringLocalizer<Text> t, Remedy remedy) =>
        remedy.Amount is { } amount ? t["remedy.withAmount", t.Remedy(remedy.Type), amount] : t.Remedy(remedy.Type);

    /// <summary>Whose move it is at a stage, for lists of cases.</summary>
    public static string WhoActs(this IStringLocalizer<Text> t, DisputeStage stage) => t[$"whoActs.{stage}"];

    public static string Outcome(this IStringLocalizer<Text> t, DisputeOutcome outcome) => t[$"outcome.{outcome}"];

    public static string Decision(this IStringLocalizer<Text> t, AwardDecision decision) => t[$"decision.{decision}"];

    public static string Document(this IStringLocalizer<Text> t, DocumentKind kind) => t[$"document.{kind}"];

    public static string SettledAt(this IStringLocalizer<Text> t, SettlementStage stage) => t[$"settledAt.{stage}"];

    /// <summary>Where a settlement was reached, as a heading (the regulator's statistics).</summary>
    public static string ReachedAt(this IStringLocalizer<Text> t, SettlementStage stage) => t[$"reachedAt.{stage}"];

    public static string Contract(this IStringLocalizer<Text> t, ContractType type) => t[$"contract.{type}"];

    public static string BuyerKind(this IStringLocalizer<Text> t, BuyerType type) => t[$"buyerType.{type}"];

    public static string SellerKind(this IStringLocalizer<Text> t, SellerType type) => t[$"sellerType.{type}"];

    /// <summary>What the seller answered the complaint ("made a counter-offer").</summary>
    public static string ResponseAction(this IStringLocalizer<Text> t, ResponseAction action) => t[$"responseAction.{action}"];

    /// <summary>A party's kind and country ("consumer in Germany"); <paramref name="type"/> is the kind's lower-case name.</summary>
    public static string PartyIn(this IStringLocalizer<Text> t, string type, string country) =>
        t[$"party.{(type is "consumer" or "private" ? type : "business")}.in", country];

    /// <summary>An event of the case's history by its type (<c>offerMade</c>); an unknown type as a neutral phrase.</summary>
    public static string Event(this IStringLocalizer<Text> t, string type) =>
        t[$"event.{type}"] is { ResourceNotFound: false } text ? text : t["event.other"];

    /// <summary>A currency by its code and its name in the reader's language ("EUR – Euro", "EUR – 欧元"); the bare code when no name is known.</summary>
    public static string CurrencyName(this IStringLocalizer<Text> t, Odr.Domain.Common.Currency currency) =>
        t[$"currency.{currency.Code}"] is { ResourceNotFound: false } name ? $"{currency.Code} – {name.Value}" : currency.Code;

    /// <summary>A country's name in the reader's language (ICU's names; the ISO English name for English).</summary>
    public static string Country(CountryCode country)
    {
        var culture = CultureInfo.CurrentUICulture;
        if (culture.TwoLetterISOLanguageName == "en" || culture.Name.Length == 0 || Languages.IsPseudo(culture))
        {
            return country.EnglishName;
        }
        return CountryNames.GetOrAdd((culture.Name, country.Value), key =>
        {
            // ICU names a region in the UI language inside a culture's display name: "未知语言（德国）", "desconocido (Alemania)".
            var name = new CultureInfo("und-" + key.Code).DisplayName;
            var (open, close) = name.LastIndexOf('（') >= 0 ? ('（', '）') : ('(', ')');
            var at = name.LastIndexOf(open);
            return at >= 0 && name.EndsWith(close) ? name[(at + 1)..^1] : country.EnglishName;
        });
    }

    /// <summary>Every country, in the reader's alphabetical order of their names (the filing form's and the law page's lists).</summary>
    public static IReadOnlyList<CountryCode> Countries() => CountryLists.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ =>
    {
        var compare = CultureInfo.CurrentUICulture.CompareInfo;
        return CountryCode.All.OrderBy(Country, Comparer<string>.Create((a, b) => compare.Compare(a, b, CompareOptions.IgnoreCase))).ToList();
    });

    private static readonly ConcurrentDictionary<string, IReadOnlyList<CountryCode>> CountryLists = new(StringComparer.Ordinal);

    // Filled once per language and country: the complaint form lists every country twice.
    private static readonly ConcurrentDictionary<(string Culture, string Code), string> CountryNames = new();

    /// <summary>
    /// A file's size in KB or MB, the units every language here writes alike (a small file is "0.4 KB", never "bytes",
    /// a word to translate), with the reader's decimal separator.
    /// </summary>
    public static string Size(long bytes) => bytes switch
    {
        0 => string.Create(CultureInfo.CurrentCulture, $"{0} KB"),
        < 1024 * 1024 => string.Create(CultureInfo.CurrentCulture, $"{Math.Max(0.1, bytes / 1024.0):0.#} KB"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
