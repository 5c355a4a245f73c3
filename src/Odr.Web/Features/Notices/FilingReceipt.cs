using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Features.Notices;

/// <summary>
/// The buyer's receipt for a complaint filed on the pages or the API: the case number, what happens next and the
/// case's link (from Odr:PublicBaseUrl, added by <see cref="NoticeComposer"/>). A case a marketplace filed for a buyer
/// is announced by the marketplace's invitation instead.
/// </summary>
public static class FilingReceipt
{
    public static bool Wanted(DisputeCase c) => c.FiledBy != CaseFiler.Marketplace;

    /// <summary>Adds the receipt's paragraphs and returns its subject, in the reader's language.</summary>
    public static string Compose(DisputeCase c, string? deadline, IStringLocalizer<Text> t, List<string> paragraphs)
    {
        var order = c.Order;
        paragraphs.Add(t["notice.filingReceipt.received", c.Seller.Name, order.OrderReference, order.Item, order.AmountPaid, c.Number]);
        paragraphs.Add(t["notice.filingReceipt.next", deadline ?? ""]);
        paragraphs.Add(t["notice.filingReceipt.follow"]);
        return t["notice.filingReceipt.subject", c.Number];
    }
}
