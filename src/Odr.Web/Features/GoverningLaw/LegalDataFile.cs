using System.Text.Json;
using System.Text.Json.Serialization;
using Odr.Domain.Common;
using Odr.Domain.GoverningLaw;

namespace Odr.Web.Features.GoverningLaw;

public sealed class GoverningLawOptions
{
    /// <summary>The legal data file (EU/EEA membership with dates, CISG states and declarations, regimes). Relative to the app's folder.</summary>
    public string DataFile { get; set; } = "Data/legal-data.json";
}

/// <summary>
/// Reads the legal data file at start. Every code in it must be a real ISO country, and the sets must agree (no state
/// both in and out of the EU, every CISG state with a date): a bad file stops the service rather than skewing answers.
/// </summary>
public static class LegalDataFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public static LegalData Load(string path)
    {
        var file = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path), Json)
            ?? throw new InvalidOperationException($"{path} is empty.");
        var problems = Check(file).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{path} is not valid legal data:\n" + string.Join("\n", problems));
        }
        return new LegalData(
            file.Version!,
            Memberships(file.EuMembership!),
            Memberships(file.EeaNonEuMembership!),
            file.RomeIStartDate!.Value,
            file.RomeIExceptions!.Keys,
            file.UkRomeIStartDate!.Value,
            file.CisgStates!.Select(s => new CisgState(s.Country!, s.InForceFrom!.Value, s.Article95, s.Article95Until, s.Article92PartIIIExcluded, s.Article96)
            {
                Article95OnlyTowardsArticle95States = s.Article95Scope == "towardsArticle95States",
                Article96Until = s.Article96Until,
                Article92PartIIExcluded = s.Article92PartIIExcluded,
                Article92PartIIUntil = s.Article92PartIIUntil,
            }),
            file.CisgArticle94NordicStates!,
            file.CisgStatusDisputed!,
            file.Regimes!,
            file.LegalUnits!.ToDictionary(u => u.Key, u => new LegalUnits(u.Value.Required, u.Value.Default, u.Value.Units!)),
            file.Territories!.Select(t => new Territory(t.Key, t.Value.State!)),
            new CraSection32(file.UkCraSection32!.InForceFrom!.Value, file.UkCraSection32.AmendedFrom!.Value));
    }

    private static IEnumerable<Membership> Memberships(List<MembershipShape> entries) =>
        entries.SelectMany(e => e.States!.Select(s => new Membership(s, e.From!.Value, e.Until)));

    private static IEnumerable<string> Check(FileShape f)
    {
        if (string.IsNullOrWhiteSpace(f.Version))
        {
            yield return "version is missing";
        }
        if (f.EuMembership is null || f.EeaNonEuMembership is null || f.CisgStates is null || f.CisgArticle94NordicStates is null
            || f.CisgStatusDisputed is null || f.Regimes is null || f.LegalUnits is null || f.RomeIExceptions is null
            || f.RomeIStartDate is null || f.UkRomeIStartDate is null || f.Territories is null
            || f.UkCraSection32 is not { InForceFrom: not null, AmendedFrom: not null })
        {
            yield return "a section is missing";
            yield break;
        }
        var memberships = f.EuMembership.Concat(f.EeaNonEuMembership).ToList();
        foreach (var entry in memberships.Where(e => e.States is not { Count: > 0 } || e.From is null || string.IsNullOrWhiteSpace(e.Source)))
        {
            yield return $"a membership entry ({string.Join(", ", entry.States ?? [])}) has no states, no date or no source";
        }
        foreach (var entry in memberships.Where(e => e.Until < e.From))
        {
            yield return $"a membership entry ({string.Join(", ", entry.States!)}) ends before it starts";
        }
        var euStates = f.EuMembership.SelectMany(e => e.States ?? []).ToList();
        var eeaNonEuStates = f.EeaNonEuMembership.SelectMany(e => e.States ?? []).ToList();
        // UK Rome I takes over the day after Union law stopped applying in the UK (Withdrawal Agreement Art. 66(a), 126).
        if (f.EuMembership.FirstOrDefault(e => e.States?.Contains("GB") == true)?.Until is { } ukUntil && ukUntil.AddDays(1) != f.UkRomeIStartDate)
        {
            yield return $"GB's EU membership ends on {ukUntil:yyyy-MM-dd}, but ukRomeIStartDate is not the next day";
        }
        var codes = euStates.Concat(eeaNonEuStates).Concat(f.CisgStates.Select(s => s.Country ?? "")).Concat(f.CisgArticle94NordicStates)
            .Concat(f.CisgStatusDisputed).Concat(f.Regimes.Keys).Concat(f.LegalUnits.Keys).Concat(f.RomeIExceptions.Keys)
            .Concat(f.Territories.Keys).Concat(f.Territories.Values.Select(t => t.State ?? ""));
        foreach (var code in codes.Distinct().Where(c => !CountryCode.TryParse(c, out var parsed) || parsed.Value != c))
        {
            yield return $"'{code}' is not an upper-case ISO 3166-1 alpha-2 code";
        }
        foreach (var code in euStates.Intersect(eeaNonEuStates))
        {
            yield return $"{code} is listed both in and outside the EU";
        }
        foreach (var code in euStates.Concat(eeaNonEuStates).GroupBy(c => c).Where(g => g.Count() > 1))
        {
            yield return $"{code.Key} is listed twice as a member";
        }
        foreach (var state in f.CisgStates.Where(s => s.InForceFrom is null))
        {
            yield return $"CISG state {state.Country} has no entry-into-force date";
        }
        foreach (var duplicate in f.CisgStates.GroupBy(s => s.Country).Where(g => g.Count() > 1))
        {
            yield return $"CISG state {duplicate.Key} is listed twice";
        }
        foreach (var state in f.CisgStates.Where(s => s.Article95Scope is not (null or "towardsArticle95States")))
        {
            yield return $"CISG state {state.Country} has an unknown article95Scope '{state.Article95Scope}'";
        }
        // A fact without its source cannot be checked again: every state's declarations, every territory, s.32's dates.
        foreach (var state in f.CisgStates.Where(s => string.IsNullOrWhiteSpace(s.Source)
            && (s.Article95 || s.Article96 || s.Article92PartIIExcluded || s.Article92PartIIIExcluded)))
        {
            yield return $"CISG state {state.Country} has a declaration without a source";
        }
        foreach (var territory in f.Territories.Where(t => string.IsNullOrWhiteSpace(t.Value.Source)))
        {
            yield return $"territory {territory.Key} has no source";
        }
        if (string.IsNullOrWhiteSpace(f.UkCraSection32.Source))
        {
            yield return "ukCraSection32 has no source";
        }
        foreach (var nordic in f.CisgArticle94NordicStates.Where(n => f.CisgStates.All(s => s.Country != n)))
        {
            yield return $"Art. 94 state {nordic} is not a CISG state";
        }
    }

    private sealed class FileShape
    {
        public string? Version { get; set; }
        public List<MembershipShape>? EuMembership { get; set; }
        public List<MembershipShape>? EeaNonEuMembership { get; set; }
        public DateOnly? RomeIStartDate { get; set; }
        public Dictionary<string, string>? RomeIExceptions { get; set; }
        public DateOnly? UkRomeIStartDate { get; set; }
        public List<CisgStateShape>? CisgStates { get; set; }
        public List<string>? CisgArticle94NordicStates { get; set; }
        public List<string>? CisgStatusDisputed { get; set; }
        public Dictionary<string, string>? Regimes { get; set; }
        public Dictionary<string, UnitsShape>? LegalUnits { get; set; }
        public Dictionary<string, TerritoryShape>? Territories { get; set; }
        public CraShape? UkCraSection32 { get; set; }
    }

    private sealed class MembershipShape
    {
        public List<string>? States { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? Until { get; set; }
        public string? Source { get; set; }
    }

    private sealed class TerritoryShape
    {
        public string? State { get; set; }
        public string? Source { get; set; }
    }

    private sealed class CraShape
    {
        public DateOnly? InForceFrom { get; set; }
        public DateOnly? AmendedFrom { get; set; }
        public string? Source { get; set; }
    }

    private sealed class CisgStateShape
    {
        public string? Country { get; set; }
        public DateOnly? InForceFrom { get; set; }
        public bool Article95 { get; set; }
        public DateOnly? Article95Until { get; set; }
        public bool Article92PartIIIExcluded { get; set; }
        public bool Article96 { get; set; }
        public string? Article95Scope { get; set; }
        public DateOnly? Article96Until { get; set; }
        public bool Article92PartIIExcluded { get; set; }
        public DateOnly? Article92PartIIUntil { get; set; }
        [JsonPropertyName("note")]
        public string? Note { get; set; }
        public string? Source { get; set; }
    }

    private sealed class UnitsShape
    {
        public bool Required { get; set; }
        public string? Default { get; set; }
        public Dictionary<string, string>? Units { get; set; }
    }
}
