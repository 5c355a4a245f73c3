using System.Globalization;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Features.Disputes;

/// <summary>A filing whose every field was checked and turned into the domain's types.</summary>
public sealed record ValidatedFiling(
    BuyerType BuyerType,
    CountryCode BuyerCountry,
    Seller Seller,
    OrderDetails Order,
    ClaimType ClaimType,
    string Description,
    Remedy Remedy,
    CaseLanguage Language,
    LawCode? ChoiceOfLaw,
    bool ConsentToArbitration,
    string? BuyerSubdivision,
    string? SellerSubdivision,
    ContractType ContractType,
    ChoiceOfLawSource ChoiceOfLawSource,
    bool CisgExpresslyExcluded);

/// <summary>
/// Checks a filing field by field and reports every bad field at once, by its JSON path. Parsing goes through
/// the domain's own value objects, so the rules live in one place; the aggregate checks again when it is built.
/// </summary>
public static class FilingValidator
{
    private static readonly DateOnly EarliestOrderDate = new(2000, 1, 1);

    public static bool TryValidate(FileCaseRequest request, DateTimeOffset now, LegalData legalData, IStringLocalizer<Text> t,
        out ValidatedFiling? filing, out Dictionary<string, string[]> errors)
    {
        var problems = new ValidationErrors(t);
        var marketplace = problems.Text(request.Marketplace, "marketplace", OrderDetails.MarketplaceMaxLength);
        var orderReference = problems.Text(request.OrderReference, "orderReference", OrderDetails.OrderReferenceMaxLength);
        var item = problems.Text(request.Item, "item", OrderDetails.ItemMaxLength);
        var description = problems.Text(request.Description, "description", DisputeCase.DescriptionMaxLength);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (request.OrderDate is not { } orderDate)
        {
            problems.Add("orderDate", "The order date is required (YYYY-MM-DD).");
        }
        else if (orderDate > today.AddDays(1))
        {
            problems.Add("orderDate", "The order date cannot be in the future.");
        }
        else if (orderDate < EarliestOrderDate)
        {
            problems.Add("orderDate", "The order date is too far in the past.");
        }

        var amount = problems.Money(request.Amount, "amount", mustBePositive: true);

        CountryCode buyerCountry = default;
        BuyerType buyerType = default;
        string? buyerUnit = null;
        string? sellerUnit = null;
        if (request.Buyer is null)
        {
            problems.Add("buyer", "The buyer's country and type are required.");
        }
        else
        {
            buyerCountry = problems.Country(request.Buyer.Country, "buyer.country");
            buyerType = problems.Required(request.Buyer.Type, "buyer.type", "consumer or business");
            buyerUnit = Unit(request.Buyer.Subdivision, buyerCountry, legalData, "buyer.subdivision", problems);
        }

        Seller? seller = null;
        if (request.Seller is null)
        {
            problems.Add("seller", "The seller's name, e-mail, country and type are required.");
        }
        else
        {
            var name = problems.Text(request.Seller.Name, "seller.name", Seller.NameMaxLength);
            EmailAddress email = default;
            if (!EmailAddress.TryParse(request.Seller.Email, out email))
            {
                problems.Add("seller.email", "A valid e-mail address for the seller is required.");
            }
            else if (!email.IsAscii)
            {
                problems.Add("seller.email", EmailAddress.NotAsciiRefusal);
            }
            var sellerCountry = problems.Country(request.Seller.Country, "seller.country");
            var sellerType = problems.Required(request.Seller.Type, "seller.type", "business or private");
            sellerUnit = Unit(request.Seller.Subdivision, sellerCountry, legalData, "seller.subdivision", problems);
            if (!problems.Has("seller"))
            {
                seller = new Seller(name!, email, sellerCountry, sellerType, request.Seller.DirectsToBuyerCountry ?? YesNoUnknown.Unknown);
            }
        }

        var claimType = problems.Required(request.ClaimType, "claimType", "a claim type");

        Remedy? remedy = null;
        if (request.Remedy?.Type is not { } remedyType)
        {
            problems.Add("remedy.type", "The remedy sought is required.");
        }
        else
        {
            // Only a partial refund has an amount of its own; an amount sent with another remedy says nothing more.
            var remedyAmount = remedyType != RemedyType.PartialRefund || request.Remedy.Amount is null
                ? (Money?)null
                : problems.Money(request.Remedy.Amount, "remedy.amount", mustBePositive: true);
            if (amount is { } paid && !problems.Has("remedy"))
            {
                if (!Remedy.TryCreate(remedyType, remedyAmount, paid, out remedy, out var error))
                {
                    problems.Add(remedyType == RemedyType.PartialRefund ? "remedy.amount" : "remedy", error!);
                }
            }
        }

        var language = CaseLanguage.En;
        if (request.Language is not null && !TryParseLanguage(request.Language, out language))
        {
            problems.Add("language", "The case language is one of: {0}.", string.Join(", ", Languages.All.Select(l => $"'{l.Code}' ({l.NativeName})")));
        }

        LawCode? choiceOfLaw = null;
        if (!string.IsNullOrWhiteSpace(request.ChoiceOfLaw))
        {
            choiceOfLaw = legalData.KnownLaw(request.ChoiceOfLaw);
            if (choiceOfLaw is null)
            {
                problems.Add("choiceOfLaw", "A law is named by its country code, such as CN or DE, or a legal unit the rules know, such as US-NY or GB-EAW.");
            }
        }

        errors = problems.ToDictionary();
        if (errors.Count > 0)
        {
            filing = null;
            return false;
        }
        filing = new ValidatedFiling(buyerType, buyerCountry, seller!,
            new OrderDetails(marketplace!, orderReference!, request.OrderDate!.Value, item!, amount!.Value),
            claimType, description!, remedy!, language, choiceOfLaw, request.ConsentToArbitration ?? false, buyerUnit, sellerUnit,
            request.ContractType ?? ContractType.Goods, request.ChoiceOfLawSource ?? ChoiceOfLawSource.SellerTerms,
            request.CisgExpresslyExcluded ?? false);
        return true;
    }

    /// <summary>A legal unit (US state, UK nation) checked against the legal data; none when not given.</summary>
    private static string? Unit(string? subdivision, CountryCode country, LegalData data, string field, ValidationErrors problems)
    {
        if (string.IsNullOrWhiteSpace(subdivision) || country == default)
        {
            return null;
        }
        var unit = subdivision.Trim().ToUpperInvariant();
        if (!data.IsKnownSubdivision(country, unit))
        {
            problems.Add(field, "'{0}' is not a legal unit of {1} (for example NY or CA for the US; ENG, WLS, SCT or NIR for the UK).", subdivision, country.Value);
            return null;
        }
        return unit;
    }

    public static bool TryParseLanguage(string? text, out CaseLanguage language)
    {
        // A language's code (en, zh, es) or a culture of it (en-GB, zh-Hans-CN, es-MX): whatever Languages.All lists.
        language = default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > 16)
        {
            return false;
        }
        if (Languages.FromCode(text) is { } known)
        {
            language = known.CaseLanguage;
            return true;
        }
        try
        {
            var culture = System.Globalization.CultureInfo.GetCultureInfo(text.Trim(), predefinedOnly: true);
            var match = Languages.All.FirstOrDefault(l => System.Globalization.CultureInfo.GetCultureInfo(l.Culture).TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName);
            language = match?.CaseLanguage ?? default;
            return match is not null;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>
/// Field errors keyed by JSON path, and the small checks every request validator needs. Each message is written in the
/// request's language as it is added: a template of the resources with its values (<c>"At most {0} characters."</c>),
/// or a domain <see cref="Refusal"/> by its code. Without a localizer (code that has no request) it stays English.
/// </summary>
public sealed class ValidationErrors(IStringLocalizer<Text>? t = null)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>A page number from 1 and a page size from 1 to <paramref name="maxPageSize"/>.</summary>
    public void Paging(int page, int pageSize, int maxPageSize)
    {
        if (page < 1)
        {
            Add("page", "Pages are numbered from 1.");
        }
        if (pageSize < 1 || pageSize > maxPageSize)
        {
            Add("pageSize", "A page holds 1 to {0} items.", maxPageSize);
        }
    }

    /// <summary>A message from its English template (the resource key) and the values of its holes.</summary>
    public void Add(string field, string template, params object[] args) => AddText(field, t is null
        ? args.Length == 0 ? template : string.Format(CultureInfo.InvariantCulture, template, args)
        : args.Length == 0 ? t.Message(template) : t.Format(t[template].Value, args));

    /// <summary>A domain refusal of the value, by its code.</summary>
    public void Add(string field, Refusal refusal) => AddText(field, t is null ? refusal.Message : t.Refusal(refusal));

    private void AddText(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>Whether any error was recorded for <paramref name="prefix"/> or a field below it.</summary>
    public bool Has(string prefix) =>
        _errors.Keys.Any(k => k == prefix || k.StartsWith(prefix + ".", StringComparison.Ordinal));

    public string? Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "This field is required.");
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, "At most {0} characters.", maxLength);
            return null;
        }
        return trimmed;
    }

    public CountryCode Country(string? value, string field)
    {
        if (CountryCode.TryParse(value, out var country))
        {
            return country;
        }
        Add(field, "An ISO 3166-1 alpha-2 country code is required, such as DE or CN.");
        return default;
    }

    public T Required<T>(T? value, string field, string what) where T : struct
    {
        if (value is { } v)
        {
            return v;
        }
        Add(field, "This field is required: {0}.", new Term(what));
        return default;
    }

    public Money? Money(MoneyDto? value, string field, bool mustBePositive)
    {
        if (value is null)
        {
            Add(field, "The amount is required.");
            return null;
        }
        Currency currency = default;
        if (!Currency.TryParse(value.Currency, out currency))
        {
            Add($"{field}.currency", "An ISO 4217 currency code is required, such as EUR or CNY.");
        }
        if (value.Value is not { } amount)
        {
            Add($"{field}.value", "The amount is required.");
            return null;
        }
        if (mustBePositive && amount <= 0)
        {
            Add($"{field}.value", "The amount must be more than zero.");
            return null;
        }
        if (currency == default)
        {
            return null;
        }
        if (!Domain.Common.Money.TryCreate(amount, currency, out var money, out var error))
        {
            Add($"{field}.value", error!);
            return null;
        }
        return money;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
