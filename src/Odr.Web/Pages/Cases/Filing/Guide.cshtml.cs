using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Pages.Cases.Filing;

/// <summary>
/// The filing guide, before the form (after BC's Solution Explorer): what happened, in plain questions that lead to the
/// claim type; whether the seller was asked first, with a message ready to send; what one can ask for; and what happens
/// next and how long each stage may take, from the configured deadlines. Its answers fill the form in. Open to anyone:
/// a person may read it before they have an account.
/// </summary>
[AllowAnonymous]
public sealed class GuideModel(IOptions<DeadlineOptions> deadlines) : PageModel
{
    /// <summary>The plain question for each claim type, in the order a person is most likely to look for it.</summary>
    public static readonly IReadOnlyList<(ClaimType Type, string Question)> WhatHappened =
    [
        (ClaimType.NotReceived, "I paid, but the item never arrived."),
        (ClaimType.WrongItem, "I received a different item from the one I ordered."),
        (ClaimType.NotAsDescribed, "The item is not what the listing described."),
        (ClaimType.DamagedOrDefective, "The item arrived damaged, or it does not work."),
        (ClaimType.Counterfeit, "The item is a fake of a branded product."),
        (ClaimType.ReturnNotRefunded, "I sent the item back, but I got no refund."),
        (ClaimType.UnauthorizedCharge, "I was charged for something I did not order."),
        (ClaimType.Other, "Something else went wrong."),
    ];

    /// <summary>What a buyer can ask for, each with what it means for them.</summary>
    public static readonly IReadOnlyList<(RemedyType Type, string Meaning)> WhatYouCanAskFor =
    [
        (RemedyType.FullRefund, "All your money back; the seller may ask you to return the item."),
        (RemedyType.ReturnAndRefund, "You send the item back and get the price back."),
        (RemedyType.PartialRefund, "Part of the price back, and you keep the item."),
        (RemedyType.Replacement, "The same item again, in good order."),
        (RemedyType.Repair, "The item repaired at the seller's cost."),
    ];

    /// <summary>Values a marketplace's link brought along (order number, seller, amount), carried on to the form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CarriedOn { get; private set; } = [];

    public string? OrderReference { get; private set; }

    public DeadlineOptions Deadlines => deadlines.Value;

    public static int Days(TimeSpan period) => Math.Max(1, (int)Math.Round(period.TotalDays));

    public void OnGet()
    {
        CarriedOn = Request.Query.Where(q => q.Key is not ("claimType" or "remedy" or "culture") && q.Key.Length <= 40)
            .Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())).Where(q => q.Value.Length <= 500).ToList();
        OrderReference = Request.Query["orderReference"].ToString() is { Length: > 0 and <= 100 } reference ? reference : null;
    }
}
