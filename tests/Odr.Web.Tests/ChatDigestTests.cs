using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using MimeKit;
using Odr.Web.Features.Chat;

namespace Odr.Web.Tests;

/// <summary>The service with a real SMTP server and a ten-minute chat digest delay.</summary>
public sealed class ChatDigestFactory : OdrWebFactory
{
    public static readonly TimeSpan DigestDelay = TimeSpan.FromMinutes(10);

    public SmtpServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Odr:Mail:Smtp:Host"] = "127.0.0.1",
        ["Odr:Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Odr:Mail:From"] = "ODR Service <notices@odr.example>",
        ["Odr:PublicBaseUrl"] = "https://odr.example",
        ["Odr:Chat:DigestDelay"] = "00:10:00",
        ["Odr:Chat:MessagesPerTenSeconds"] = "1000",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
        }
    }
}

/// <summary>
/// Chat messages someone has not read reach them as one e-mail after a quiet delay (on the fake clock, through the case
/// workflow's outbox), listing what they may read; reading the chat first sends nothing.
/// </summary>
public class ChatDigestTests(ChatDigestFactory factory) : IClassFixture<ChatDigestFactory>
{
    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<(Guid CaseId, string Number)> FiledAsync()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        await factory.DrainWorkflowsAsync();
        return (Guid.Parse((string)filed["id"]!), (string)filed["number"]!);
    }

    private List<MimeMessage> DigestsTo(string address, string number) =>
        factory.Smtp.MessagesTo(address).Where(m => m.Subject is { } subject && subject.StartsWith($"[{number}]", StringComparison.Ordinal)
            && subject.Contains("New messages in the case chat", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task TwoMessages_WhileTheSellerIsAway_ReachThemAsOneDigest_AfterTheDelay()
    {
        var (caseId, number) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Where is my parcel? It was due last week.");
        await factory.AdvanceAsync(TimeSpan.FromMinutes(3));
        var longText = "Please check with the courier. " + new string('x', 400);
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, longText);

        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay - TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        Assert.Empty(DigestsTo("seller@demo.odr", number));

        await factory.AdvanceAsync(TimeSpan.FromSeconds(1));
        var digest = Assert.Single(DigestsTo("seller@demo.odr", number));
        // The demo seller reads Chinese: the digest is in Chinese, its subject in English too.
        Assert.Equal($"[{number}] 案件聊天中有新消息（2 条） / New messages in the case chat (2)", digest.Subject);
        var text = digest.TextBody;
        Assert.Contains("Where is my parcel? It was due last week.", text, StringComparison.Ordinal);
        Assert.Matches(@"2026年11月\d{1,2}日 \d\d:\d\d UTC · 买家：Where is my parcel\?", text);
        Assert.Contains("Please check with the courier. xxx", text, StringComparison.Ordinal);
        Assert.DoesNotContain(longText, text, StringComparison.Ordinal); // quoted shortened, the rest is in the chat
        Assert.Contains("…", text, StringComparison.Ordinal);
        Assert.Contains($"https://odr.example/Cases/Details/{caseId}#chat", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://odr.example/Cases/Details/{caseId}#chat\"", digest.HtmlBody, StringComparison.Ordinal);
        // The writer is not told of their own messages.
        Assert.Empty(DigestsTo("buyer@demo.odr", number));

        // Nothing more unless something new is written.
        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay * 2);
        Assert.Single(DigestsTo("seller@demo.odr", number));
    }

    [Fact]
    public async Task ReadingTheChatBeforeTheDigestIsDue_SendsNone()
    {
        var (caseId, number) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Are you there?");
        await factory.AdvanceAsync(TimeSpan.FromMinutes(5));

        // The seller opens the case page, which shows the chat.
        var seller = await factory.BrowserForAsync("seller@demo.odr");
        Assert.Contains("Are you there?", await seller.GetStringAsync($"/Cases/Details/{caseId}"), StringComparison.Ordinal);

        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay * 2);
        Assert.Empty(DigestsTo("seller@demo.odr", number));
    }

    [Fact]
    public async Task TheLiveChatsReadMark_CancelsTheDigest_AndAReplyClearsTheWritersOwn()
    {
        var (caseId, number) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await using var seller = await HubConnections.ConnectAsync(factory, "seller@demo.odr");
        await buyer.InvokeAsync("JoinCase", caseId);
        await seller.InvokeAsync("JoinCase", caseId);
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Hello?");
        await seller.InvokeAsync("MarkRead", caseId); // the seller's open page showed it
        await factory.AdvanceAsync(TimeSpan.FromMinutes(1));
        await seller.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Hello, I am looking into it.");
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Thank you.");
        // The seller's reply was read by the buyer replying after it.

        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay * 2);
        Assert.Empty(DigestsTo("buyer@demo.odr", number));
        var digest = Assert.Single(DigestsTo("seller@demo.odr", number));
        Assert.Contains("Thank you.", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello?", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagesAfterADigest_MakeANewDigestLater_ListingOnlyTheNewOnes()
    {
        var (caseId, number) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "First question.");
        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay);
        Assert.Single(DigestsTo("seller@demo.odr", number));

        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Second question.");
        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay);
        var digests = DigestsTo("seller@demo.odr", number);
        Assert.Equal(2, digests.Count);
        var second = digests.Single(d => d.TextBody?.Contains("Second question.", StringComparison.Ordinal) == true);
        Assert.DoesNotContain("First question.", second.TextBody, StringComparison.Ordinal);
        Assert.Contains("(1)", second.Subject ?? "", StringComparison.Ordinal);
        Assert.Contains("（1 条）", second.Subject ?? "", StringComparison.Ordinal);
        Assert.NotEqual(digests[0].MessageId, digests[1].MessageId);
    }

    [Fact]
    public async Task ACaucusMessage_IsDigestedOnlyForThoseWhoMayReadIt()
    {
        var (caseId, number) = await FiledAsync();
        var buyerClient = await factory.ClientForAsync("buyer@demo.odr");
        var sellerClient = await factory.ClientForAsync("seller@demo.odr");
        var url = $"/api/cases/{caseId}";
        await OkAsync(await sellerClient.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "Delivered.", consentToArbitration = true }));
        await OkAsync(await buyerClient.PostAsJsonAsync($"{url}/escalate", new { reason = "No progress." }));
        await factory.DrainWorkflowsAsync();
        var mediatorId = Guid.Parse((string)(await buyerClient.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!);
        var mediatorEmail = await factory.EmailOfAsync(mediatorId);
        await using var mediator = await HubConnections.ConnectAsync(factory, mediatorEmail);

        await mediator.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "Between us: what would you accept?");
        await factory.AdvanceAsync(ChatDigestFactory.DigestDelay);

        var toBuyer = Assert.Single(DigestsTo("buyer@demo.odr", number));
        Assert.Contains("Mediator, in your private caucus: Between us: what would you accept?", toBuyer.TextBody, StringComparison.Ordinal);
        Assert.Empty(DigestsTo("seller@demo.odr", number));
        Assert.DoesNotContain(factory.Smtp.MessagesTo("seller@demo.odr"), m => m.TextBody?.Contains("Between us", StringComparison.Ordinal) == true);
        Assert.Empty(DigestsTo(mediatorEmail, number));
    }
}
