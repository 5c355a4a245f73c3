using System.Globalization;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// Refusals in the reader's words: the resource <c>refusal.{code}</c> with the refusal's arguments in its holes. The
/// domain says what was refused and with which values; only this layer writes the sentence.
/// </summary>
public static class RefusalText
{
    public const string KeyPrefix = "refusal.";

    public static string Refusal(this IStringLocalizer<Text> t, Refusal refusal) => t.Refusal(refusal.Code, refusal.Args, refusal.Message);

    public static string Error(this IStringLocalizer<Text> t, DomainException e) =>
        e.RefusalCode is { } code ? t.Refusal(code, e.Args, e.Message) : t.Message(e.Message);

    /// <summary>The refusal's sentence; <paramref name="fallback"/> (the domain's English) only for a code with no text.</summary>
    public static string Refusal(this IStringLocalizer<Text> t, string code, IReadOnlyList<object> args, string fallback)
    {
        var template = t[KeyPrefix + code];
        if (template.ResourceNotFound)
        {
            return fallback;
        }
        try
        {
            return t.Format(template.Value, args);
        }
        catch (FormatException)
        {
            // A refusal raised with fewer values than its text has holes: its English still explains it, where a
            // FormatException here would turn a refusal (a 4xx) into a 500. TextLayerTests keep texts and codes in step.
            return fallback;
        }
    }

    /// <summary>A template of the resource filled with arguments, each in the reader's words where it is a word.</summary>
    public static string Format(this IStringLocalizer<Text> t, string template, IReadOnlyList<object> args) =>
        string.Format(CultureInfo.CurrentCulture, template, args.Select(a => t.Argument(a)).ToArray());

    /// <summary>
    /// One argument: a <see cref="Term"/>, a law, a country (or a list of them) or an enum (stage, role, offer status,
    /// document kind) as a word of the reader's language; data (numbers, money, codes, what a person typed) as it is.
    /// </summary>
    public static object Argument(this IStringLocalizer<Text> t, object argument) => argument switch
    {
        Term term => t[term.English].Value,
        LawCode law => t.Law(law.Value),
        CountryCode country => CaseText.Country(country),
        IEnumerable<CountryCode> countries => string.Join(t["list.separator"].Value, countries.Select(CaseText.Country)),
        DisputeStage stage => t[DisputeStageRules.Name(stage)].Value,
        Enum value => t[value.ToString().ToLowerInvariant()].Value,
        _ => argument,
    };
}
