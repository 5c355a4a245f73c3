using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests.Localization;

/// <summary>
/// Spanish end to end, the proof that a language is a resource set: a Spanish-speaking buyer's pages, the e-mails of
/// the filing, the governing-law explanation and the settlement's PDF are all in Spanish.
/// </summary>
public sealed partial class SpanishJourneyTests(SmtpWebFactory factory) : IClassFixture<SmtpWebFactory>
{
    /// <summary>Words of the English texts that no Spanish text of these pages, e-mails or documents contains.</summary>
    private static readonly string[] EnglishWords =
        ["the", "and", "your", "seller", "buyer", "complaint", "case", "order", "deadline", "agreement", "settlement", "law", "with", "has been"];

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Signs in through the pages with a Spanish browser and keeps Spanish on the account (Preferences).</summary>
    private async Task<HttpClient> SpanishBrowserAsync(string email)
    {
        var browser = await factory.BrowserForAsync(email);
        browser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("es-ES"));
        var token = await OdrWebFactory.FormTokenAsync(browser, "/Account/Preferences");
        var saved = await browser.PostAsync("/Account/Preferences", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "es", ["timeZone"] = "Europe/Madrid", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return browser;
    }

    private static void AssertNoEnglish(string? text, string where)
    {
        var leftovers = EnglishWords.Where(w => Regex.IsMatch(text ?? "", $@"\b{w}\b", RegexOptions.IgnoreCase)).ToList();
        Assert.True(leftovers.Count == 0, $"{where} has English words ({string.Join(", ", leftovers)}):\n{text}");
    }

    [Fact]
    public async Task ASpanishBuyer_FilesAndSettles_InSpanish_PagesMailsLawAndPdf()
    {
        var buyerPages = await SpanishBrowserAsync("buyer@demo.odr");
        await SpanishBrowserAsync("seller@demo.odr"); // the seller's account reads Spanish too: its notices follow its account

        var form = await buyerPages.GetStringAsync("/Cases/File");
        Assert.Contains("<html lang=\"es\">", form, StringComparison.Ordinal);
        Assert.Contains("Paso 1 de 3", form, StringComparison.Ordinal);
        Assert.Contains("El pedido y el vendedor", form, StringComparison.Ordinal);
        // The case's language is asked on the last step and carried from the first, preset to the account's.
        Assert.Contains("<input type=\"hidden\" name=\"language\" value=\"es\" />", form, StringComparison.Ordinal);

        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        buyer.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("es-ES"));
        var filing = Filings.Valid("seller@demo.odr");
        filing["language"] = "es";
        filing["buyer"]!["country"] = "ES";
        filing["item"] = "Auriculares inalámbricos";
        filing["description"] = "Pagado el 1 de octubre; el envío no se mueve desde el 3 de octubre.";
        filing.Remove("choiceOfLaw");
        var filed = await Filings.FileAsync(buyer, filing);
        var number = (string)filed["number"]!;
        Assert.Equal("es", (string)filed["language"]!);
        await factory.DrainWorkflowsAsync();

        // The e-mails: the buyer's receipt and the seller's notice, each in its reader's language, the English subject beside.
        var receipt = Assert.Single(factory.Smtp.MessagesTo("buyer@demo.odr"), m => m.Subject!.StartsWith($"[{number}]", StringComparison.Ordinal));
        Assert.StartsWith($"[{number}] Su reclamación se ha presentado", receipt.Subject, StringComparison.Ordinal);
        Assert.Contains("Hemos recibido su reclamación", receipt.TextBody, StringComparison.Ordinal);
        AssertNoEnglish(receipt.TextBody, "The buyer's receipt");
        var notice = Assert.Single(factory.Smtp.MessagesTo("seller@demo.odr"), m => m.Subject!.StartsWith($"[{number}]", StringComparison.Ordinal));
        Assert.Equal($"[{number}] Se ha presentado una reclamación sobre el pedido A-1001 / A complaint has been filed about order A-1001", notice.Subject);
        Assert.Contains("Un comprador ha presentado una reclamación contra", notice.TextBody, StringComparison.Ordinal);
        AssertNoEnglish(notice.TextBody, "The seller's notice");

        // The governing law: the case's API explains it in the case's language, each reason with its code beside.
        var url = $"/api/cases/{filed["id"]}";
        var suggestion = (await buyer.GetFromJsonAsync<JsonObject>(url))!["governingLaw"]!["suggestion"]!;
        Assert.Equal("ES", (string)suggestion["governingLaw"]!);
        Assert.Contains("consumerResidenceLawRome", suggestion["reasonCodes"]!.AsArray().Select(c => (string)c!));
        var explanation = (string)suggestion["explanation"]!;
        Assert.Contains("la ley de España", explanation, StringComparison.Ordinal);
        Assert.Contains("el vendedor dirige su actividad al país del consumidor", explanation, StringComparison.OrdinalIgnoreCase);

        // The case page, in Spanish, with the law's reasons.
        var page = await buyerPages.GetStringAsync($"/Cases/Details/{filed["id"]}");
        Assert.Contains("<html lang=\"es\">", page, StringComparison.Ordinal);
        Assert.Contains("Ley aplicable", page, StringComparison.Ordinal);
        Assert.Contains("la ley de España", page, StringComparison.Ordinal);

        // The seller accepts: the settlement's PDF is in Spanish, its labels with the English beside (the documents' rule).
        var seller = await factory.ClientForAsync("seller@demo.odr");
        await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new { action = "accept", statement = "Reembolso completo.", consentToArbitration = false }));
        await factory.DrainWorkflowsAsync();
        var settlement = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;
        var pdf = await buyer.GetByteArrayAsync($"/api/documents/{settlement["id"]}");
        var text = await Poppler.TextAsync(pdf);
        // Labels wrap inside their column, so compare with whitespace removed.
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        foreach (var expected in new[] { "SettlementAgreement/Acuerdotransaccional", "Timeline/Cronología", "Elcompradoryelvendedoracordaronestostérminos",
                     "Compruebequeestedocumentoesauténtico", "laleydeEspaña", "Reembolsototal", "Página1de2" })
        {
            Assert.True(compact.Contains(expected, StringComparison.Ordinal), $"'{expected}' is missing:\n{text}");
        }
        // Every line but the labels (English / Spanish) and what the parties typed is Spanish.
        var body = string.Join('\n', text.Split('\n').Select(line => line.Contains(" / ", StringComparison.Ordinal) ? line[(line.LastIndexOf(" / ", StringComparison.Ordinal) + 3)..] : line)
            .Select(line => line.Replace("Shenzhen Audio Co.", "", StringComparison.Ordinal).Replace("ExampleMart", "", StringComparison.Ordinal)));
        AssertNoEnglish(body, "The settlement PDF");
        Assert.True((await Poppler.SignatureAsync(pdf)).Valid);
    }

    [Fact]
    public async Task ASellerWithoutAnAccount_GetsTheNoticeInTheCasesLanguage()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid("tienda.nueva@seller.example");
        filing["language"] = "es";
        var filed = await Filings.FileAsync(buyer, filing);
        await factory.DrainWorkflowsAsync();

        var notice = Assert.Single(factory.Smtp.MessagesTo("tienda.nueva@seller.example"));
        Assert.StartsWith($"[{filed["number"]}] Se ha presentado una reclamación sobre el pedido A-1001", notice.Subject, StringComparison.Ordinal);
        Assert.Contains("lang=\"es\"", notice.HtmlBody, StringComparison.Ordinal);
        AssertNoEnglish(notice.TextBody, "The notice");
    }

    [Fact]
    public async Task TheLawApi_AndTheLawPage_ExplainInSpanish_WithTheCodesBeside()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX,es;q=0.9,en;q=0.5");
        var answer = await OkAsync(await client.PostAsJsonAsync("/api/governing-law/assessments", JsonNode.Parse(
            """{"contractDate":"2025-06-01","buyer":{"country":"ES","type":"consumer"},"seller":{"country":"CN","type":"business"},"sellerDirectsToBuyerCountry":"yes","choiceOfLaw":"CN"}""")));
        Assert.Equal(["consumerCourtsBrusselsIa", "chosenLawWithConsumerFloor", "unfairChoiceInStandardTerms", "forumDependent", "cisgPersonalUse"],
            answer["reasonCodes"]!.AsArray().Select(c => (string)c!));
        var reasons = answer["reasons"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Equal("Rige la ley elegida (la ley de China), pero no puede privar al consumidor de la protección de su propia ley (la ley de España) (Rome I Art. 6(2)).", reasons[1]);
        AssertNoEnglish(string.Join(' ', reasons.Select(r => Regex.Replace(r, @"\((?:Rome I|CJEU|CISG)[^)]*\)", ""))), "The API's reasons");

        var page = await client.GetStringAsync("/GoverningLaw?assess=true&contractDate=2025-06-01&buyer.country=ES&buyer.type=consumer&seller.country=CN&seller.type=business&sellerDirectsToBuyerCountry=yes");
        Assert.Contains("<html lang=\"es\">", page, StringComparison.Ordinal);
        Assert.Contains("Por qué", page, StringComparison.Ordinal);
        Assert.Contains("la ley de España", page, StringComparison.Ordinal);
    }
}
