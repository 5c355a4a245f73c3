using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure;
using Xunit.Abstractions;

namespace Odr.Web.Tests;

/// <summary>
/// Every page, for every account that may open it, rendered in the pseudo-locale (<c>qps-Ploc</c>), where every text of
/// the language layer comes back between ⟦ and ⟧: visible text outside the marks did not come through the layer. The
/// pages are the service's own Razor page routes, so a new page is checked as soon as it exists (and the test says so
/// when it does not know how to open it). Data (what people and the seeds wrote, names, numbers, dates, codes) is
/// allowed by value or by a short list of patterns (<see cref="PseudoText"/>).
/// </summary>
public sealed partial class PseudoLocaleTests(PseudoLocaleSite site, ITestOutputHelper output) : IClassFixture<PseudoLocaleSite>
{
    /// <summary>The addresses of one page (by its view path), given what the site holds; empty: it has no view of its own to GET.</summary>
    private static readonly Dictionary<string, Func<Seeds, IEnumerable<string>>> Addresses = new(StringComparer.Ordinal)
    {
        ["/Index"] = _ => ["/"],
        ["/Account/AccessDenied"] = _ => ["/Account/AccessDenied"],
        ["/Account/ConfirmEmail"] = _ => [$"/Account/ConfirmEmail?userId={Guid.Empty}&code=x", $"/Account/ConfirmEmail?userId={Guid.Empty}&code=x&changedEmail=new%40example.com"],
        ["/Account/Login"] = _ => ["/Account/Login"],
        ["/Account/Logout"] = _ => ["/Account/Logout"],
        ["/Account/Preferences"] = _ => ["/Account/Preferences"],
        ["/Account/Register"] = _ => ["/Account/Register"],
        ["/Account/SellerProfile"] = _ => ["/Account/SellerProfile"],
        ["/Admin/Index"] = _ => ["/Admin"],
        ["/Admin/Webhooks/Deliveries"] = s => s.Marketplaces.Select(m => $"/Admin/Webhooks/Deliveries?marketplaceId={m}"),
        ["/Admin/Webhooks/Sandbox"] = _ => ["/Admin/Webhooks/Sandbox"],
        ["/Cases/Details"] = s => s.Cases.Select(c => $"/Cases/Details/{c}"),
        ["/Cases/File"] = _ => ["/Cases/File"],
        ["/Cases/Filing/Guide"] = _ => ["/Cases/File/Guide", "/Cases/File/Guide?orderReference=A-1&claimType=notReceived"],
        ["/Cases/Index"] = _ => ["/Cases"],
        ["/Decisions"] = _ => ["/Decisions"],
        ["/Error"] = _ => ["/Error"],
        ["/GoverningLaw"] = _ => ["/GoverningLaw", "/GoverningLaw?buyer.country=DE&buyer.type=consumer&seller.country=CN&seller.type=business&contractType=goods&assess=true"],
        // POST only (the language switcher); its GET answers 404, whose page StatusCode covers.
        ["/Language"] = _ => [],
        ["/Notifications"] = _ => ["/Notifications"],
        ["/Regulator/Audit"] = _ => ["/Regulator/Audit"],
        ["/Regulator/Cases/Details"] = s => s.Cases.Select(c => $"/Regulator/Cases/{c}"),
        ["/Regulator/Index"] = _ => ["/Regulator"],
        ["/Sellers/Index"] = _ => ["/Sellers", "/Sellers?email=nobody%40example.com"],
        ["/Sellers/Record"] = s => s.SellerRecords,
        ["/StatusCode"] = _ => ["/no-such-page", "/Cases/Details/00000000-0000-0000-0000-000000000001"],
        ["/Verify"] = s => ["/Verify", .. s.VerificationCodes.Select(v => $"/Verify?code={v}"), "/Verify?code=XXXX-XXXX-XXXX"],
    };

    public sealed record Seeds(IReadOnlyList<Guid> Cases, IReadOnlyList<Guid> Marketplaces, IReadOnlyList<string> SellerRecords, IReadOnlyList<string> VerificationCodes);

    /// <summary>The view paths of the site's Razor pages, from its endpoints.</summary>
    private List<string> PageViews() => site.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Select(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()?.ViewEnginePath)
        .OfType<string>().Distinct().Order().ToList();

    [SqlitePassFact]
    public void EveryPage_HasItsAddressesInThisTest()
    {
        var pages = PageViews();
        Assert.True(pages.Count > 20, $"found only {pages.Count} pages: {string.Join(", ", pages)}");
        var unknown = pages.Except(Addresses.Keys).ToList();
        Assert.True(unknown.Count == 0, $"Pages this test does not know how to open: {string.Join(", ", unknown)}. Add their addresses to PseudoLocaleTests.Addresses.");
    }

    [SqlitePassFact]
    public async Task EveryPage_ForEveryAccountThatMayOpenIt_ShowsNoTextThatBypassedTheLanguageLayer()
    {
        var seeds = await SeedsAsync();
        var browsers = new Dictionary<string, HttpClient>();
        foreach (var account in PseudoLocaleSite.Accounts)
        {
            browsers[account ?? "anonymous"] = account is null ? site.Browser() : await site.BrowserForAsync(account);
        }
        var visits = PageViews().Where(Addresses.ContainsKey)
            .SelectMany(view => Addresses[view](seeds).Select(path => (View: view, Path: path)))
            .SelectMany(page => browsers.Select(b => (page.View, page.Path, Account: b.Key, Browser: b.Value)))
            .ToList();
        var seen = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var leaks = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(visits, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (visit, ct) =>
        {
            var response = await visit.Browser.GetAsync(visit.Path + (visit.Path.Contains('?') ? "&" : "?") + "culture=" + PseudoLocaleSite.Pseudo, ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            var expected = visit.View == "/StatusCode" ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            if (response.StatusCode != expected)
            {
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{visit.Path} as {visit.Account}: {(int)response.StatusCode}");
                }
                return; // not a page this account may open
            }
            seen.GetOrAdd(visit.View, _ => []).Add(visit.Account);
            foreach (var leak in PseudoText.Unmarked(html, site.Data))
            {
                leaks.GetOrAdd(leak, _ => []).Add($"{visit.Path} ({visit.Account})");
            }
        });

        var unopened = Addresses.Keys.Where(view => view != "/Language" && !seen.ContainsKey(view)).ToList();
        output.WriteLine($"{visits.Count} visits; pages opened: {string.Join(", ", seen.Select(s => $"{s.Key} ×{s.Value.Count}"))}");
        foreach (var (leak, where) in leaks.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"LEAK «{leak}» on {string.Join(", ", where.Distinct().Order().Take(4))}{(where.Count > 4 ? $" and {where.Count - 4} more" : "")}");
        }
        Assert.Empty(failures);
        Assert.True(unopened.Count == 0, $"No account could open: {string.Join(", ", unopened)}");
        Assert.True(leaks.IsEmpty, $"{leaks.Count} texts bypassed the language layer (see the output), e.g. «{leaks.Keys.FirstOrDefault()}»");
    }

    private async Task<Seeds> SeedsAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var cases = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        var marketplaces = await db.Set<Odr.Web.Features.Marketplaces.Marketplace>().AsNoTracking().Select(m => m.Id).ToListAsync();
        var regulator = await site.ClientForAsync("regulator@demo.odr");
        var stages = (await regulator.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100"))!["items"]!.AsArray().Select(c => (string)c!["stage"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "awaitingResponse", "negotiation", "mediation", "arbitration", "appeal", "compliance", "closed" }, stages);
        // A seller's record: where the search for its address leads.
        var sellers = new List<string>();
        foreach (var email in new[] { "seller@demo.odr", "seller2@demo.odr", "orders@kyoto-ceramics.example" })
        {
            var found = await site.Browser().GetAsync($"/Sellers?email={Uri.EscapeDataString(email)}");
            if (found.Headers.Location is { } record)
            {
                sellers.Add(record.OriginalString);
            }
        }
        Assert.NotEmpty(sellers);
        var codes = await DocumentCodesAsync(db);
        return new Seeds(cases.Select(c => c.Value).ToList(), marketplaces, sellers, codes);
    }

    private static async Task<List<string>> DocumentCodesAsync(OdrDbContext db) =>
        (await db.Cases.WithAggregate().AsNoTracking().AsSplitQuery().ToListAsync())
            .SelectMany(c => c.Documents).GroupBy(d => d.Kind).Select(g => g.First().VerificationCode).ToList();

}
