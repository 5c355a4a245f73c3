using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;

namespace Odr.Web.Pages.Cases.Filing;

/// <summary>A field of the filing form: its name, its label, what to say when it was left empty, and the step that shows it.</summary>
public sealed record FilingField(string Name, string Label, string WhenMissing, int Step);

/// <summary>
/// The filing form's fields in the order the form shows them, so that its error summary lists them top to bottom, each
/// naming its field in words ("Choose the seller's country.") rather than the validator's API wording (ISO codes, JSON paths).
/// </summary>
public static class FilingFields
{
    public static readonly IReadOnlyList<FilingField> InFormOrder =
    [
        // Step 1: the order and the seller.
        new("marketplace", "Marketplace or shop", "Enter the marketplace or shop where you bought.", 1),
        new("orderReference", "Order number", "Enter the order number.", 1),
        new("orderDate", "Order date", "Enter the order date.", 1),
        new("item", "Item", "Enter the item you bought.", 1),
        new("seller.name", "Seller's name", "Enter the seller's name.", 1),
        new("seller.email", "Seller's e-mail address", "Enter the seller's e-mail address, such as shop@example.com.", 1),
        new("seller.country", "Seller's country", "Choose the seller's country.", 1),
        new("seller.type", "The seller is", "Say whether the seller is a business or a private person.", 1),
        new("seller", "The seller", "Enter the seller's details.", 1),
        // Step 2: what happened, what was paid and what the buyer asks for.
        new("claimType", "The problem", "Choose what went wrong.", 2),
        new("description", "Describe what happened", "Describe what happened.", 2),
        new("amount.value", "Amount paid", "Enter the amount you paid.", 2),
        new("amount.currency", "Currency", "Choose the currency you paid in.", 2),
        new("amount", "Amount paid", "Enter the amount you paid.", 2),
        new("remedy.type", "What you want", "Choose what you want.", 2),
        new("remedy", "What you want", "Choose what you want.", 2),
        new("remedy.amount.value", "Refund amount", "Enter the refund amount you ask for.", 2),
        new("remedy.amount", "Refund amount", "Enter the refund amount you ask for.", 2),
        // Step 3: evidence, then the few details that decide the law and how the case runs.
        new("evidence", "Files", "Choose the files again.", 3),
        new("evidenceDescription", "What the files show (optional)", "Say what the files show.", 3),
        new("buyer.country", "Country where you live or trade", "Choose the country where you live.", 3),
        new("buyer.type", "You bought as", "Say whether you bought as a private person or as a business.", 3),
        new("buyer", "You", "Say where you live and how you bought.", 3),
        new("seller.directsToBuyerCountry", "Did the seller sell to your country?", "Say whether the seller sold to your country.", 3),
        new("choiceOfLaw", "Law chosen in the seller's terms (optional)", "Leave the law empty, or enter a country code such as DE.", 3),
        new("language", "Language of the case", "Choose the language of the case.", 3),
        new("consentToArbitration", "Arbitration if mediation fails", "Say whether you agree to arbitration.", 3),
    ];

    /// <summary>How many steps the form has before its review page.</summary>
    public const int StepCount = 3;

    /// <summary>The step that shows a field (an error under a name the form does not know is shown on the last step).</summary>
    public static int StepOf(string field) =>
        InFormOrder.FirstOrDefault(f => f.Name == field)?.Step ?? StepCount;

    /// <summary>The first step with an error; none when the form is valid.</summary>
    public static int? FirstStepWithErrors(ModelStateDictionary state) =>
        state.Where(e => e.Value!.Errors.Count > 0).Select(e => (int?)StepOf(e.Key)).Min();

    /// <summary>
    /// Rewrites the form's errors in the reader's language: an empty field gets its own request ("Enter the order
    /// number."), any other error is prefixed with the field's label. The messages stay in ModelState, so each field's
    /// own error line says the same as the summary.
    /// </summary>
    public static void Rephrase(ModelStateDictionary state, IFormCollection form, IStringLocalizer<Text> t)
    {
        foreach (var field in InFormOrder)
        {
            if (!state.TryGetValue(field.Name, out var entry) || entry.Errors.Count == 0)
            {
                continue;
            }
            var posted = form.Keys.Where(k => k == field.Name || k.StartsWith(field.Name + ".", StringComparison.Ordinal))
                .SelectMany(k => form[k]).Any(v => !string.IsNullOrWhiteSpace(v));
            var messages = posted || field.Name == "evidence"
                ? entry.Errors.Select(e => $"{t[field.Label]}{t["punctuation.colon"]}{t.Message(e.ErrorMessage)}").Distinct().ToList()
                : [t[field.WhenMissing].Value];
            entry.Errors.Clear();
            foreach (var message in messages)
            {
                entry.Errors.Add(message);
            }
        }
    }

    /// <summary>The errors top to bottom as the form shows its fields, then any other.</summary>
    public static IReadOnlyList<(string Field, string Message)> InOrder(ModelStateDictionary state)
    {
        var order = InFormOrder.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i);
        return state.Where(e => e.Value!.Errors.Count > 0)
            .OrderBy(e => order.TryGetValue(e.Key, out var i) ? i : int.MaxValue)
            .SelectMany(e => e.Value!.Errors.Select(error => (e.Key, error.ErrorMessage)))
            .ToList();
    }

    /// <summary>The currency of a country (CNY for China, EUR for Germany), for the buyer's first guess; EUR when none is known.</summary>
    public static string CurrencyOf(string? country)
    {
        try
        {
            if (country is { Length: 2 } && Currency.TryParse(new RegionInfo(country).ISOCurrencySymbol, out var currency))
            {
                return currency.Code;
            }
        }
        catch (ArgumentException)
        {
            // not a region .NET knows
        }
        return "EUR";
    }
}
