using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests.CasePage;

/// <summary>A case walked through its page's forms (cookies, antiforgery tokens, no JavaScript), as CasePageTests does.</summary>
internal sealed partial class CasePages(OdrWebFactory factory)
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await OdrWebFactory.FormTokenAsync(browser, page);
        return await browser.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>A form post that the case accepted: the page redirects back to itself.</summary>
    public static async Task ActAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        var response = await PostFormAsync(browser, page, handler, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler} was refused: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonObject> CaseAsync(string id) =>
        (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>($"/api/cases/{id}"))!;

    /// <summary>Signs in through the form and picks the pages' language with the header's switcher.</summary>
    public async Task<HttpClient> BrowserAsync(string email, string culture = "en")
    {
        var browser = await factory.BrowserForAsync(email);
        var token = await OdrWebFactory.FormTokenAsync(browser, "/");
        var response = await browser.PostAsync("/Language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = culture, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public async Task<(string Id, string Page)> FileAsync()
    {
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));
        await factory.DrainWorkflowsAsync();
        return ((string)filed["id"]!, $"/Cases/Details/{filed["id"]}");
    }

    public async Task<HttpClient> NeutralBrowserAsync(string caseId, string role, string culture = "en") =>
        await BrowserAsync(await factory.EmailOfAsync(Guid.Parse((string)(await CaseAsync(caseId))[$"{role}Id"]!)), culture);

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Odr.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Odr.sln not found above the test assembly.");
    }

    /// <summary>The markup of the form with the given id (forms do not nest), or of the element with the class.</summary>
    public static string Form(string html, string id)
    {
        var match = Regex.Match(html, $"<form[^>]*\\bid=\"{Regex.Escape(id)}\"[\\s\\S]*?</form>");
        Assert.True(match.Success, $"no form #{id} on the page");
        return match.Value;
    }

    public static IEnumerable<string> FormsWithClass(string html, string cssClass) =>
        Regex.Matches(html, $"<form[^>]*class=\"[^\"]*\\b{Regex.Escape(cssClass)}\\b[^\"]*\"[\\s\\S]*?</form>").Select(m => m.Value);

    /// <summary>The page's text without its markup, scripts or styles, whitespace collapsed.</summary>
    public static string Text(string html) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<(script|style)[\\s\\S]*?</\\1>", " "), "<[^>]+>", " ")), "\\s+", " ");
}
