using Odr.Domain.Common;
using Odr.Domain.Disputes;

namespace Odr.Domain.GoverningLaw;

/// <summary>One CISG Contracting State: when the Convention took effect for it, and its declarations.</summary>
public sealed record CisgState(string Country, DateOnly InForceFrom, bool Article95, DateOnly? Article95Until, bool Article92PartIIIExcluded, bool Article96);

/// <summary>How a country with several legal units names them (US states; England and Wales, Scotland, Northern Ireland).</summary>
public sealed record LegalUnits(bool Required, string? Default, IReadOnlyDictionary<string, string> Units);

/// <summary>
/// The facts the rules depend on that change over time: who is in the EU and EEA, which states are bound by the CISG
/// and since when, with which reservations, which forum applies which conflict regime. Data, loaded at start from a
/// file, so that the engine is updated without code changes.
/// </summary>
public sealed class LegalData
{
    public LegalData(string version, IEnumerable<string> euMemberStates, IEnumerable<string> eeaNonEuStates, DateOnly romeIStart,
        IEnumerable<string> romeIExcluded, DateOnly ukRomeIStart, IEnumerable<CisgState> cisgStates, IEnumerable<string> nordicArticle94,
        IEnumerable<string> cisgStatusDisputed, IReadOnlyDictionary<string, string> regimes, IReadOnlyDictionary<string, LegalUnits> legalUnits)
    {
        Version = version;
        EuMemberStates = euMemberStates.ToHashSet(StringComparer.Ordinal);
        EeaNonEuStates = eeaNonEuStates.ToHashSet(StringComparer.Ordinal);
        RomeIStart = romeIStart;
        RomeIExcluded = romeIExcluded.ToHashSet(StringComparer.Ordinal);
        UkRomeIStart = ukRomeIStart;
        CisgStates = cisgStates.ToDictionary(s => s.Country, StringComparer.Ordinal);
        NordicArticle94 = nordicArticle94.ToHashSet(StringComparer.Ordinal);
        CisgStatusDisputed = cisgStatusDisputed.ToHashSet(StringComparer.Ordinal);
        Regimes = regimes;
        LegalUnits = legalUnits;
    }

    public string Version { get; }

    public IReadOnlySet<string> EuMemberStates { get; }

    public IReadOnlySet<string> EeaNonEuStates { get; }

    public DateOnly RomeIStart { get; }

    public IReadOnlySet<string> RomeIExcluded { get; }

    public DateOnly UkRomeIStart { get; }

    public IReadOnlyDictionary<string, CisgState> CisgStates { get; }

    public IReadOnlySet<string> NordicArticle94 { get; }

    public IReadOnlySet<string> CisgStatusDisputed { get; }

    /// <summary>Forum country → regime name, for forums with a regime of their own; EU states are known from the EU list.</summary>
    public IReadOnlyDictionary<string, string> Regimes { get; }

    public IReadOnlyDictionary<string, LegalUnits> LegalUnits { get; }

    public bool IsEu(string country) => EuMemberStates.Contains(country);

    public bool IsEea(string country) => IsEu(country) || EeaNonEuStates.Contains(country);

    /// <summary>Whether <paramref name="country"/> was a CISG Contracting State for a contract made on <paramref name="date"/> (Art. 100).</summary>
    public bool IsCisgState(string country, DateOnly date) => CisgStates.TryGetValue(country, out var s) && s.InForceFrom <= date;

    public bool HasArticle95(string country, DateOnly date) =>
        CisgStates.TryGetValue(country, out var s) && s.Article95 && (s.Article95Until is null || date <= s.Article95Until);

    /// <summary>The law code of a party's place: a legal unit where the country has several, else the country.</summary>
    public (string Law, bool UnitAssumed) LawOf(CountryCode country, string? subdivision)
    {
        if (!LegalUnits.TryGetValue(country.Value, out var units))
        {
            return (country.Value, false);
        }
        if (subdivision is not null && units.Units.TryGetValue(subdivision.ToUpperInvariant(), out var unit))
        {
            return (unit, false);
        }
        return (units.Default ?? country.Value, true);
    }

    /// <summary>Whether <paramref name="subdivision"/> names a legal unit of <paramref name="country"/> (or is absent).</summary>
    public bool IsKnownSubdivision(CountryCode country, string? subdivision) =>
        subdivision is null || (LegalUnits.TryGetValue(country.Value, out var units) && units.Units.ContainsKey(subdivision.ToUpperInvariant()));

    /// <summary>The conflict-of-laws regime a court of <paramref name="forum"/> applies to a contract made on <paramref name="date"/>.</summary>
    public string RegimeOf(string forum, DateOnly date)
    {
        if (RomeIExcluded.Contains(forum))
        {
            return Regime.RomeConvention;
        }
        if (forum == "GB")
        {
            return date >= UkRomeIStart ? Regime.UkRomeI : date >= RomeIStart ? Regime.EuRomeI : Regime.RomeConvention;
        }
        if (IsEu(forum))
        {
            return date >= RomeIStart ? Regime.EuRomeI : Regime.RomeConvention;
        }
        return Regimes.GetValueOrDefault(forum) ?? Regime.Generic;
    }
}

/// <summary>The names of the conflict-of-laws regimes the engine knows.</summary>
public static class Regime
{
    public const string EuRomeI = "EU-RomeI";
    public const string UkRomeI = "UK-RomeI";
    public const string RomeConvention = "RomeConvention";
    public const string CnLal = "CN-LAL";
    public const string JpAgral = "JP-AGRAL";
    public const string KrPila = "KR-PILA";
    public const string RuCc = "RU-CC";
    public const string UsState = "US-State";
    public const string SgCommonLaw = "SG-CommonLaw";
    public const string Generic = "GENERIC";

    public static bool IsRome(string regime) => regime is EuRomeI or UkRomeI or RomeConvention;
}
