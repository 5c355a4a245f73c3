using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.EvidenceUploads;

namespace Odr.Web.Tests;

/// <summary>The service with its evidence folder on a 1 MiB disk of its own (<see cref="SmallDisk"/>).</summary>
public sealed class SmallEvidenceDiskFactory : OdrWebFactory
{
    public SmallEvidenceDiskFactory() => Disk = SmallDisk.Mount(Path.Combine(DataDirectory, "evidence"), 1024 * 1024);

    public SmallDisk Disk { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Disk.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Evidence when the disk under it is full or read-only: the uploader gets a clear error (the API a 507 or 503
/// ProblemDetails, the pages a message in the form, with what was typed kept), nothing is recorded or left half-written,
/// the files already stored can still be read, and uploads work again once the disk does.
/// </summary>
public sealed class EvidenceDiskTests(SmallEvidenceDiskFactory factory) : IClassFixture<SmallEvidenceDiskFactory>
{
    private const string NoRoom = "There is no room to store evidence at the moment";
    private const string CannotStore = "Evidence cannot be stored at the moment";

    [Fact]
    public async Task AFullDisk_RefusesTheUploadClearly_LeavesNothingHalfStored_AndTakesFilesAgainOnceThereIsRoom()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var (url, id) = await NewCaseAsync(buyer);
        Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsync($"{url}/evidence", Upload(Png(100_000), "photo.png", "image/png"))).StatusCode);
        var free = factory.Disk.FreeBytes;

        // Twice the disk's size: the write runs out of room part-way.
        var response = await buyer.PostAsync($"{url}/evidence", Upload(Png(2 * 1024 * 1024), "video-still.png", "image/png"));

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("The evidence store is full.", (string)problem["title"]!);
        Assert.StartsWith(NoRoom, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
        // Nothing half-stored: the case still has its one file, and the partial upload's room is given back.
        Assert.Single((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(factory.Disk.Path, "staging")));
        Assert.Equal(free, factory.Disk.FreeBytes);

        // The case page says so in its form, and keeps the description typed.
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var page = await PostEvidenceFormAsync(browser, id, Png(2 * 1024 * 1024), "Photo of the empty box");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(NoRoom, html, StringComparison.Ordinal);
        Assert.Contains("value=\"Photo of the empty box\"", html, StringComparison.Ordinal);
        Assert.Single((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());

        // With room again, the same upload path takes files.
        Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsync($"{url}/evidence", Upload(Png(100_000), "receipt.png", "image/png"))).StatusCode);
        Assert.Equal(2, (await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray().Count);
    }

    [Fact]
    public async Task AReadOnlyDisk_RefusesUploadsClearly_StillServesStoredFiles_AndFilesNoCaseFromTheForm()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var (url, _) = await NewCaseAsync(buyer);
        var stored = await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "receipt.pdf", "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var casesBefore = PageTests.CaseNumber().Count(await browser.GetStringAsync("/Cases"));

        factory.Disk.SetReadOnly(true);
        try
        {
            var response = await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "invoice.pdf", "application/pdf"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("The evidence store is unavailable.", (string)problem["title"]!);
            Assert.StartsWith(CannotStore, (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.Single((await buyer.GetFromJsonAsync<JsonObject>(url))!["evidence"]!.AsArray());

            // What is stored can still be read.
            Assert.Equal(Pdf, await buyer.GetByteArrayAsync(stored.Headers.Location));

            // A complaint filed through the form with a file: no case, the error beside the file, the typed fields kept.
            var form = await browser.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(browser, "/Cases/File")));
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            var html = await form.Content.ReadAsStringAsync();
            Assert.Contains($"{Odr.Web.Infrastructure.PlainText.Isolated("listing.txt")}: {CannotStore}", html, StringComparison.Ordinal);
            Assert.Contains("value=\"ExampleMart\"", html, StringComparison.Ordinal);
            Assert.Equal(casesBefore, PageTests.CaseNumber().Count(await browser.GetStringAsync("/Cases")));
        }
        finally
        {
            factory.Disk.SetReadOnly(false);
        }

        Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsync($"{url}/evidence", Upload(Pdf, "invoice.pdf", "application/pdf"))).StatusCode);
    }

    private static async Task<(string Url, string Id)> NewCaseAsync(HttpClient buyer)
    {
        var id = (string)(await Filings.FileAsync(buyer))["id"]!;
        return ($"/api/cases/{id}", id);
    }

    private static async Task<HttpResponseMessage> PostEvidenceFormAsync(HttpClient browser, string caseId, byte[] content, string description)
    {
        var page = $"/Cases/Details/{caseId}";
        var form = new MultipartFormDataContent
        {
            { new StringContent(await OdrWebFactory.FormTokenAsync(browser, page)), "__RequestVerificationToken" },
            { new StringContent(description, Encoding.UTF8), "description" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "box.png");
        return await browser.PostAsync($"{page}?handler=Evidence", form);
    }
}
