using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure;
using Odr.Workflows.Runtime;

namespace Odr.Web.Tests;

/// <summary>Outcome documents: generated after the outcome commits, complete, signed, verifiable, and one per outcome.</summary>
public class DocumentTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Files a case and drives it to an award: a partial refund under German law.</summary>
    private async Task<(HttpClient Buyer, string Url)> AwardedCaseAsync()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        var url = $"/api/cases/{filed["id"]}";
        await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "Delivered on 5 October.", consentToArbitration = true }));
        await OkAsync(await buyer.PostAsJsonAsync($"{url}/escalate", new { reason = "No progress." }));
        await factory.DrainWorkflowsAsync();
        var mediator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!));
        await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/impasse", new { note = "The parties disagree about delivery." }));
        await factory.DrainWorkflowsAsync();
        var arbitrator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]!));
        await OkAsync(await arbitrator.PostAsJsonAsync($"{url}/award", new
        {
            decision = "partialRefund",
            amount = new { value = 40.00, currency = "EUR" },
            governingLaw = "DE",
            reasons = "The seller proved dispatch but not delivery to the buyer's address; the courier's scan shows a different town.",
        }));
        await factory.DrainWorkflowsAsync();
        return (buyer, url);
    }

    [Fact]
    public async Task Award_YieldsASignedRulingWithEverySection_ThatVerifies()
    {
        var (buyer, url) = await AwardedCaseAsync();

        var documents = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!;
        var ruling = Assert.Single(documents)!;
        Assert.Equal("ruling", (string)ruling["kind"]!);
        var pdf = await buyer.GetByteArrayAsync($"/api/documents/{ruling["id"]}");
        Assert.Equal((string)ruling["sha256"]!, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));

        var text = await Poppler.TextAsync(pdf);
        var dispute = (await buyer.GetFromJsonAsync<JsonObject>(url))!;
        var mediatorName = await factory.DisplayNameAsync(Guid.Parse((string)dispute["mediatorId"]!));
        var arbitratorName = await factory.DisplayNameAsync(Guid.Parse((string)dispute["arbitratorId"]!));
        foreach (var expected in new[]
                 {
                     "Arbitral Award", (string)dispute["number"]!, "ExampleMart", "A-1001", "Bluetooth headphones", "59.90 EUR",
                     "Anna Becker", "Shenzhen Audio Co.", "Germany", "China", mediatorName, arbitratorName, "Timeline", "Complaint filed",
                     "Governing law", "the law of Germany", "Rome I Art. 6(2)", "Partial refund", "40.00 EUR", "courier's scan",
                     "Compliance deadline", "Verification code", (string)ruling["verificationCode"]!, "Page 1 of",
                 })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal) || text.Replace("\n", " ", StringComparison.Ordinal).Contains(expected, StringComparison.Ordinal),
                $"'{expected}' is missing from the ruling:\n{text}");
        }
        var (valid, report) = await Poppler.SignatureAsync(pdf);
        Assert.True(valid, report);

        var anonymous = factory.CreateClient();
        var byCode = await OkAsync(await anonymous.GetAsync($"/api/verify/{ruling["verificationCode"]}"));
        Assert.True((bool)byCode["valid"]!);
        Assert.Equal(((string)dispute["number"]!, "ruling"), ((string)byCode["caseNumber"]!, (string)byCode["kind"]!));
        var byFile = await OkAsync(await anonymous.PostAsync("/api/verify", new ByteArrayContent(pdf) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }));
        Assert.True((bool)byFile["valid"]!);

        var tampered = (byte[])pdf.Clone();
        var at = Array.IndexOf(tampered, (byte)'4', pdf.Length / 3);
        tampered[at] = (byte)'9';
        Assert.False((await Poppler.SignatureAsync(tampered)).Valid);
        var tamperedCheck = await OkAsync(await anonymous.PostAsync("/api/verify", new ByteArrayContent(tampered)));
        Assert.False((bool)tamperedCheck["valid"]!);
        Assert.False((bool)(await OkAsync(await anonymous.GetAsync("/api/verify/AAAA-BBBB-CCCC-DDDD")))["valid"]!);

        var events = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        var issued = events.Single(e => (string)e!["type"]! == "documentIssued")!;
        Assert.Equal((string)ruling["sha256"]!, (string)issued["data"]!["sha256"]!);

        var stranger = await factory.ClientForAsync("buyer2@demo.odr");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/documents/{ruling["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Award_IsSetInAProportionalLatinFontAndAChineseOne_BothEmbedded_AndItsLatinReadsBack()
    {
        var (buyer, url) = await AwardedCaseAsync();
        var ruling = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;
        var pdf = await buyer.GetByteArrayAsync($"/api/documents/{ruling["id"]}");

        // pdffonts: "ABCDEF+DejaVu Sans  TrueType  WinAnsi  yes yes yes ..." (name, type, encoding, embedded, subset, unicode).
        var fonts = (await Poppler.FontsAsync(pdf)).Split('\n').Where(l => l.Contains('+', StringComparison.Ordinal)).ToList();
        Assert.Contains(fonts, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Z]{6}\+DejaVu Sans\s.*TrueType.*\byes\s+yes\b"));
        Assert.Contains(fonts, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Z]{6}\+DejaVu Sans,Bold\s.*\byes\s+yes\b"));
        // The Chinese face is embedded only when a document has Chinese text (AChineseSettlement_… below checks it).
        Assert.DoesNotContain(fonts, l => l.Contains("gbsn", StringComparison.OrdinalIgnoreCase) || l.Contains("Sungti", StringComparison.OrdinalIgnoreCase));

        var text = await Poppler.TextAsync(pdf);
        Assert.Contains("Arbitral Award", text, StringComparison.Ordinal);
        Assert.Contains("Governing law", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Arbitra1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPage_ConfirmsAGenuineCodeAndRefusesAnUnknownOne()
    {
        var (buyer, url) = await AwardedCaseAsync();
        var code = (string)(await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))![0]!["verificationCode"]!;
        var browser = factory.CreateClient();
        Assert.Contains("Genuine.", await browser.GetStringAsync($"/Verify?code={code}"), StringComparison.Ordinal);
        Assert.Contains("Not found.", await browser.GetStringAsync("/Verify?code=AAAA-BBBB-CCCC-DDDD"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChineseSettlement_CarriesBothLanguages_AndWrapsLongChineseText()
    {
        var buyer = await factory.ClientForAsync("buyer2@demo.odr");
        var filing = Filings.Valid("seller@demo.odr");
        filing["language"] = "zh";
        filing["buyer"]!["country"] = "CN";
        filing["seller"]!["country"] = "US";
        filing["seller"]!["subdivision"] = "CA";
        filing["seller"]!["name"] = "加州户外用品有限公司";
        var longChinese = string.Concat(Enumerable.Repeat("包裹自十月三日起没有任何物流更新，卖家也不回复我的消息。", 12));
        filing["description"] = longChinese;
        filing["amount"] = JsonNode.Parse("""{ "value": 399.00, "currency": "CNY" }""");
        var url = $"/api/cases/{(await Filings.FileAsync(buyer, filing))["id"]}";
        var seller = await factory.ClientForAsync("seller@demo.odr");

        await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new { action = "accept", statement = "同意全额退款。", consentToArbitration = false }));
        await factory.DrainWorkflowsAsync();

        var settlement = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;
        Assert.Equal("settlement", (string)settlement["kind"]!);
        var pdf = await buyer.GetByteArrayAsync($"/api/documents/{settlement["id"]}");
        var text = await Poppler.TextAsync(pdf);
        // Labels wrap inside their column, so compare with whitespace removed.
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        // The seller is named as its own profile states it (the demo seller's), never as the buyer typed it.
        foreach (var expected in new[] { "SettlementAgreement/和解协议", "案件编号", "ShenzhenAudioCo.（卖家自述）", "399.00CNY", "履行期限", "核验码" })
        {
            Assert.True(compact.Contains(expected, StringComparison.Ordinal), $"'{expected}' is missing:\n{text}");
        }
        Assert.DoesNotContain("加州户外用品有限公司", compact, StringComparison.Ordinal);
        // The long description wraps: every character of it is in the text, none cut off at the margin.
        var flattened = new string(text.Where(c => c >= '\u4e00' && c <= '\u9fff').ToArray());
        Assert.Contains(new string(longChinese.Where(c => c >= '\u4e00' && c <= '\u9fff').ToArray()), flattened, StringComparison.Ordinal);
        Assert.True((await Poppler.SignatureAsync(pdf)).Valid);
        // Chinese runs are set in the Chinese face and the Latin ones in the proportional Latin face, both embedded.
        var fonts = (await Poppler.FontsAsync(pdf)).Split('\n').Where(l => l.Contains('+', StringComparison.Ordinal)).ToList();
        Assert.Contains(fonts, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Z]{6}\+Droid Sans Fallback\s.*\byes\s+yes\b"));
        Assert.Contains(fonts, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Z]{6}\+DejaVu Sans\s.*\byes\s+yes\b"));
    }

    [Fact]
    public async Task ADescriptionOfOneUnbrokenWord_IsIssued_AndReadsBackWhole()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        // 10,000 characters without a space (the most a description may have), in an order the text must keep.
        var word = string.Concat(Enumerable.Range(0, 2_000).Select(i => i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));
        filing["description"] = word;
        var url = $"/api/cases/{(await Filings.FileAsync(buyer, filing))["id"]}";
        var seller = await factory.ClientForAsync("seller@demo.odr");
        await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new { action = "accept", consentToArbitration = false }));
        await factory.DrainWorkflowsAsync();

        var settlement = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;
        var text = await Poppler.TextAsync(await buyer.GetByteArrayAsync($"/api/documents/{settlement["id"]}"));
        // The word is cut into lines at the margin; across a page break its lines are only interrupted by the page's footer.
        var body = string.Concat(text.Split('\n').Where(line => !line.Contains("Page ", StringComparison.Ordinal)));
        Assert.Contains(word, new string(body.Where(c => !char.IsWhiteSpace(c)).ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unresolved_YieldsTheMediatorsRecommendation()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var url = $"/api/cases/{(await Filings.FileAsync(buyer))["id"]}";
        await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "No.", consentToArbitration = false }));
        await OkAsync(await seller.PostAsJsonAsync($"{url}/escalate", new { reason = "Let a mediator look." }));
        await factory.DrainWorkflowsAsync();
        var mediator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!));
        await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/impasse", new { note = "I recommend a refund of half the price." }));
        await factory.DrainWorkflowsAsync();

        var recommendation = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;
        Assert.Equal("recommendation", (string)recommendation["kind"]!);
        var text = await Poppler.TextAsync(await buyer.GetByteArrayAsync($"/api/documents/{recommendation["id"]}"));
        Assert.Contains("I recommend a refund of half the price.", text, StringComparison.Ordinal);
        Assert.Contains("not binding", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetriedOrDuplicatedCommand_IssuesNoSecondDocument()
    {
        var (buyer, url) = await AwardedCaseAsync();
        var caseId = Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);
        // The same command again, as a retry after a crash would run it (a new key, so the outbox takes it).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var instance = await WorkflowInbox.FindInstanceIdAsync(db, caseId.ToString(), CancellationToken.None);
            await WorkflowOutbox.AddCommandAsync(db, instance!.Value, new IssueCaseDocument(caseId, DocumentKind.Ruling), $"retry-{Guid.NewGuid()}",
                factory.Clock.GetUtcNow(), CancellationToken.None);
            await db.SaveChangesAsync();
        }
        await factory.DrainWorkflowsAsync();

        Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!);
        var events = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        Assert.Single(events, e => (string)e!["type"]! == "documentIssued");
    }
}
