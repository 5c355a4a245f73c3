using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.EvidenceUploads;

namespace Odr.Web.Tests;

/// <summary>Evidence on a factory whose limit is small, so that "too large" is cheap to test.</summary>
public sealed class SmallEvidenceLimitFactory : OdrWebFactory
{
    public const int MaxBytes = 64 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:Evidence:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public class EvidenceApiTests(SmallEvidenceLimitFactory factory) : IClassFixture<SmallEvidenceLimitFactory>
{
    private async Task<(HttpClient Buyer, string CaseUrl)> NewCaseAsync()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        return (buyer, $"/api/cases/{filed["id"]}");
    }

    [Fact]
    public async Task AddEvidence_StoresTheFileWithItsHashAndTheCaseRecordsIt()
    {
        var (buyer, url) = await NewCaseAsync();

        var response = await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "receipt.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evidence = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), (string)evidence["sha256"]!);
        Assert.Equal("application/pdf", (string)evidence["contentType"]!);
        Assert.Equal(Pdf.Length, (long)evidence["sizeBytes"]!);
        Assert.Equal("buyer", (string)evidence["submittedBy"]!);
        Assert.Equal("Tracking page", (string)evidence["description"]!);

        var download = await buyer.GetAsync(response.Headers.Location!);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);

        var dispute = await buyer.GetFromJsonAsync<JsonObject>(url);
        Assert.Single(dispute!["evidence"]!.AsArray());
        var events = await buyer.GetFromJsonAsync<JsonArray>($"{url}/events");
        Assert.Equal(["filed", "governingLawSuggested", "evidenceAdded"], events!.Select(e => (string)e!["type"]!));
        Assert.Equal((string)evidence["sha256"]!, (string)events![2]!["data"]!["sha256"]!);
    }

    [Fact]
    public async Task AddEvidence_TheSellerMayAddAndSeeIt_AStrangerMayNot()
    {
        var (buyer, url) = await NewCaseAsync();
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var added = await seller.PostAsync($"{url}/evidence", Upload(PngStart, "dispatch.png", "image/png"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("seller", (string)(await added.Content.ReadFromJsonAsync<JsonObject>())!["submittedBy"]!);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync(added.Headers.Location!)).StatusCode);

        var stranger = await factory.ClientForAsync("buyer2@demo.odr");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{url}/evidence", Upload(Pdf, "x.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(added.Headers.Location!)).StatusCode);
    }

    [Fact]
    public async Task AddEvidence_OverTheLimit_Returns413AndKeepsNothing()
    {
        var (buyer, url) = await NewCaseAsync();
        var big = new byte[SmallEvidenceLimitFactory.MaxBytes + 1];
        Pdf.CopyTo(big, 0);

        var response = await buyer.PostAsync($"{url}/evidence", Upload(big, "big.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "evidence", "staging")));
    }

    [Theory]
    [InlineData("photo.pdf", "application/pdf")]   // PNG bytes named and declared as a PDF
    [InlineData("photo.png", "application/pdf")]   // declared type disagrees
    [InlineData("photo.txt", null)]                // name disagrees
    public async Task AddEvidence_WhoseContentContradictsItsNameOrType_Returns415(string fileName, string? declared)
    {
        var (buyer, url) = await NewCaseAsync();
        var response = await buyer.PostAsync($"{url}/evidence", Upload(PngStart, fileName, declared));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
    }

    [Fact]
    public async Task AddEvidence_OfAnUnacceptedFormat_Returns415()
    {
        var (buyer, url) = await NewCaseAsync();
        var executable = new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0 };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await buyer.PostAsync($"{url}/evidence", Upload(executable, "tool.bin", "application/octet-stream"))).StatusCode);
    }

    [Fact]
    public async Task AddEvidence_WithoutAFile_Returns400NamingIt_AndWithoutMultipart415()
    {
        var (buyer, url) = await NewCaseAsync();
        var form = new MultipartFormDataContent { { new StringContent("only words"), "description" } };
        var response = await buyer.PostAsync($"{url}/evidence", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("file", await response.ErrorFieldsAsync());

        var notMultipart = await buyer.PostAsJsonAsync($"{url}/evidence", new { file = "x" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);
    }

    public static TheoryData<string, string> MalformedMultipartBodies => new()
    {
        // Cut off in the middle of the file: no closing boundary.
        { "truncated", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n1 0 obj" },
        // Cut off in a part's headers.
        { "truncated in the headers", "--b\r\nContent-Disposition: form-data; name=\"descr" },
        // A part header longer than the multipart reader's 16 KiB line limit.
        { "a 17 KB header", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + new string('a', 17_000) + ".pdf\"\r\n\r\n%PDF-1.4\r\n--b--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedMultipartBodies))]
    public async Task AddEvidence_WithAMalformedMultipartBody_Returns400NamingTheFile_AndKeepsNothing(string what, string body)
    {
        var (buyer, url) = await NewCaseAsync();
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var response = await buyer.PostAsync($"{url}/evidence", content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("file", await response.ErrorFieldsAsync());
        Assert.Empty((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
        var staging = Path.Combine(factory.DataDirectory, "evidence", "staging");
        Assert.Empty(Directory.Exists(staging) ? Directory.GetFiles(staging) : []);
    }

    [Fact]
    public async Task AddEvidence_WithAPathInItsName_KeepsTheFileInsideStorageAndShowsOnlyTheName()
    {
        var (buyer, url) = await NewCaseAsync();
        var text = Encoding.UTF8.GetBytes("Seller wrote: 已发货 (shipped) on 3 October.\n");

        var response = await buyer.PostAsync($"{url}/evidence", Upload(text, "../../../etc/passwd.txt", "text/plain"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("passwd.txt", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["fileName"]!);
        var stored = Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "evidence"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("staging", StringComparison.Ordinal)).ToList();
        Assert.All(stored, f => Assert.StartsWith(Path.Combine(factory.DataDirectory, "evidence"), Path.GetFullPath(f), StringComparison.Ordinal));
        Assert.DoesNotContain(stored, f => f.EndsWith("passwd.txt", StringComparison.Ordinal));
        Assert.Contains(stored, f => File.ReadAllBytes(f).AsSpan().SequenceEqual(text));
    }

    /// <summary>
    /// Text that would run when opened (<c>.hta</c>, <c>.bat</c>, <c>.js</c>, <c>.html</c>) is not evidence under that name:
    /// each sniffed kind has its own extensions, so these are 415 and nothing is kept.
    /// </summary>
    [Theory]
    [InlineData("invoice.hta")]
    [InlineData("run.bat")]
    [InlineData("script.js")]
    [InlineData("page.html")]
    public async Task AddEvidence_OfTextNamedAsSomethingThatRuns_Returns415(string fileName)
    {
        var (buyer, url) = await NewCaseAsync();
        var response = await buyer.PostAsync($"{url}/evidence", Upload(Encoding.UTF8.GetBytes("msgbox \"hi\"\n"), fileName, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
    }

    /// <summary>
    /// <c>Receipt_\u202Efdp.hta</c> shows as <c>Receipt_ath.pdf</c>: the override is taken out before the extension is
    /// judged, so it is refused; a name that is allowed keeps no override, and the case page isolates every name.
    /// </summary>
    [Fact]
    public async Task AddEvidence_WithABidiOverrideInItsName_IsJudgedAndShownWithoutIt()
    {
        var (buyer, url) = await NewCaseAsync();
        var hidden = await buyer.PostAsync($"{url}/evidence", Upload(Encoding.UTF8.GetBytes("text\n"), "Receipt_\u202Efdp.hta", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, hidden.StatusCode);

        var shown = await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "Receipt_\u202E\u2066fdp\u0007.pdf", "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, shown.StatusCode);
        Assert.Equal("Receipt_fdp.pdf", (string)(await shown.Content.ReadFromJsonAsync<JsonObject>())!["fileName"]!);

        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var page = await browser.GetStringAsync($"/Cases/Details/{url.Split('/')[^1]}");
        Assert.Contains("<bdi>Receipt_fdp.pdf</bdi>", page, StringComparison.Ordinal);
    }

    /// <summary>The multipart description is under the same rule as the JSON API's text: control characters are a 400 naming it.</summary>
    [Fact]
    public async Task AddEvidence_WithControlCharactersInTheDescription_Returns400NamingIt()
    {
        var (buyer, url) = await NewCaseAsync();
        foreach (var description in new[] { "Tracking\u0000page", "Tracking \u202Eegap", "\u001b[31mred" })
        {
            var response = await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "tracking.pdf", "application/pdf", description));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("description", await response.ErrorFieldsAsync());
        }
        Assert.Empty((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created,
            (await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "tracking.pdf", "application/pdf", "Line one\r\nLine two"))).StatusCode);
    }

    /// <summary>The case page's evidence form: the same description refused with a 400 page naming the field.</summary>
    [Fact]
    public async Task TheCasePagesEvidenceForm_WithABidiOverrideInTheDescription_Is400NamingIt()
    {
        var (_, url) = await NewCaseAsync();
        var id = url.Split('/')[^1];
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var token = await OdrWebFactory.FormTokenAsync(browser, $"/Cases/Details/{id}");
        var form = Upload(Pdf, "tracking.pdf", "application/pdf", "Tracking \u202Eegap");
        form.Add(new StringContent(token), "__RequestVerificationToken");

        var response = await browser.PostAsync($"/Cases/Details/{id}?handler=Evidence", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("description", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
    }
}
