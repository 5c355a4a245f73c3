using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;

namespace Odr.Web.Tests.CasePage;

/// <summary>The notification centre lists every action awaiting the signed-in person and every notice sent to them; the header counts the actions.</summary>
public sealed class NotificationCentreTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly CasePages pages = new(factory);

    [Fact]
    public async Task TheSellersCentre_ListsTheResponseDue_AndTheComplaintNotice_AndTheHeaderCountsIt()
    {
        var (id, _) = await pages.FileAsync();
        var number = (string)(await pages.CaseAsync(id))["number"]!;
        var seller = await pages.BrowserAsync("seller@demo.odr");

        var html = await seller.GetStringAsync("/Notifications");
        var awaiting = Regex.Match(html, "<section aria-labelledby=\"awaiting-title\"[\\s\\S]*?</section>").Value;
        Assert.Contains($"href=\"/Cases/Details/{id}#respond\"", awaiting, StringComparison.Ordinal);
        Assert.Contains($"Case {number}: Respond to the complaint", CasePages.Text(awaiting), StringComparison.Ordinal);
        var notices = CasePages.Text(Regex.Match(html, "<section aria-labelledby=\"notices-title\"[\\s\\S]*?</section>").Value);
        Assert.Contains($"Case {number} : A complaint was filed", notices, StringComparison.Ordinal); // the case number is a link
        var count = int.Parse(Regex.Match(html, "id=\"notifications-link\">Notifications <span class=\"badge\"[^>]*>(\\d+)</span>").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Regex.Count(awaiting, "<li class=\"task"), count);

        // The buyer has nothing to do on that case, and was sent no complaint notice.
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var theirs = await buyer.GetStringAsync("/Notifications");
        Assert.DoesNotContain($"/Cases/Details/{id}#respond", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("A complaint was filed", theirs, StringComparison.Ordinal);

        // In Chinese.
        var chinese = await pages.BrowserAsync("seller@demo.odr", "zh-Hans");
        var zh = await chinese.GetStringAsync("/Notifications");
        Assert.Contains("等待您处理", zh, StringComparison.Ordinal);
        Assert.Contains("已提出投诉", zh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSellersNotice_IsListed_HoweverManyNewerNoticesWentToTheBuyer()
    {
        var (id, _) = await pages.FileAsync();
        var number = (string)(await pages.CaseAsync(id))["number"]!;
        var caseId = new DisputeId(Guid.Parse(id));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var complaint = await db.Set<SentNotice>().SingleAsync(n => n.DisputeId == caseId && n.Recipient == CaseRole.Seller);
            // More newer notices to the buyer than the centre lists, each later than the seller's one.
            db.AddRange(Enumerable.Range(1, NotificationCentre.NoticesShown * 5).Select(i => new SentNotice
            {
                Key = $"flood:{id}:{i}",
                DisputeId = caseId,
                Kind = NoticeKind.OfferReceived,
                Recipient = CaseRole.Buyer,
                ToAddress = "buyer@demo.odr",
                MessageId = $"<flood-{i}@odr.test>",
                SentAt = complaint.SentAt.AddSeconds(i),
            }));
            await db.SaveChangesAsync();
        }

        var html = await (await pages.BrowserAsync("seller@demo.odr")).GetStringAsync("/Notifications");
        var notices = CasePages.Text(Regex.Match(html, "<section aria-labelledby=\"notices-title\"[\\s\\S]*?</section>").Value);
        Assert.Contains($"Case {number} : A complaint was filed", notices, StringComparison.Ordinal);
        Assert.DoesNotContain("You received an offer", notices, StringComparison.Ordinal);
        var buyers = await (await pages.BrowserAsync("buyer@demo.odr")).GetStringAsync("/Notifications");
        Assert.Equal(NotificationCentre.NoticesShown, Regex.Count(Regex.Match(buyers, "<ul class=\"notice-list\">[\\s\\S]*?</ul>").Value, "<li "));
    }
}
