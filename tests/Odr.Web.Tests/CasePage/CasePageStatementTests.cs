using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure.Identity;
using Odr.Domain.Disputes;
using static Odr.Web.Tests.EvidenceUploads;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// The SQL statements one request sends, counted from EF Core's own "command executed" log entries (event 20101) of
/// the requests that carry <see cref="Header"/>; the rest of the service (its workflows, other tests' requests) is not
/// counted. Each counted request's statements are kept by the header's value.
/// </summary>
public sealed class StatementCountingFactory : OdrWebFactory
{
    public const string Header = "X-Test-Count-Statements";

    private static readonly AsyncLocal<ConcurrentQueue<string>?> Current = new();

    private static readonly AsyncLocal<ConcurrentQueue<string>?> CurrentOpens = new();

    public ConcurrentDictionary<string, ConcurrentQueue<string>> Statements { get; } = new();

    /// <summary>Each tagged request's connection opens (a connection taken from the pool), one entry each.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Opens { get; } = new();

    /// <summary>The big case's chat is written in one go, faster than people type.</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:Chat:MessagesPerTenSeconds"] = "100000" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging
            .AddProvider(new Counter())
            .AddFilter<Counter>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)
            .AddFilter<Counter>("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.Debug));
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter>(_ => new Tagger(this)));
    }

    private sealed class Tagger(StatementCountingFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var key))
                {
                    Current.Value = factory.Statements.GetOrAdd(key.ToString(), _ => new ConcurrentQueue<string>());
                    CurrentOpens.Value = factory.Opens.GetOrAdd(key.ToString(), _ => new ConcurrentQueue<string>());
                }
                return following(context);
            });
            next(app);
        };
    }

    [ProviderAlias("StatementCounter")]
    private sealed class Counter : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == RelationalEventId.CommandExecuted.Id && Current.Value is { } statements)
            {
                statements.Enqueue(formatter(state, exception));
            }
            else if (eventId.Id == RelationalEventId.ConnectionOpening.Id && CurrentOpens.Value is { } opens)
            {
                opens.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>
/// The case page sends a fixed, small number of SQL statements however long the case has run: it reads what it draws
/// (the chat's latest page, the history's newest entries), never the whole transcript or a collection it does not show.
/// </summary>
public sealed class CasePageStatementTests(StatementCountingFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<StatementCountingFactory>
{
    private readonly CasePages pages = new(factory);

    /// <summary>
    /// What one case page costs in statements now; a change that adds one should say why here. Each is a round trip, and
    /// on PostgreSQL under load a round trip is what the page waits for most (bench/analysis.md, pages): 15 since the
    /// history became one statement and the cookie check stopped reading the account's claims; 14 since that check reads
    /// the account and its roles together.
    /// </summary>
    private const int MostStatements = 14;

    private async Task<List<string>> StatementsOfAsync(HttpClient browser, string page) => [.. factory.Statements[await RequestAsync(browser, page)]];

    /// <summary>Requests the page as in use, tagged so that what it sends is counted under the returned key.</summary>
    private async Task<string> RequestAsync(HttpClient browser, string page)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // time passed since the cookie was issued: it is checked, as in use
        var key = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Add(StatementCountingFactory.Header, key);
        var response = await browser.SendAsync(request);
        await response.Content.ReadAsStringAsync(); // the whole page drawn, so every statement of it was sent
        response.EnsureSuccessStatusCode();
        return key;
    }

    /// <summary>
    /// The page's reads share one connection (bench/analysis.md, chat): the request takes one from the pool for the
    /// cookie check's read before the page runs, then one for the page, not one for each of its statements (7 opens
    /// without it).
    /// </summary>
    [Fact]
    public async Task TheCasePage_TakesOneConnectionForItsReads()
    {
        var (_, page) = await pages.FileAsync();
        var browser = await pages.BrowserAsync("buyer@demo.odr");
        await RequestAsync(browser, page); // warm

        var key = await RequestAsync(browser, page);

        var opens = factory.Opens[key].Count;
        output.WriteLine($"{opens} opens for {factory.Statements[key].Count} statements");
        Assert.True(opens <= 2, $"{opens} connection opens for {factory.Statements[key].Count} statements");
    }

    /// <summary>
    /// The cookie check runs on every signed-in request, so its one statement must find the account's roles by the
    /// account, not read every account's: SQLite builds the roles' side of the join first, whole, unless it is filtered
    /// inside (it was not, at first). SQLite's planner only: PostgreSQL's pushes the join condition down either way, and
    /// on its small test tables may choose to scan them whatever the query.
    /// </summary>
    [SqlitePassFact]
    public async Task TheCookieCheck_ReadsOnlyTheAccountsOwnRoles()
    {
        var (_, page) = await pages.FileAsync();
        var browser = await pages.BrowserAsync("buyer@demo.odr");
        var logged = factory.Statements[await RequestAsync(browser, page)].First(s => s.Contains("\"AspNetUserRoles\"", StringComparison.Ordinal));
        var sql = logged[(logged.IndexOf('\n') + 1)..]; // after EF Core's "Executed DbCommand" line

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Odr.Web.Infrastructure.OdrDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var id = explain.CreateParameter();
        id.ParameterName = "@id";
        id.Value = Guid.NewGuid();
        explain.Parameters.Add(id);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        output.WriteLine(string.Join("\n", plan));
        Assert.Contains(plan, step => step.StartsWith("SEARCH a0 USING", StringComparison.Ordinal) && step.Contains("(UserId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN a0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCasePage_OfABigCase_SendsAsFewStatementsAsOfANewOne()
    {
        var (_, fresh) = await pages.FileAsync();
        var (id, big) = await pages.FileAsync();
        var api = await factory.ClientForAsync("buyer@demo.odr");
        for (var i = 0; i < 5; i++)
        {
            (await api.PostAsync($"/api/cases/{id}/evidence", Upload(Pdf, $"receipt-{i}.pdf", "application/pdf"))).EnsureSuccessStatusCode();
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<OdrUser>>();
            var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
            var buyer = (await users.FindByEmailAsync("buyer@demo.odr"))!;
            for (var n = 1; n <= 2 * Odr.Web.Pages.Cases.DetailsModel.ChatPageSize + 10; n++)
            {
                await chat.PostAsync(buyer, Guid.Parse(id), ChatChannel.Joint, $"Note {n}.", CancellationToken.None);
            }
        }
        var browser = await pages.BrowserAsync("buyer@demo.odr");
        await StatementsOfAsync(browser, fresh); // warm: the first request compiles the page and the queries

        var ofFresh = await StatementsOfAsync(browser, fresh);
        var ofBig = await StatementsOfAsync(browser, big);
        var listing = string.Join("\n---\n", ofBig);
        output.WriteLine($"{ofBig.Count} statements:\n{listing}");
        Assert.True(ofBig.Count == ofFresh.Count, $"{ofBig.Count} statements for the big case, {ofFresh.Count} for a new one:\n{listing}");
        Assert.True(ofBig.Count <= MostStatements, $"{ofBig.Count} statements (at most {MostStatements}):\n{listing}");
    }
}
