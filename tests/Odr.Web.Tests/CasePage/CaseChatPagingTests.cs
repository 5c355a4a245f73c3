using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Odr.Web.Pages.Cases;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// The case page draws a bounded amount whatever the case's age: each chat channel its latest page of messages, with a
/// plain link to the earlier ones, and the history its newest entries, with a link to all of them. An empty caucus says
/// what it is for.
/// </summary>
public sealed partial class CaseChatPagingTests(ChatLimitFactory factory) : IClassFixture<ChatLimitFactory>
{
    private readonly CasePages pages = new(factory);

    /// <summary>Posts the notes through the page's plain form, alternately from each party, one form token each.</summary>
    private static async Task PostNotesAsync(HttpClient buyer, HttpClient seller, string page, int from, int to)
    {
        var tokens = new Dictionary<HttpClient, string>
        {
            [buyer] = await OdrWebFactory.FormTokenAsync(buyer, page), [seller] = await OdrWebFactory.FormTokenAsync(seller, page),
        };
        for (var n = from; n <= to; n++)
        {
            var browser = n % 2 == 1 ? buyer : seller;
            var response = await browser.PostAsync($"{page}?handler=Message", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["text"] = $"Note {n}.", ["channel"] = "Joint", ["__RequestVerificationToken"] = tokens[browser],
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    private static List<int> NotesShown(string html) =>
        NoteNumber().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public async Task AChatLongerThanAPage_ShowsItsLatestPage_AndTheEarlierMessagesFollowAPlainLink()
    {
        var (_, page) = await pages.FileAsync();
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var seller = await pages.BrowserAsync("seller@demo.odr");
        var total = DetailsModel.ChatPageSize + 5;
        await PostNotesAsync(buyer, seller, page, 1, total);

        var html = await buyer.GetStringAsync(page);
        Assert.Equal(Enumerable.Range(6, DetailsModel.ChatPageSize), NotesShown(html));
        Assert.Contains($"data-channel=\"Joint\" data-last-seq=\"{total}\"", html, StringComparison.Ordinal);
        var earlier = Regex.Match(html, "<a href=\"([^\"]+)\">Earlier messages</a>");
        Assert.True(earlier.Success, "no link to the earlier messages");
        Assert.EndsWith("?room=Joint&amp;before=6#chat-Joint", earlier.Groups[1].Value, StringComparison.Ordinal);

        // The link, as a browser without JavaScript follows it: the five before, no further link back, a way to the latest.
        var older = await buyer.GetStringAsync(WebUtility.HtmlDecode(earlier.Groups[1].Value).Split('#')[0]);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, NotesShown(older));
        Assert.DoesNotContain("Earlier messages", older, StringComparison.Ordinal);
        Assert.Contains("Latest messages</a>", older, StringComparison.Ordinal);
        Assert.DoesNotContain("data-channel=\"Joint\"", older, StringComparison.Ordinal); // an earlier window takes no live messages

        // A new message still appears on the latest page, which moves on by one.
        await PostNotesAsync(buyer, seller, page, total + 1, total + 1);
        var after = await seller.GetStringAsync(page);
        Assert.Equal(Enumerable.Range(7, DetailsModel.ChatPageSize), NotesShown(after));
        Assert.Contains($"data-last-seq=\"{total + 1}\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALongHistory_ShowsItsNewestEntries_AndAllOfThemBehindALink()
    {
        var (id, page) = await pages.FileAsync();
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var seller = await pages.BrowserAsync("seller@demo.odr");
        await PostNotesAsync(buyer, seller, page, 1, DetailsModel.HistoryPageSize + 3);
        var events = (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"/api/cases/{id}/events"))!;
        var hashes = events.Select(e => ((string)e!["hash"]!)[..12]).ToList();

        var html = await buyer.GetStringAsync(page);
        Assert.Contains($"History<span class=\"count\"> ({hashes.Count})</span>", html, StringComparison.Ordinal);
        Assert.Contains($"The newest {DetailsModel.HistoryPageSize} of {hashes.Count} entries are shown.", CasePages.Text(html), StringComparison.Ordinal);
        Assert.Equal(hashes.TakeLast(DetailsModel.HistoryPageSize), Timeline(html));
        Assert.Contains("<details class=\"section\" id=\"history-section\">", html, StringComparison.Ordinal);

        var whole = await buyer.GetStringAsync($"{page}?history=all");
        Assert.Equal(hashes, Timeline(whole));
        Assert.Contains("<details class=\"section\" id=\"history-section\" open=\"open\">", whole, StringComparison.Ordinal);
        Assert.DoesNotContain("Show the whole history", whole, StringComparison.Ordinal);
    }

    private static List<string> Timeline(string html) =>
        Regex.Matches(Regex.Match(html, "<ol class=\"timeline\">[\\s\\S]*?</ol>").Value, "<span class=\"mono hint\">([0-9a-f]{12})…</span>")
            .Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public async Task AnEmptyCaucus_SaysWhatItIsFor_InTheReadersLanguage()
    {
        var (_, page) = await pages.FileAsync();
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var seller = await pages.BrowserAsync("seller@demo.odr");
        await CasePages.ActAsync(seller, page, "Respond", new() { ["action"] = "Contest", ["statement"] = "Delivered.", ["consent"] = "true" });
        await CasePages.ActAsync(buyer, page, "Escalate", new() { ["escalateReason"] = "No agreement." });
        await factory.DrainWorkflowsAsync();
        await PostNotesAsync(buyer, seller, page, 1, 1);

        var text = CasePages.Text(await buyer.GetStringAsync(page));
        Assert.Contains("Private caucus: mediator and buyer No messages yet. Here the buyer and the mediator can talk in private; the seller does not see it.",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("No messages yet. What the buyer", text, StringComparison.Ordinal); // the joint room has a message
        var chinese = CasePages.Text(await (await pages.BrowserAsync("seller@demo.odr", "zh-Hans")).GetStringAsync(page));
        Assert.Contains("暂无消息。卖方与调解员可在此私下交谈；买方看不到。", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChineseChatAndHistory_NameRolesInFullWidthBrackets_Only()
    {
        var (_, page) = await pages.FileAsync();
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var seller = await pages.BrowserAsync("seller@demo.odr");
        await PostNotesAsync(buyer, seller, page, 1, 2);

        var html = await (await pages.BrowserAsync("buyer@demo.odr", "zh-Hans")).GetStringAsync(page);
        var chat = Regex.Match(html, "<ol class=\"chat-log\"[\\s\\S]*?</ol>").Value;
        var history = Regex.Match(html, "<details class=\"section\" id=\"history-section\"[\\s\\S]*?</details>").Value;
        Assert.Contains("（买家）", CasePages.Text(chat), StringComparison.Ordinal);
        Assert.Contains("（卖家）", CasePages.Text(chat), StringComparison.Ordinal);
        Assert.Matches("历史 ?（\\d+）", CasePages.Text(history));
        foreach (var lines in new[] { chat, history })
        {
            var text = CasePages.Text(lines);
            Assert.DoesNotContain('(', text);
            Assert.DoesNotContain(')', text);
        }
        // The live chat writes its lines with the same brackets: the pattern is among the texts the page hands the script.
        Assert.Contains("&quot;bracketed&quot;:&quot;\\uFF08{0}\\uFF09&quot;", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<p class=\"pre-wrap\">Note (\\d+)\\.</p>")]
    private static partial Regex NoteNumber();
}
