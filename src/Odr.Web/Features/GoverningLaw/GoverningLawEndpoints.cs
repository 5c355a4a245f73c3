using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Features.GoverningLaw;

public sealed record PartyInput(string? Country, string? Subdivision, string? Type);

/// <summary>A contract of carriage (Rome I Art. 5): <c>kind</c> passengers | goods; <c>from</c> the place of departure or
/// receipt, <c>to</c> the place of destination or delivery (country codes).</summary>
public sealed record CarriageInput(CarriageKind? Kind, string? From, string? To);

public sealed record AssessmentInput(
    DateOnly? ContractDate,
    PartyInput? Buyer,
    PartyInput? Seller,
    YesNoUnknown? SellerDirectsToBuyerCountry,
    YesNoUnknown? SellerBusinessActivityInBuyerCountry,
    ContractType? ContractType,
    bool? ServicesExclusivelyOutsideConsumerCountry,
    YesNoUnknown? BuyerPurposePersonalKnown,
    string? ChoiceOfLaw,
    ChoiceOfLawSource? ChoiceOfLawSource,
    bool? CisgExpresslyExcluded,
    bool? ConsumerElectsPlaceOfProvisionLaw,
    string? Forum,
    CarriageInput? Carriage = null);

public sealed record OverlayResponse(string Law, string Scope, string Basis, bool RequiresConsumerInvocation);

/// <summary>
/// governing-law.md's answer shape; <c>reasons</c> lists the explanation's sentences one by one, in the request's
/// language, and <c>reasonCodes</c> their stable codes in the same order (<c>stored</c> for a suggestion saved before
/// reasons had codes).
/// </summary>
public sealed record AssessmentResponse(
    string ReferenceRegime,
    string GoverningLaw,
    IReadOnlyList<string> Basis,
    CisgApplication Cisg,
    string? CisgResidualLaw,
    IReadOnlyList<OverlayResponse> MandatoryOverlays,
    Confidence Confidence,
    IReadOnlyList<string> Flags,
    string Explanation,
    IReadOnlyList<string> Reasons,
    string DataVersion,
    IReadOnlyList<string> ReasonCodes);

public static class GoverningLawEndpoints
{
    public const string AnonymousRateLimit = "anonymous";

    public static IEndpointRouteBuilder MapGoverningLaw(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/governing-law/assessments", Assess)
            .WithTags("Governing law").WithName("AssessGoverningLaw")
            .WithSummary("Which law governs this sale? A suggestion with its legal basis (anonymous, rate-limited).")
            .AllowAnonymous()
            .RequireRateLimiting(AnonymousRateLimit);
        return app;
    }

    private static Results<Ok<AssessmentResponse>, ValidationProblem> Assess(AssessmentInput input, GoverningLawEngine engine, TimeProvider time,
        IStringLocalizer<Text> t)
    {
        if (!TryRead(input, engine.Data, Today(time), out var request, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The facts given cannot be assessed.");
        }
        // The request's language (Accept-Language, as the request localization chose it among the supported cultures).
        return TypedResults.Ok(engine.Assess(request!).ToResponse(t));
    }

    /// <summary>Today (UTC) by the service's clock: a contract date after it is in the future.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Turns the public request into the engine's facts, naming every bad field.</summary>
    public static bool TryRead(AssessmentInput input, LegalData data, DateOnly today, out AssessmentRequest? request, out Dictionary<string, string[]> errors)
    {
        var problems = new ValidationErrors();
        var contractDate = problems.Required(input.ContractDate, "contractDate", "the date the contract was made (YYYY-MM-DD)");
        if (input.ContractDate > today)
        {
            problems.Add("contractDate", $"The contract date {input.ContractDate:yyyy-MM-dd} is in the future; the rules apply to contracts already made.");
        }
        var buyer = Party(input.Buyer, "buyer", data, problems);
        var seller = Party(input.Seller, "seller", data, problems);
        BuyerType buyerType = default;
        SellerType sellerType = default;
        if (input.Buyer is not null && !TryParseName(input.Buyer.Type, out buyerType))
        {
            problems.Add("buyer.type", "The buyer's type is 'consumer' or 'business'.");
        }
        if (input.Seller is not null && !TryParseName(input.Seller.Type, out sellerType))
        {
            problems.Add("seller.type", "The seller's type is 'business' or 'private'.");
        }
        LawCode? choice = null;
        if (!string.IsNullOrWhiteSpace(input.ChoiceOfLaw))
        {
            choice = data.KnownLaw(input.ChoiceOfLaw);
            if (choice is null)
            {
                problems.Add("choiceOfLaw", "A law is named by a country code (CN, DE), a legal unit the rules know (US-NY, GB-EAW or GB-ENG, GB-SCT, GB-NIR) or UNIDROIT-PICC.");
            }
        }
        CountryCode? forum = null;
        if (!string.IsNullOrWhiteSpace(input.Forum))
        {
            forum = CountryCode.TryParse(input.Forum, out var f) ? f : null;
            if (forum is null)
            {
                problems.Add("forum", "The forum is an ISO 3166-1 alpha-2 country code.");
            }
        }
        CountryCode? carriageFrom = null;
        CountryCode? carriageTo = null;
        if (input.Carriage is { } carriage)
        {
            if (input.ContractType != ContractType.Carriage)
            {
                problems.Add("carriage", "Carriage details belong to a contract of carriage (contractType 'carriage').");
            }
            carriageFrom = string.IsNullOrWhiteSpace(carriage.From) ? null : problems.Country(carriage.From, "carriage.from");
            carriageTo = string.IsNullOrWhiteSpace(carriage.To) ? null : problems.Country(carriage.To, "carriage.to");
        }
        errors = problems.ToDictionary();
        if (errors.Count > 0)
        {
            request = null;
            return false;
        }
        request = new AssessmentRequest
        {
            ContractDate = contractDate,
            Buyer = buyer!,
            BuyerType = buyerType,
            Seller = seller!,
            SellerType = sellerType,
            SellerDirectsToBuyerCountry = input.SellerDirectsToBuyerCountry,
            SellerBusinessActivityInBuyerCountry = input.SellerBusinessActivityInBuyerCountry,
            ContractType = input.ContractType ?? ContractType.Goods,
            ServicesExclusivelyOutsideConsumerCountry = input.ServicesExclusivelyOutsideConsumerCountry ?? false,
            BuyerPurposePersonalKnown = input.BuyerPurposePersonalKnown,
            ChoiceOfLaw = choice,
            ChoiceOfLawSource = input.ChoiceOfLawSource ?? ChoiceOfLawSource.SellerTerms,
            CisgExpresslyExcluded = input.CisgExpresslyExcluded ?? false,
            ConsumerElectsPlaceOfProvisionLaw = input.ConsumerElectsPlaceOfProvisionLaw ?? false,
            Forum = forum,
            CarriageKind = input.Carriage?.Kind,
            CarriageFrom = carriageFrom,
            CarriageTo = carriageTo,
        };
        return true;
    }

    /// <summary>An enum member by its name only (case-insensitive); numbers are not names.</summary>
    private static bool TryParseName<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out value);
    }

    private static PartyFacts? Party(PartyInput? input, string field, LegalData data, ValidationErrors problems)
    {
        if (input is null)
        {
            problems.Add(field, $"The {field}'s country and type are required.");
            return null;
        }
        var country = problems.Country(input.Country, $"{field}.country");
        if (country == default)
        {
            return null;
        }
        var subdivision = string.IsNullOrWhiteSpace(input.Subdivision) ? null : input.Subdivision.Trim().ToUpperInvariant();
        if (!data.IsKnownSubdivision(country, subdivision))
        {
            problems.Add($"{field}.subdivision", data.LegalUnits.ContainsKey(country.Value)
                ? $"'{input.Subdivision}' is not a legal unit of {country.Value}."
                : $"{country.Value} has one legal system: leave the subdivision empty.");
            return null;
        }
        return new PartyFacts(country, subdivision);
    }

    /// <summary>The answer with its reasons in the current culture's words (<see cref="Languages.Use"/> for another).</summary>
    public static AssessmentResponse ToResponse(this Assessment a, IStringLocalizer<Text> t)
    {
        var reasons = a.Reasons.Select(t.Reason).ToList();
        return new AssessmentResponse(a.ReferenceRegime, a.GoverningLaw, a.Basis, a.Cisg, a.CisgResidualLaw,
            a.MandatoryOverlays.Select(o => new OverlayResponse(o.Law, o.Scope, o.Basis, o.RequiresConsumerInvocation)).ToList(),
            a.Confidence, a.Flags, string.Join(t["sentence.separator"].Value, reasons), reasons, a.DataVersion,
            a.Reasons.Select(r => r.Code).ToList());
    }

    /// <summary>The answer in <paramref name="culture"/>'s words, whatever the request's.</summary>
    public static AssessmentResponse ToResponse(this Assessment a, IStringLocalizer<Text> t, string culture)
    {
        using (Languages.Use(culture))
        {
            return a.ToResponse(t);
        }
    }
}
