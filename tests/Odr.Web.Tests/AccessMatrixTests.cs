using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Chat;
using Xunit.Abstractions;

namespace Odr.Web.Tests;

/// <summary>
/// Every API endpoint the app maps and every chat hub method, called by every kind of caller (no one, a buyer, a
/// seller, a mediator, an arbitrator, a regulator, an admin) on their own case, on someone else's, or with no case,
/// each against the answer it should get. A route with no rule here fails the test, so none is left open by omission.
/// </summary>
public class AccessMatrixTests(OdrWebFactory factory, ITestOutputHelper output) : IClassFixture<OdrWebFactory>
{
    /// <summary>Who may call a route.</summary>
    private abstract record Rule;

    /// <summary>Anyone, signed in or not.</summary>
    private sealed record Public : Rule;

    /// <summary>A page that only takes a form's POST: a GET is a 404 for everyone.</summary>
    private sealed record FormOnly : Rule;

    /// <summary>Anyone signed in.</summary>
    private sealed record SignedIn : Rule;

    /// <summary>Those with one of these roles.</summary>
    private sealed record Roles(params string[] Allowed) : Rule;

    /// <summary>The case's parties read it (and regulators, where they may); to anyone else it does not exist.</summary>
    private sealed record CaseRead(bool Regulators) : Rule;

    /// <summary>An action on the case: these parts of it may take it, the case's other parties are refused, anyone else gets a 404.</summary>
    private sealed record CaseAction(params string[] Parts) : Rule;

    /// <summary>A marketplace's own API: its OAuth token only (MarketplaceTests); every person's token, and none, get a 401.</summary>
    private sealed record MarketplaceOnly : Rule;

    /// <summary>A caller: the account (none: anonymous), its roles, and its part in the case under test (none: not a party).</summary>
    private sealed record Caller(string Name, string? Email, string? Role, string? Part);

    private enum Expect
    {
        /// <summary>2xx.</summary>
        Succeeds,
        /// <summary>Let in: anything but 401 and 403 (a 404 for an unknown id, a 400 for a bad field are fine).</summary>
        Permitted,
        /// <summary>Past the access checks: anything but 401, 403 and 404 (a 400 or 409 from the case's own rules is fine).</summary>
        Reaches,
        /// <summary>Seen but not done: 400, 403 or 409, never 2xx.</summary>
        Refused,
        Unauthorized,
        Forbidden,
        Hidden,
    }

    private sealed record Fixture(Guid CaseId, Guid EvidenceId, Guid OfferId, Guid ProposalId, Guid DocumentId, List<Caller> Callers);

    private static readonly Guid Nowhere = Guid.Parse("0f0f0f0f-0000-4000-8000-000000000001");

    /// <summary>Route (method and pattern as mapped: a group's own route ends in '/') to its rule.</summary>
    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /openapi/{documentName}.json"] = new Public(),
        ["GET /healthz"] = new Public(),
        ["GET /healthz/live"] = new Public(),
        ["GET /healthz/ready"] = new Public(),
        ["GET /api/docs/{documentName?}"] = new Public(),
        ["GET /api/docs/scalar.js"] = new Public(),
        ["GET /api/docs/scalar.aspnetcore.js"] = new Public(),
        ["GET /api/docs/favicon.svg"] = new Public(),
        ["POST /api/auth/register"] = new Public(),
        ["POST /api/auth/login"] = new Public(),
        ["POST /api/auth/refresh"] = new Public(),
        ["POST /api/auth/confirmEmail"] = new Public(),
        ["POST /api/auth/logout"] = new SignedIn(),
        ["POST /api/auth/resendConfirmationEmail"] = new Public(),
        ["POST /api/auth/forgotPassword"] = new Public(),
        ["POST /api/auth/resetPassword"] = new Public(),
        ["POST /api/auth/manage/2fa"] = new SignedIn(),
        ["GET /api/auth/manage/info"] = new SignedIn(),
        ["POST /api/auth/manage/info"] = new SignedIn(),
        ["GET /api/sellers/"] = new Public(),
        ["GET /api/sellers/{sellerKey}/record"] = new Public(),
        ["GET /api/sellers/me/"] = new SignedIn(),
        ["PUT /api/sellers/me/"] = new SignedIn(),
        ["GET /api/decisions"] = new Public(),
        ["GET /api/verify/{code}"] = new Public(),
        ["POST /api/verify"] = new Public(),
        ["POST /api/governing-law/assessments"] = new Public(),

        ["POST /api/cases/"] = new Roles("buyer"),
        ["GET /api/cases/"] = new SignedIn(),
        ["GET /api/stats/"] = new Roles("regulator"),
        ["GET /api/stats/export.csv"] = new Roles("regulator"),
        ["GET /api/audit/verify"] = new Roles("regulator", "admin"),
        ["GET /api/audit/cases/{id:guid}/chain"] = new Roles("regulator", "admin"),
        ["GET /api/admin/workflows/cases/{caseId:guid}"] = new Roles("admin"),
        ["GET /api/admin/workflows/dead-letters"] = new Roles("admin"),
        ["POST /api/admin/workflows/dead-letters/{commandId:guid}/retry"] = new Roles("admin"),
        ["GET /api/admin/marketplaces/"] = new Roles("admin"),
        ["POST /api/admin/marketplaces/"] = new Roles("admin"),
        ["POST /api/admin/marketplaces/{id:guid}/secrets"] = new Roles("admin"),
        ["GET /api/admin/marketplaces/webhook-deliveries/dead-letters"] = new Roles("admin"),
        ["POST /api/admin/marketplaces/webhook-deliveries/{id:guid}/redeliver"] = new Roles("admin"),
        ["POST /api/marketplace/cases"] = new MarketplaceOnly(),
        ["GET /api/marketplace/cases/{id:guid}"] = new MarketplaceOnly(),
        ["POST /api/marketplace/cases/{id:guid}/execution"] = new MarketplaceOnly(),
        ["GET /api/marketplace/webhook-deliveries/"] = new MarketplaceOnly(),
        ["POST /api/marketplace/webhook-deliveries/{id:guid}/redeliver"] = new MarketplaceOnly(),

        ["GET /api/cases/{id:guid}"] = new CaseRead(Regulators: true),
        ["GET /api/cases/{id:guid}/events"] = new CaseRead(Regulators: true), // the history holds no names or free text
        ["GET /api/cases/{id:guid}/evidence/{evidenceId:guid}"] = new CaseRead(Regulators: false),
        ["GET /api/cases/{id:guid}/messages"] = new CaseRead(Regulators: false),
        ["GET /api/cases/{id:guid}/documents"] = new CaseRead(Regulators: false),
        ["GET /api/documents/{id:guid}"] = new CaseRead(Regulators: false),

        ["POST /api/cases/{id:guid}/evidence"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/response"] = new CaseAction("seller"),
        ["POST /api/cases/{id:guid}/escalate"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/withdraw"] = new CaseAction("buyer"),
        ["POST /api/cases/{id:guid}/compliance"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/performance"] = new CaseAction("seller"),
        ["PUT /api/cases/{id:guid}/governing-law/position"] = new CaseAction("buyer", "seller"),
        ["PATCH /api/cases/{id:guid}/governing-law/facts"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/governing-law/confirm"] = new CaseAction("mediator", "arbitrator"),
        ["POST /api/cases/{id:guid}/offers"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/offers/{offerId:guid}/accept"] = new CaseAction("buyer"),
        ["POST /api/cases/{id:guid}/offers/{offerId:guid}/reject"] = new CaseAction("buyer"),
        ["POST /api/cases/{id:guid}/blind-bids"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/mediation/proposals"] = new CaseAction("mediator"),
        ["POST /api/cases/{id:guid}/mediation/proposals/{proposalId:guid}/accept"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/mediation/impasse"] = new CaseAction("mediator"),
        ["POST /api/cases/{id:guid}/evidence-requests"] = new CaseAction("arbitrator"),
        ["POST /api/cases/{id:guid}/award"] = new CaseAction("arbitrator"),
        ["POST /api/cases/{id:guid}/appeal"] = new CaseAction("buyer", "seller"),
        ["POST /api/cases/{id:guid}/appeal/decision"] = new CaseAction("arbitrator"),
    };

    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static Fixture? _fixture;

    [Fact]
    public async Task EveryApiRoute_ForEveryCaller_OnOwnOtherAndNoCase_AnswersAsItsRuleSays()
    {
        var fixture = await FixtureAsync();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/healthz", StringComparison.Ordinal)
                || raw.StartsWith("/openapi", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var unruled = routes.Where(r => !Rules.ContainsKey(r)).ToList();
        Assert.True(unruled.Count == 0, $"Routes with no access rule in this test (add one): {string.Join(", ", unruled)}");
        Assert.Empty(Rules.Keys.Except(routes)); // a rule for a route that is gone

        var clients = new Dictionary<string, HttpClient>();
        foreach (var caller in fixture.Callers)
        {
            clients[caller.Name] = caller.Email is null ? factory.CreateClient() : await factory.ClientForAsync(caller.Email);
        }
        var failures = new List<string>();
        var cells = 0;
        // Reads first, then actions, refusals before permissions: an action that succeeds changes the case for what follows.
        foreach (var route in routes.OrderBy(r => Rules[r] is CaseAction ? 1 : 0))
        {
            var callers = fixture.Callers.OrderBy(c => Rules[route] is CaseAction action && c.Part is { } part && action.Parts.Contains(part) ? 1 : 0);
            foreach (var caller in callers)
            {
                foreach (var (relation, caseId) in Relations(route, fixture))
                {
                    var expected = Expected(Rules[route], caller, relation);
                    using var request = Request(route, caseId, fixture);
                    var response = await clients[caller.Name].SendAsync(request);
                    cells++;
                    // Signing out, and making the first authenticator key (Identity changes the security stamp), end the
                    // caller's tokens.
                    if (route is "POST /api/auth/logout" or "POST /api/auth/manage/2fa" && caller.Email is not null)
                    {
                        clients[caller.Name] = await factory.ClientForAsync(caller.Email);
                    }
                    if (!Meets((int)response.StatusCode, expected))
                    {
                        failures.Add($"{route} as {caller.Name} on {relation} case: {(int)response.StatusCode}, expected {expected}"
                            + $" — {Shorten(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }
        output.WriteLine($"{routes.Count} routes, {cells} calls");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} calls were answered unexpectedly:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task EveryHubMethod_ForEveryCaller_OnOwnAndOtherCase_AnswersAsItsRuleSays()
    {
        var fixture = await FixtureAsync();
        var methods = typeof(DisputeChatHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance
            | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(DisputeChatHub)) // not Hub's OnConnected/OnDisconnected, which no client calls
            .Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
        string[] known = ["GetMessagesSince", "JoinCase", "MarkRead", "SendCaucusMessage", "SendMessage"];
        Assert.Equal(known, methods);

        // No one signed in is turned away at the door.
        var anonymous = await factory.CreateClient().PostAsync($"{DisputeChatHub.Path}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var failures = new List<string>();
        foreach (var caller in fixture.Callers.Where(c => c.Email is not null))
        {
            await using var hub = await HubConnections.ConnectAsync(factory, caller.Email!);
            foreach (var (relation, caseId) in new[] { ("own", fixture.CaseId), ("other", Nowhere) })
            {
                var party = relation == "own" && caller.Part is not null;
                var calls = new (string Method, Func<Task> Call)[]
                {
                    ("JoinCase", () => hub.InvokeAsync("JoinCase", caseId)),
                    ("GetMessagesSince", () => hub.InvokeAsync<IReadOnlyList<ChatMessageResponse>>("GetMessagesSince", caseId, 0)),
                    ("MarkRead", () => hub.InvokeAsync("MarkRead", caseId)),
                    ("SendMessage", () => hub.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, $"From {caller.Name}")),
                    ("SendCaucusMessage", () => hub.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId,
                        caller.Part is "seller" ? "seller" : "buyer", $"Caucus from {caller.Name}")),
                };
                foreach (var (method, call) in calls)
                {
                    string? refusal = null;
                    try
                    {
                        await call();
                    }
                    catch (HubException e)
                    {
                        refusal = e.Message;
                    }
                    var hidden = refusal?.Contains("not yours", StringComparison.Ordinal) == true;
                    // A party is never told the case is not theirs (the case's own rules may still refuse, e.g. a closed
                    // caucus); anyone else is told nothing more than that.
                    if (party ? hidden : !hidden)
                    {
                        failures.Add($"{method} as {caller.Name} on {relation} case: {refusal ?? "done"}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Page (as Razor names it) to its rule. Pages answer an anonymous caller with the sign-in page and a wrong role with "access denied".</summary>
    private static readonly Dictionary<string, Rule> PageRules = new(StringComparer.Ordinal)
    {
        ["/Index"] = new Public(),
        ["/Decisions"] = new Public(),
        ["/GoverningLaw"] = new Public(),
        ["/Language"] = new FormOnly(), // the language switcher's form posts here
        ["/Verify"] = new Public(),
        ["/Sellers/Index"] = new Public(),
        ["/Sellers/Record"] = new Public(),
        ["/Error"] = new Public(),
        ["/StatusCode"] = new Public(),
        ["/Account/Login"] = new Public(),
        ["/Account/Register"] = new Public(),
        ["/Account/Logout"] = new Public(),
        ["/Account/AccessDenied"] = new Public(),
        ["/Account/ConfirmEmail"] = new Public(),
        ["/Account/Preferences"] = new Public(), // language and time zone, for anyone
        ["/Account/SellerProfile"] = new SignedIn(),
        ["/Cases/Index"] = new SignedIn(),
        ["/Notifications"] = new SignedIn(),
        ["/Cases/File"] = new Roles("buyer"),
        ["/Cases/Filing/Guide"] = new Public(), // the filing guide (/Cases/File/Guide), readable before one has an account
        ["/Cases/Details"] = new CaseRead(Regulators: false), // regulators have their own view of a case
        ["/Admin/Index"] = new Roles("admin"),
        ["/Admin/Webhooks/Sandbox"] = new Roles("admin"),
        ["/Admin/Webhooks/Deliveries"] = new Roles("admin"),
        ["/Regulator/Index"] = new Roles("regulator"),
        ["/Regulator/Audit"] = new Roles("regulator", "admin"),
        ["/Regulator/Cases/Details"] = new Roles("regulator"),
    };

    [Fact]
    public async Task EveryPage_ForEveryCaller_OnOwnOtherAndNoCase_AnswersAsItsRuleSays()
    {
        var fixture = await FixtureAsync();
        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()?.ViewEnginePath,
                Route: e.RoutePattern.RawText!))
            .Where(p => p.Page is not null).Distinct().OrderBy(p => p.Route, StringComparer.Ordinal).ToList();
        var unruled = pages.Select(p => p.Page!).Distinct().Where(p => !PageRules.ContainsKey(p)).ToList();
        Assert.True(unruled.Count == 0, $"Pages with no access rule in this test (add one): {string.Join(", ", unruled)}");
        Assert.Empty(PageRules.Keys.Except(pages.Select(p => p.Page!)));

        var failures = new List<string>();
        var calls = 0;
        foreach (var caller in fixture.Callers)
        {
            using var browser = caller.Email is null ? factory.Browser() : await factory.BrowserForAsync(caller.Email);
            foreach (var (page, route) in pages)
            {
                var rule = PageRules[page!];
                var ownsId = route.Contains("{id:guid}", StringComparison.Ordinal);
                foreach (var (relation, caseId) in ownsId ? [("own", fixture.CaseId), ("other", Nowhere)] : new[] { ("no", Guid.Empty) })
                {
                    var path = "/" + route.Replace("{id:guid}", caseId.ToString(), StringComparison.Ordinal)
                        .Replace("{sellerKey}", "unknown-seller", StringComparison.Ordinal);
                    var response = await browser.GetAsync(path);
                    calls++;
                    var status = (int)response.StatusCode;
                    var redirect = response.Headers.Location?.OriginalString ?? "";
                    var expected = Expected(rule, caller, relation);
                    var met = expected switch
                    {
                        Expect.Unauthorized => status == 302 && redirect.Contains("/Account/Login", StringComparison.Ordinal),
                        Expect.Forbidden => status == 302 && redirect.Contains("/Account/AccessDenied", StringComparison.Ordinal),
                        // An unknown id on a page the caller may open is a 404 like any missing page.
                        Expect.Permitted => status is 200 or 302 || (status == 404 && (relation == "other" || route.Contains("{sellerKey}", StringComparison.Ordinal))),
                        _ => Meets(status, expected),
                    };
                    if (!met)
                    {
                        failures.Add($"{path} ({page}) as {caller.Name} on {relation} case: {status} {redirect}, expected {expected}");
                    }
                }
            }
        }
        output.WriteLine($"{pages.Count} page routes, {calls} calls");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} page calls were answered unexpectedly:\n{string.Join("\n", failures)}");
    }

    private static IEnumerable<(string Relation, Guid CaseId)> Relations(string route, Fixture fixture) =>
        Rules[route] is CaseRead or CaseAction || route.Contains("{id:guid}/chain", StringComparison.Ordinal)
            || route.Contains("{caseId:guid}", StringComparison.Ordinal)
            ? [("own", fixture.CaseId), ("other", Nowhere)]
            : [("no", Guid.Empty)];

    private static Expect Expected(Rule rule, Caller caller, string relation)
    {
        if (rule is Public or FormOnly)
        {
            return rule is Public ? Expect.Permitted : Expect.Hidden;
        }
        if (caller.Email is null || rule is MarketplaceOnly)
        {
            return Expect.Unauthorized;
        }
        var party = relation == "own" && caller.Part is not null;
        return rule switch
        {
            SignedIn => Expect.Permitted,
            Roles roles => roles.Allowed.Contains(caller.Role) ? Expect.Permitted : Expect.Forbidden,
            CaseRead read => party || (read.Regulators && caller.Role == "regulator" && relation == "own") ? Expect.Succeeds : Expect.Hidden,
            CaseAction action => !party ? Expect.Hidden : action.Parts.Contains(caller.Part) ? Expect.Reaches : Expect.Refused,
            _ => throw new InvalidOperationException(rule.ToString()),
        };
    }

    private static bool Meets(int status, Expect expected) => status < 500 && expected switch
    {
        Expect.Succeeds => status is >= 200 and < 300,
        Expect.Permitted => status is not (401 or 403),
        Expect.Reaches => status is not (401 or 403 or 404),
        Expect.Refused => status is 400 or 403 or 409,
        Expect.Unauthorized => status == 401,
        Expect.Forbidden => status == 403,
        Expect.Hidden => status == 404,
        _ => false,
    };

    /// <summary>The route called with the fixture's ids (or an unknown case's) and a body that binds.</summary>
    private static HttpRequestMessage Request(string route, Guid caseId, Fixture fixture)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        var method = route[..space];
        var path = route[(space + 1)..]
            .Replace("{id:guid}/evidence/{evidenceId:guid}", $"{caseId}/evidence/{fixture.EvidenceId}", StringComparison.Ordinal)
            .Replace("{offerId:guid}", fixture.OfferId.ToString(), StringComparison.Ordinal)
            .Replace("{proposalId:guid}", fixture.ProposalId.ToString(), StringComparison.Ordinal)
            .Replace("{commandId:guid}", Nowhere.ToString(), StringComparison.Ordinal)
            .Replace("{caseId:guid}", caseId.ToString(), StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{sellerKey}", "unknown-seller", StringComparison.Ordinal)
            .Replace("{code}", "ABCD-EFGH", StringComparison.Ordinal);
        path = path.StartsWith("/api/documents/", StringComparison.Ordinal)
            ? $"/api/documents/{(caseId == fixture.CaseId ? fixture.DocumentId : Nowhere)}"
            : path.Replace("{id:guid}", caseId.ToString(), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = route.EndsWith("/evidence", StringComparison.Ordinal)
                ? Evidence()
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return request;
    }

    private static MultipartFormDataContent Evidence() => EvidenceUploads.Upload(EvidenceUploads.PngStart, "photo.png", "image/png", "A photo");

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200];

    /// <summary>
    /// One case that has been through negotiation (a seller's offer), mediation (a proposal) and arbitration, with
    /// evidence and the award's ruling, now awaiting compliance; and the callers, with their parts in it.
    /// </summary>
    private async Task<Fixture> FixtureAsync()
    {
        await Setup.WaitAsync();
        try
        {
            return _fixture ??= await BuildFixtureAsync();
        }
        finally
        {
            Setup.Release();
        }
    }

    private async Task<Fixture> BuildFixtureAsync()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var filing = Filings.Valid();
        filing["consentToArbitration"] = true;
        var url = $"/api/cases/{(await Filings.FileAsync(buyer, filing))["id"]}";
        await factory.DrainWorkflowsAsync();
        var evidence = await OkAsync(await buyer.PostAsync($"{url}/evidence", Evidence()));
        var negotiating = await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new
        {
            action = "counterOffer",
            offer = new { remedy = new { type = "partialRefund", amount = new { value = 30, currency = "EUR" } }, message = "Half" },
            statement = "It arrived late, not lost.",
            consentToArbitration = true,
        }));
        await OkAsync(await buyer.PostAsJsonAsync($"{url}/escalate", new { reason = "No agreement." }));
        await factory.DrainWorkflowsAsync();
        var mediatorId = Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!);
        var mediator = await factory.ClientForUserAsync(mediatorId);
        var proposal = await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/proposals",
            new { remedy = new { type = "partialRefund", amount = new { value = 35, currency = "EUR" } }, note = "Share the loss." }));
        await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/impasse", new { note = "I recommend half." }));
        await factory.DrainWorkflowsAsync();
        var arbitratorId = Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]!);
        var arbitrator = await factory.ClientForUserAsync(arbitratorId);
        await OkAsync(await arbitrator.PostAsJsonAsync($"{url}/award", new
        {
            decision = "partialRefund",
            amount = new { value = 40.00, currency = "EUR" },
            governingLaw = "DE",
            reasons = "Dispatch proven, delivery not.",
        }));
        await factory.DrainWorkflowsAsync();
        Assert.Equal("compliance", (string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["stage"]!);
        var document = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;

        var mediatorEmail = await factory.EmailOfAsync(mediatorId);
        var arbitratorEmail = await factory.EmailOfAsync(arbitratorId);
        List<Caller> callers =
        [
            new("anonymous", null, null, null),
            new("buyer", "buyer@demo.odr", "buyer", "buyer"),
            new("another buyer", "buyer2@demo.odr", "buyer", null),
            new("seller", "seller@demo.odr", "seller", "seller"),
            new("another seller", "seller2@demo.odr", "seller", null),
            new("the mediator", mediatorEmail, "mediator", "mediator"),
            new("another mediator", mediatorEmail == "mediator@demo.odr" ? "mediator2@demo.odr" : "mediator@demo.odr", "mediator", null),
            new("the arbitrator", arbitratorEmail, "arbitrator", "arbitrator"),
            new("another arbitrator", arbitratorEmail == "arbitrator@demo.odr" ? "arbitrator2@demo.odr" : "arbitrator@demo.odr", "arbitrator", null),
            new("regulator", "regulator@demo.odr", "regulator", null),
            new("admin", "admin@demo.odr", "admin", null),
        ];
        return new Fixture(Guid.Parse(url["/api/cases/".Length..]), Guid.Parse((string)evidence["id"]!),
            Guid.Parse((string)negotiating["offers"]![0]!["id"]!), Guid.Parse((string)proposal["id"]!), Guid.Parse((string)document["id"]!), callers);
    }

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
