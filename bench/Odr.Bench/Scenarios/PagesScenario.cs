using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Odr.Web.Features.Chat;
using Odr.Web.Tests;

namespace Odr.Bench.Scenarios;

/// <summary>
/// What a person waits for in a browser: the case page (of a case with a year of history: messages from both parties
/// and evidence), signing in, the filing page and the regulator's statistics page; p50 and p99 with no load, then
/// again while 32 clients drive cases through the API (file, counter-offer, accept) as in the lifecycle scenario.
/// </summary>
public sealed partial class PagesScenario(BenchOptions options)
{
    public const int LoadWorkers = 32;

    /// <summary>
    /// A year of a busy case: about five messages a day between the parties, and about a file of evidence a week, as many
    /// as a case may hold (the 51st is refused).
    /// </summary>
    public const int Messages = 1_800, EvidenceFiles = Odr.Domain.Disputes.DisputeCase.MaxEvidenceFiles;

    public async Task<ScenarioResult> RunAsync(string folder)
    {
        await using var server = await BenchServer.StartAsync(folder, new Dictionary<string, string> { ["Odr__Chat__MessagesPerTenSeconds"] = "100000" });
        using var http = server.CreateClient(128);
        var api = new Api(http);
        var buyer = await api.TokenAsync("buyer@demo.odr");
        var seller = await api.TokenAsync("seller@demo.odr");
        var (caseId, messages, files) = await CaseWithAYearAsync(server, api, buyer, seller);

        using var buyerBrowser = await BrowserAsync(server, "buyer@demo.odr") ?? throw new InvalidOperationException("The buyer could not sign in.");
        using var regulatorBrowser = await BrowserAsync(server, "regulator@demo.odr") ?? throw new InvalidOperationException("The regulator could not sign in.");
        var pages = new (string Name, Func<Task<bool>> Get)[]
        {
            ($"case page (`/Cases/Details/{{id}}`, the buyer; {messages:N0} messages, {files} evidence files)",
                () => OkAsync(buyerBrowser, $"/Cases/Details/{caseId}")),
            ("sign-in (`GET` and `POST /Account/Login`, then the page it leads to)", async () =>
            {
                using var signedIn = await BrowserAsync(server, "buyer@demo.odr");
                return signedIn is not null;
            }),
            ("filing page (`/Cases/File`)", () => OkAsync(buyerBrowser, "/Cases/File")),
            ("regulator's statistics page (`/Regulator`)", () => OkAsync(regulatorBrowser, "/Regulator")),
        };

        var quiet = new Dictionary<string, List<LoadResult>>();
        var loaded = new Dictionary<string, List<LoadResult>>();
        var lifecycle = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            Console.WriteLine($"pages: run {run + 1} of {options.Runs}, no load");
            await server.WaitForIdleAsync(TimeSpan.FromMinutes(3));
            foreach (var (name, get) in pages)
            {
                Add(quiet, name, await SequentialAsync(get));
            }
            Console.WriteLine($"pages: run {run + 1} of {options.Runs}, under the lifecycle load");
            using var stop = new CancellationTokenSource();
            var completed = 0;
            var loadClock = Stopwatch.StartNew();
            var load = Enumerable.Range(0, LoadWorkers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (await LifecycleAsync(api, buyer, seller))
                    {
                        Interlocked.Increment(ref completed);
                    }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(2)); // the load under way
            foreach (var (name, get) in pages)
            {
                Add(loaded, name, await SequentialAsync(get));
            }
            await stop.CancelAsync();
            await Task.WhenAll(load);
            lifecycle.Add(completed / loadClock.Elapsed.TotalSeconds);
        }

        var details = new StringBuilder();
        details.AppendLine($"One case filed through the API with a year of history: {messages:N0} chat messages between the buyer and the seller " +
            $"(the hub) and {files} evidence files (the API). Each page is requested back to back by one signed-in browser (cookies, " +
            $"{options.Count(200)} requests per page and run), first with nothing else running, then while {LoadWorkers} clients drive cases " +
            "through the API (file, counter-offer, accept).");
        details.AppendLine();
        details.AppendLine("| page | no load p50 / p99 | under the lifecycle load p50 / p99 |");
        details.AppendLine("| --- | --- | --- |");
        foreach (var (name, _) in pages)
        {
            details.AppendLine($"| {name} | {P(quiet[name], 0.5)} / {P(quiet[name], 0.99)} | {P(loaded[name], 0.5)} / {P(loaded[name], 0.99)} |");
        }
        var failed = quiet.Values.Concat(loaded.Values).SelectMany(r => r).Sum(r => r.Failed);
        details.AppendLine($"| failed page requests | {failed} | |");
        details.AppendLine($"| lifecycle load meanwhile | | {Figure.Of("cases/s", lifecycle)} |");
        details.AppendLine();
        var caseQuiet = P(quiet[pages[0].Name], 0.99);
        var caseLoaded = P(loaded[pages[0].Name], 0.99);
        return new ScenarioResult("pages", $"case page p99 {caseQuiet} with no load, {caseLoaded} under the lifecycle load", "—", "—",
            "case page p99 ≤ 100 ms with no load, ≤ 300 ms under load", failed == 0 && caseQuiet.Median <= 100 && caseLoaded.Median <= 300,
            details.ToString(),
            [
                .. pages.Select(p => new ComparedFigure($"{ShortName(p.Name)} p99, no load", P(quiet[p.Name], 0.99).Median, "ms", HigherIsBetter: false)),
                .. pages.Select(p => new ComparedFigure($"{ShortName(p.Name)} p99, under load", P(loaded[p.Name], 0.99).Median, "ms", HigherIsBetter: false)),
            ]);
    }

    /// <summary>A page's name without its description in brackets: "case page", "sign-in".</summary>
    private static string ShortName(string name) => name.Split(" (", 2)[0];

    private static void Add(Dictionary<string, List<LoadResult>> results, string name, LoadResult result)
    {
        if (!results.TryGetValue(name, out var list))
        {
            results[name] = list = [];
        }
        list.Add(result);
    }

    private static Figure P(List<LoadResult> runs, double p) =>
        Figure.Of("ms", runs.Select(r => Percentiles.Of(r.LatenciesMs.ToArray(), p)));

    private async Task<LoadResult> SequentialAsync(Func<Task<bool>> get)
    {
        await get(); // warm
        var latencies = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        string? error = null;
        for (var i = 0; i < options.Count(200); i++)
        {
            var one = Stopwatch.StartNew();
            try
            {
                if (!await get())
                {
                    failed++;
                }
            }
            catch (HttpRequestException e)
            {
                failed++;
                error ??= e.Message;
            }
            latencies.Add(one.Elapsed.TotalMilliseconds);
        }
        return new LoadResult(latencies.Count - failed, failed, clock.Elapsed.TotalSeconds, latencies, error);
    }

    private static async Task<bool> OkAsync(HttpClient browser, string url)
    {
        using var response = await browser.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>A browser (a cookie jar) signed in through the sign-in form, as a person signs in.</summary>
    private static async Task<HttpClient?> BrowserAsync(BenchServer server, string email)
    {
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true })
        {
            BaseAddress = server.BaseAddress,
        };
        var form = await browser.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = Api.DemoPassword, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && response.RequestMessage?.RequestUri?.AbsolutePath != "/Account/Login" ? browser : null;
    }

    /// <summary>The case with its year: messages through the hub, alternately from each party, and evidence through the API.</summary>
    private async Task<(Guid Case, int Messages, int Files)> CaseWithAYearAsync(BenchServer server, Api api, string buyer, string seller)
    {
        var filed = await api.FileAsync(buyer, 4_000_000);
        var caseId = Guid.Parse((string)filed["id"]!);
        await api.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/response", seller,
            new { action = "contest", statement = "It was delivered.", consentToArbitration = true });
        var messages = options.Count(Messages);
        var files = options.Count(EvidenceFiles);
        Console.WriteLine($"pages: a case with {messages:N0} messages and {files} evidence files");
        await using var asBuyer = await HubConnections.ConnectAsync(server.BaseAddress, DisputeChatHub.Path, buyer);
        await using var asSeller = await HubConnections.ConnectAsync(server.BaseAddress, DisputeChatHub.Path, seller);
        await asBuyer.InvokeAsync("JoinCase", caseId);
        await asSeller.InvokeAsync("JoinCase", caseId);
        for (var i = 0; i < messages; i++)
        {
            await (i % 2 == 0 ? asBuyer : asSeller).InvokeAsync<ChatMessageResponse>("SendMessage", caseId,
                $"Message {i + 1}: about the parcel, the tracking and what each of us can do next.");
        }
        for (var i = 0; i < files; i++)
        {
            using var content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes($"Receipt {i + 1}\n")) { Headers = { ContentType = new("text/plain") } }, "file", $"receipt-{i + 1}.txt" },
                { new StringContent($"Receipt {i + 1}"), "description" },
            };
            using var request = Api.Request(HttpMethod.Post, $"/api/cases/{caseId}/evidence", i % 2 == 0 ? buyer : seller);
            request.Content = content;
            using var response = await api.Http.SendAsync(request);
            await Api.EnsureAsync(response, "evidence");
        }
        return (caseId, messages, files);
    }

    private static int _number = 5_000_000;

    /// <summary>One case of the lifecycle load: filed, counter-offered, accepted (its e-mails and document follow after the commit).</summary>
    private static async Task<bool> LifecycleAsync(Api api, string buyer, string seller)
    {
        var filed = await api.FileAsync(buyer, Interlocked.Increment(ref _number));
        var url = $"/api/cases/{filed["id"]}";
        var negotiating = await api.SendAsync(HttpMethod.Post, $"{url}/response", seller, new
        {
            action = "counterOffer",
            offer = new { remedy = new { type = "partialRefund", amount = new { value = 30, currency = "EUR" } }, message = "Half, for the delay" },
            statement = "It arrived late, not lost.",
            consentToArbitration = false,
        });
        var settled = await api.SendAsync(HttpMethod.Post, $"{url}/offers/{negotiating["offers"]![0]!["id"]}/accept", buyer, new { });
        return (string?)settled["outcome"] == "settled";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
