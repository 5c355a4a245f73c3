using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Features.GoverningLaw;

namespace Odr.Web.Pages;

/// <summary>
/// "Which law applies?": the public assessment as a form. A GET form (nothing changes on the server), so the answer's
/// address can be shared; limited like the API.
/// </summary>
[EnableRateLimiting(GoverningLawEndpoints.AnonymousRateLimit)]
public sealed class GoverningLawModel(GoverningLawEngine engine, TimeProvider time, IStringLocalizer<Text> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "contractDate")] public DateOnly? ContractDate { get; set; }
    [BindProperty(SupportsGet = true, Name = "buyer.country")] public string? BuyerCountry { get; set; }
    [BindProperty(SupportsGet = true, Name = "buyer.subdivision")] public string? BuyerSubdivision { get; set; }
    [BindProperty(SupportsGet = true, Name = "buyer.type")] public string? BuyerType { get; set; }
    [BindProperty(SupportsGet = true, Name = "seller.country")] public string? SellerCountry { get; set; }
    [BindProperty(SupportsGet = true, Name = "seller.subdivision")] public string? SellerSubdivision { get; set; }
    [BindProperty(SupportsGet = true, Name = "seller.type")] public string? SellerType { get; set; }
    [BindProperty(SupportsGet = true, Name = "sellerDirectsToBuyerCountry")] public YesNoUnknown? Directs { get; set; }
    [BindProperty(SupportsGet = true, Name = "contractType")] public ContractType? ContractType { get; set; }
    [BindProperty(SupportsGet = true, Name = "servicesExclusivelyOutsideConsumerCountry")] public bool ServicesAbroad { get; set; }
    [BindProperty(SupportsGet = true, Name = "carriage.kind")] public CarriageKind? CarriageKind { get; set; }
    [BindProperty(SupportsGet = true, Name = "carriage.from")] public string? CarriageFrom { get; set; }
    [BindProperty(SupportsGet = true, Name = "carriage.to")] public string? CarriageTo { get; set; }
    [BindProperty(SupportsGet = true, Name = "choiceOfLaw")] public string? ChoiceOfLaw { get; set; }
    [BindProperty(SupportsGet = true, Name = "choiceOfLawSource")] public ChoiceOfLawSource? Source { get; set; }
    [BindProperty(SupportsGet = true, Name = "cisgExpresslyExcluded")] public bool CisgExcluded { get; set; }
    [BindProperty(SupportsGet = true, Name = "assess")] public bool Submitted { get; set; }

    public AssessmentResponse? Answer { get; private set; }

    public static IReadOnlyList<CountryCode> Countries => Cases.FileModel.Countries;

    /// <summary>The carriage block as the API takes it, when any of its fields is filled in (the API refuses it for another contract type).</summary>
    private CarriageInput? Carriage() =>
        CarriageKind is null && string.IsNullOrWhiteSpace(CarriageFrom) && string.IsNullOrWhiteSpace(CarriageTo)
            ? null
            : new CarriageInput(CarriageKind, CarriageFrom, CarriageTo);

    public void OnGet()
    {
        if (!Submitted)
        {
            ContractDate ??= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            BuyerType ??= "consumer";
            SellerType ??= "business";
            return;
        }
        // Values the browser could not bind (a malformed date) are already in ModelState under their field's name.
        var input = new AssessmentInput(ContractDate, new PartyInput(BuyerCountry, BuyerSubdivision, BuyerType),
            new PartyInput(SellerCountry, SellerSubdivision, SellerType), Directs, null, ContractType, ServicesAbroad, null,
            ChoiceOfLaw, Source, CisgExcluded, null, null, Carriage());
        if (!GoverningLawEndpoints.TryRead(input, engine.Data, GoverningLawEndpoints.Today(time), out var request, out var errors))
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }
            return;
        }
        if (ModelState.IsValid)
        {
            // The page's own language (the switcher, ?culture=, the account), as its labels; the API reads Accept-Language.
            Answer = engine.Assess(request!).ToResponse(t);
        }
    }
}
