using System.Globalization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Forms;

namespace Odr.Web.Pages.Cases.Filing;

/// <summary>
/// A case started from a marketplace's link or from the filing guide, with what is known filled in:
/// <c>/Cases/File?marketplace=ExampleMart&amp;orderReference=W-42&amp;orderDate=2026-10-01&amp;item=Jacket&amp;amount=59.90&amp;currency=EUR
/// &amp;sellerName=…&amp;sellerEmail=shop@example.com&amp;sellerCountry=CN&amp;claimType=NotReceived&amp;remedy=FullRefund</c>.
/// Each value is checked as the form would check it; one that does not pass is left out (and named), never half-used.
/// The buyer still reads and sends the form: a link fills it in, it files nothing.
/// </summary>
public static class FilingPrefill
{
    public static void Apply(FileModel form, IQueryCollection query)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) && v.ToString() is { Length: > 0 } text ? text.Trim() : null;

        void Text(string name, int maxLength, Action<string> set)
        {
            if (Get(name) is not { } text)
            {
                return;
            }
            if (text.Length <= maxLength && PlainText.IsValid(text))
            {
                set(text);
            }
            else
            {
                form.PrefillIgnored.Add(name);
            }
        }

        void Parsed(string name, Func<string, bool> tryApply)
        {
            if (Get(name) is { } text && !tryApply(text))
            {
                form.PrefillIgnored.Add(name);
            }
        }

        Text("marketplace", OrderDetails.MarketplaceMaxLength, v => form.Marketplace = v);
        Text("orderReference", OrderDetails.OrderReferenceMaxLength, v => form.OrderReference = v);
        Text("item", OrderDetails.ItemMaxLength, v => form.Item = v);
        Text("sellerName", Seller.NameMaxLength, v => form.SellerName = v);
        Parsed("orderDate", v => Set(DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d), () => form.OrderDate = d));
        Parsed("currency", v => Set(Currency.TryParse(v, out var c), () => form.AmountCurrency = c.Code));
        Parsed("amount", v => Set(AmountText.TryParse(v, CultureInfo.InvariantCulture, out var a) && a > 0
            && Money.TryCreate(a, Currency.Parse(form.AmountCurrency ?? "EUR"), out _, out _), () => form.AmountValue = a));
        Parsed("sellerEmail", v => Set(EmailAddress.TryParse(v, out var e) && e.IsAscii, () => form.SellerEmail = e.Value));
        Parsed("sellerCountry", v => Set(CountryCode.TryParse(v, out var c), () => form.SellerCountry = c.Value));
        Parsed("claimType", v => Set(Enum.TryParse<ClaimType>(v, ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(v, out _),
            () => form.ClaimType = c));
        Parsed("remedy", v => Set(Enum.TryParse<RemedyType>(v, ignoreCase: true, out var r) && Enum.IsDefined(r) && !int.TryParse(v, out _),
            () => form.RemedyType = r));
    }

    private static bool Set(bool valid, Action apply)
    {
        if (valid)
        {
            apply();
        }
        return valid;
    }
}
