using Odr.Domain.Common;
using Odr.Domain.Disputes;

namespace Odr.Domain.GoverningLaw;

/// <summary>
/// One CISG Contracting State (or a territory the Convention was extended to): when the Convention took effect for it,
/// and its declarations with the last day each had effect (a withdrawal takes effect under Art. 97(4)).
/// </summary>
public sealed record CisgState(string Country, DateOnly InForceFrom, bool Article95, DateOnly? Article95Until, bool Article92PartIIIExcluded, bool Article96)
{
    /// <summary>Armenia's Art. 95 declaration bars Art. 1(1)(b) only towards parties that made one themselves.</summary>
    public bool Article95OnlyTowardsArticle95States { get; init; }

    public DateOnly? Article96Until { get; init; }

    /// <summary>An Art. 92 declaration not to be bound by Part II (formation): the Nordic states until their withdrawals.</summary>
    public bool Article92PartIIExcluded { get; init; }

    public DateOnly? Article92PartIIUntil { get; init; }
}

/// <summary>
/// A territory with its own code that is part of another State (Hong Kong and Macao of China): for the CISG's
/// "different States" (Art. 1(1)) the State counts, not the territory.
/// </summary>
public sealed record Territory(string Code, string State);

/// <summary>
/// A State's membership of the EU (or of the EEA outside the EU) from its accession to the last day it counted as a
/// member: the UK until the end of the transition period (31 Dec 2020), when Union law stopped applying to it.
/// </summary>
public sealed record Membership(string Country, DateOnly From, DateOnly? Until)
{
    public bool On(DateOnly date) => From <= date && (Until is null || date <= Until);
}

/// <summary>The dates of CRA 2015 s.32 (UK consumer sales under a foreign law chosen by the parties).</summary>
public sealed record CraSection32(DateOnly InForceFrom, DateOnly AmendedFrom);

/// <summary>How a country with several legal units names them (US states; England and Wales, Scotland, Northern Ireland).</summary>
public sealed record LegalUnits(bool Required, string? Default, IReadOnlyDictionary<string, string> Units);

/// <summary>
/// The facts the rules depend on that change over time: who is in the EU and EEA, which states are bound by the CISG
/// and since when, with which reservations, which forum applies which conflict regime. Data, loaded at start from a
/// file, so that the engine is updated without code changes.
/// </summary>
public sealed class LegalData
{
    public LegalData(string version, IEnumerable<Membership> euMembership, IEnumerable<Membership> eeaNonEuMembership, DateOnly romeIStart,
        IEnumerable<string> romeIExcluded, DateOnly ukRomeIStart, IEnumerable<CisgState> cisgStates, IEnumerable<string> nordicArticle94,
        IEnumerable<string> cisgStatusDisputed, IReadOnlyDictionary<string, string> regimes, IReadOnlyDictionary<string, LegalUnits> legalUnits,
        IEnumerable<Territory> territories, CraSection32 craSection32)
    {
        Territories = territories.ToDictionary(t => t.Code, t => t.State, StringComparer.Ordinal);
        CraSection32 = craSection32;
        Version = version;
        EuMembership = euMembership.ToDictionary(m => m.Country, StringComparer.Ordinal);
        EeaNonEuMembership = eeaNonEuMembership.ToDictionary(m => m.Country, StringComparer.Ordinal);
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

    /// <summary>Every State that is or was an EU Member State, with its dates.</summary>
    public IReadOnlyDictionary<string, Membership> EuMembership { get; }

    /// <summary>The EEA States outside the EU (Iceland, Liechtenstein, Norway), with their dates.</summary>
    public IReadOnlyDictionary<string, Membership> EeaNonEuMembership { get; }

    public DateOnly RomeIStart { get; }

    public IReadOnlySet<string> RomeIExcluded { get; }

    public DateOnly UkRomeIStart { get; }

    public IReadOnlyDictionary<string, CisgState> CisgStates { get; }

    public IReadOnlySet<string> NordicArticle94 { get; }

    public IReadOnlySet<string> CisgStatusDisputed { get; }

    /// <summary>Forum country → regime name, for forums with a regime of their own; EU states (at the contract's date) are known from the EU membership.</summary>
    public IReadOnlyDictionary<string, string> Regimes { get; }

    public IReadOnlyDictionary<string, LegalUnits> LegalUnits { get; }

    /// <summary>Territory code → the State it belongs to (HK → CN).</summary>
    public IReadOnlyDictionary<string, string> Territories { get; }

    public CraSection32 CraSection32 { get; }

    /// <summary>The State a place belongs to: the State itself, or the State of which a territory is part.</summary>
    public string StateOf(string country) => Territories.GetValueOrDefault(country) ?? country;

    /// <summary>
    /// Whether <paramref name="country"/> was an EU Member State (or counted as one: the UK in the transition period) on
    /// <paramref name="date"/>, the contract's date: the rules ask what bound the parties and the forum when they contracted.
    /// </summary>
    public bool IsEu(string country, DateOnly date) => EuMembership.TryGetValue(country, out var m) && m.On(date);

    /// <summary>
    /// Whether <paramref name="country"/> was an EEA State on <paramref name="date"/>. EU Member States count from their
    /// accession (the EEA enlargement agreements applied provisionally from then; Croatia's from 12 Apr 2014, a gap no
    /// rule here asks about, since CRA s.32, the only question on the EEA, starts on 1 Oct 2015).
    /// </summary>
    public bool IsEea(string country, DateOnly date) =>
        IsEu(country, date) || (EeaNonEuMembership.TryGetValue(country, out var m) && m.On(date));

    /// <summary>Whether <paramref name="country"/> was a CISG Contracting State for a contract made on <paramref name="date"/> (Art. 100).</summary>
    public bool IsCisgState(string country, DateOnly date) => CisgStates.TryGetValue(country, out var s) && s.InForceFrom <= date;

    public bool HasArticle95(string country, DateOnly date) =>
        CisgStates.TryGetValue(country, out var s) && s.Article95 && (s.Article95Until is null || date <= s.Article95Until);

    /// <summary>
    /// Whether <paramref name="country"/>'s Art. 95 declaration bars Art. 1(1)(b) for this sale: a full declaration
    /// always does; Armenia's only where a party's State made one itself.
    /// </summary>
    public bool Article95Bars(string country, DateOnly date, string buyerState, string sellerState) =>
        HasArticle95(country, date)
        && (!CisgStates[country].Article95OnlyTowardsArticle95States
            || FullArticle95(buyerState, date) || FullArticle95(sellerState, date));

    private bool FullArticle95(string country, DateOnly date) =>
        HasArticle95(country, date) && !CisgStates[country].Article95OnlyTowardsArticle95States;

    /// <summary>Whether a party with its place of business in <paramref name="country"/> brings in an Art. 96 form declaration.</summary>
    public bool HasArticle96(string country, DateOnly date) =>
        CisgStates.TryGetValue(country, out var s) && s.Article96 && (s.Article96Until is null || date <= s.Article96Until);

    /// <summary>Whether <paramref name="country"/> was not bound by Part II (formation) under an Art. 92 declaration.</summary>
    public bool HasPartIIExclusion(string country, DateOnly date) =>
        CisgStates.TryGetValue(country, out var s) && s.Article92PartIIExcluded && (s.Article92PartIIUntil is null || date <= s.Article92PartIIUntil);

    /// <summary>
    /// A law code as the rules name it: a plain country, a legal unit of a country that has several (US-NY; the UK's
    /// ENG and WLS become GB-EAW), or non-State rules (UNIDROIT-PICC); null when it names no legal unit the data knows.
    /// </summary>
    public LawCode? KnownLaw(string? text)
    {
        if (!LawCode.TryParse(text, out var law))
        {
            return null;
        }
        if (law.Country is not { } country)
        {
            return law;
        }
        if (law.Value.Length == 2)
        {
            return law;
        }
        if (!LegalUnits.TryGetValue(country.Value, out var units))
        {
            return null;
        }
        var unit = law.Value[3..];
        if (units.Units.TryGetValue(unit, out var named))
        {
            return LawCode.Parse(named);
        }
        return units.Units.Values.Contains(law.Value, StringComparer.Ordinal) ? law : null;
    }

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
        // Membership at the contract's date: Rome I binds a new Member State for contracts concluded from its accession
        // (Croatia: 1 Jul 2013), and applies in the UK to contracts concluded before the end of the transition period
        // (Withdrawal Agreement Art. 66(a)); UK Rome I takes over from the next day (ukRomeIStartDate).
        if (IsEu(forum, date))
        {
            return RomeIExcluded.Contains(forum) || date < RomeIStart ? Regime.RomeConvention : Regime.EuRomeI;
        }
        if (forum == "GB" && date < UkRomeIStart)
        {
            // Before the UK's accession (1973): its common-law rules are not modelled.
            return Regime.Generic;
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
