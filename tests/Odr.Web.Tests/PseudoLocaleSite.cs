using System.Collections;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Disputes;
using Odr.Web.Features.Marketplaces;
using Odr.Web.Infrastructure;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests;

/// <summary>
/// One service for the pseudo-locale tests, seeded once: the demo cases (awaiting response, negotiation, mediation,
/// compliance, closed in several ways) plus, through the API, a case in arbitration, one awarded and open to appeal, one
/// under appeal, and one whose appeal was decided, so that every stage's partial and every document kind has a case.
/// </summary>
public sealed partial class PseudoLocaleSite : OdrWebFactory, IAsyncLifetime
{
    public const string Pseudo = "qps-Ploc";

    /// <summary>Every demo account (anonymous is <c>null</c>): a page is checked for each one that may open it.</summary>
    public static readonly string?[] Accounts =
    [
        null, "buyer@demo.odr", "buyer2@demo.odr", "seller@demo.odr", "seller2@demo.odr", "mediator@demo.odr", "mediator2@demo.odr",
        "arbitrator@demo.odr", "arbitrator2@demo.odr", "arbitrator3@demo.odr", "regulator@demo.odr", "admin@demo.odr",
    ];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:Demo:SeedCases"] = "true" };

    public async Task InitializeAsync()
    {
        if (TestDatabase.OnPostgres)
        {
            return; // its tests run in the SQLite pass only (SqlitePassFact)
        }
        _ = Services; // starts the service, which seeds the demo accounts and cases
        var api = new LifecycleApi(this);
        var (arbitration, judge) = await api.InArbitrationAsync();
        await judge.PostAsJsonAsync($"{arbitration.Url}/evidence-requests", new { from = "seller", request = "The courier's signed delivery slip.", dueInDays = 3 });
        await AwardedAsync(api);
        var (appealed, _) = await AwardedAsync(api);
        await PostOkAsync(appealed.Seller, $"{appealed.Url}/appeal", new { grounds = "manifestError", statement = "The courier's scan shows delivery to the buyer's door." });
        await DrainWorkflowsAsync();
        var (decided, _) = await AwardedAsync(api);
        await PostOkAsync(decided.Seller, $"{decided.Url}/appeal", new { grounds = "manifestError", statement = "The scan covers one parcel of two." });
        await DrainWorkflowsAsync();
        var appealJudge = await api.NeutralAsync(decided, "arbitrator");
        await PostOkAsync(appealJudge, $"{decided.Url}/appeal/decision", new
        {
            decision = "varied", award = new { decision = "partialRefund", amount = new { value = 20.00, currency = "EUR" }, governingLaw = "DE" },
            reasons = "Half of the order arrived; the scan covers one parcel of two.",
        });
        await DrainWorkflowsAsync();
        Data = await DataAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private async Task<(Parties, HttpClient)> AwardedAsync(LifecycleApi api)
    {
        var (parties, arbitrator) = await api.InArbitrationAsync();
        await PostOkAsync(arbitrator, $"{parties.Url}/award", new
        {
            decision = "partialRefund", amount = new { value = 40.00, currency = "EUR" }, governingLaw = "DE",
            reasons = "The seller proved dispatch but not delivery; the buyer bears part of the courier risk it chose.",
        });
        await DrainWorkflowsAsync();
        return (parties, arbitrator);
    }

    /// <summary>What people and the seeds wrote (names, items, statements, reasons, file names, marketplaces): shown as it is.</summary>
    public IReadOnlyList<string> Data { get; private set; } = [];

    private async Task<IReadOnlyList<string>> DataAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in await db.Cases.WithAggregate().AsNoTracking().AsSplitQuery().ToListAsync())
        {
            Collect(c, found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
            // Legal citations ("Rome I Art. 6(1)(a)", a judgment's name) are cited as the sources write them, in every
            // language: data of the engine's tables, not the service's words. Its reasons and scopes are text.
            if (c.GoverningLawSuggestion is { } suggestion)
            {
                found.UnionWith(suggestion.Basis);
                found.UnionWith(suggestion.MandatoryOverlays.Select(o => o.Basis));
            }
        }
        foreach (var u in await db.Users.AsNoTracking().ToListAsync())
        {
            found.Add(u.NameForDisplay);
            found.Add(u.Email ?? "");
        }
        foreach (var m in await db.Set<Marketplace>().AsNoTracking().ToListAsync())
        {
            Collect(m, found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        }
        // The service's configuration as the admin page shows it (sender address, shared e-mail domains, …): values, not text.
        foreach (var setting in Services.GetRequiredService<IConfiguration>().GetSection("Odr").AsEnumerable())
        {
            found.Add(setting.Value ?? "");
        }
        foreach (var p in await db.Set<Odr.Domain.Parties.SellerProfile>().AsNoTracking().ToListAsync())
        {
            Collect(p, found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        }
        // A free text, not a code: codes (camelCase enum names) must come through the layer when they are shown.
        var data = found.Where(s => s.Length > 1 && !CamelCode().IsMatch(s)).ToList();
        // What the service does not word: countries' names (ISO's in English, ICU's in other languages) and time zones
        // (IANA ids), and each language's own name in the switcher (an endonym is the same in every language).
        data.AddRange(Odr.Domain.Common.CountryCode.All.Select(c => c.EnglishName));
        data.AddRange(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id));
        data.AddRange(["简体中文", "English", "Español"]);
        return data.Select(PseudoText.WithoutLinks).Select(s => s.Trim())
            .Where(s => s.Length > 1 && !TwoLetterCode().IsMatch(s)).Distinct().OrderByDescending(s => s.Length).ToList();
    }

    /// <summary>The strings of the domain's objects, walked by reflection; the governing-law engine's reasons are text, not data.</summary>
    private static void Collect(object? value, HashSet<string> found, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 6)
        {
            return;
        }
        if (value is string s)
        {
            found.Add(s);
            return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateTimeOffset or DateTime or DateOnly or Guid or TimeSpan || !seen.Add(value))
        {
            return;
        }
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                Collect(item, found, seen, depth + 1);
            }
            return;
        }
        if (type.Namespace is not { } ns || !ns.StartsWith("Odr.", StringComparison.Ordinal) || ns.Contains("GoverningLaw", StringComparison.Ordinal))
        {
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            object? inner;
            try
            {
                inner = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }
            Collect(inner, found, seen, depth + 1);
        }
    }

    // Codes such as a country's are data by their pattern (PseudoText); as values they would cut other tokens apart.
    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex TwoLetterCode();

    [GeneratedRegex("^[a-z]+([A-Z][a-z]*)*$")]
    private static partial Regex CamelCode();
}
