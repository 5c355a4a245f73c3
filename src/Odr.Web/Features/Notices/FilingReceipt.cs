using Odr.Domain.Disputes;

namespace Odr.Web.Features.Notices;

/// <summary>
/// The buyer's receipt for a complaint filed on the pages or the API: the case number, what happens next and the
/// case's link (from Odr:PublicBaseUrl, added by <see cref="NoticeComposer"/>). A case a marketplace filed for a buyer
/// is announced by the marketplace's invitation instead.
/// </summary>
public static class FilingReceipt
{
    public static bool Wanted(DisputeCase c) => c.FiledBy != CaseFiler.Marketplace;

    /// <summary>Adds the receipt's paragraphs and returns its subject, in English or Simplified Chinese.</summary>
    public static string Compose(DisputeCase c, string? deadline, bool zh, List<string> paragraphs)
    {
        var number = c.Number.ToString();
        var order = c.Order;
        paragraphs.Add(zh
            ? $"我们已收到您对{c.Seller.Name}的投诉，涉及订单 {order.OrderReference}（{order.Item}，{order.AmountPaid}）。您的案件编号为 {number}，与我们联系时请注明。"
            : $"We have received your complaint against {c.Seller.Name} about order {order.OrderReference} ({order.Item}, {order.AmountPaid}). Your case number is {number}; please quote it if you write to us.");
        paragraphs.Add(zh
            ? $"接下来：我们通过电子邮件把投诉发给卖家。卖家可在 {deadline} 之前接受您的请求、提出反要约或提出异议。若卖家未作回复，案件将进入由中立调解员主持的调解程序。"
            : $"What happens next: we send the complaint to the seller by e-mail. The seller has until {deadline} to accept your request, make a counter-offer or contest it. If the seller does not answer, the case goes to mediation with a neutral mediator.");
        paragraphs.Add(zh
            ? "卖家答复时以及案件的每一步，我们都会发邮件通知您。您可以在案件页面跟进案件、补充证据并与卖家沟通。"
            : "We e-mail you when the seller answers and at every later step. On the case page you can follow the case, add evidence and write to the seller.");
        return zh ? $"您的投诉已提交：案件 {number}" : $"Your complaint is filed: case {number}";
    }
}
