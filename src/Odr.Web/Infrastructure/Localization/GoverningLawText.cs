using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.GoverningLaw;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>The governing-law answer in words for someone who is not a lawyer.</summary>
public static class GoverningLawText
{
    /// <summary>A law by its code, in the reader's words: a fixed name, or a template with the state or country in it.</summary>
    public static string Law(this IStringLocalizer<Text> t, string code) => code switch
    {
        "US-NY" or "GB-EAW" or "GB-SCT" or "GB-NIR" or "UNIDROIT-PICC" => t["law." + code],
        _ when code.StartsWith("US-", StringComparison.Ordinal) => t["law.usState", code[3..]],
        _ when CountryCode.TryParse(code, out var country) => t["law.country", CaseText.Country(country)],
        _ => code,
    };

    /// <summary>A regime of conflict rules by its code (<c>regime.{code}</c>); an unknown code as it is.</summary>
    public static string Regime(this IStringLocalizer<Text> t, string regime) =>
        t[$"regime.{regime}"] is { ResourceNotFound: false } text ? text : regime;

    /// <summary>
    /// One sentence of the reasons: <c>law.reason.{code}</c> with its values, each label (law, country, regime) in the
    /// reader's words. A reason stored before reasons had codes shows as it was written (Chinese to a Chinese reader,
    /// else English).
    /// </summary>
    public static string Reason(this IStringLocalizer<Text> t, Reason reason) => reason.Code == Domain.GoverningLaw.Reason.StoredCode
        ? (string)reason.Args[Languages.Current.Culture == Languages.Chinese && reason.Args.Count > 1 ? 1 : 0]
        : t.Format(t[ReasonKeyPrefix + reason.Code].Value, reason.Args);

    public const string ReasonKeyPrefix = "law.reason.";

    /// <summary>
    /// What a protection that applies regardless covers: the overlay's scope is data of the API (its English), put into
    /// the reader's words where the resources have it (the English is the key), else shown as it is.
    /// </summary>
    public static string OverlayScope(this IStringLocalizer<Text> t, string scope) => t[scope].Value;

    /// <summary>Where the UN Sales Convention stands (<c>cisg.{value}</c>).</summary>
    public static string Cisg(this IStringLocalizer<Text> t, CisgApplication cisg) => t[$"cisg.{cisg}"];

    /// <summary>How sure the suggestion is, explained (<c>confidence.{value}.explained</c>).</summary>
    public static string Confidence(this IStringLocalizer<Text> t, Confidence confidence) => t[$"confidence.{confidence}.explained"];

    /// <summary>A caveat of the assessment by its code (<c>flag.{code}</c>); an unknown code as it is.</summary>
    public static string Flag(this IStringLocalizer<Text> t, string flag) =>
        t[$"flag.{flag}"] is { ResourceNotFound: false } text ? text : flag;
}
