using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Regulators;

/// <summary>
/// The regulators' figures, added up either case by case (<see cref="Add(CaseFact)"/>: the definition, from the cases'
/// rows) or from the stored tallies (<see cref="Add(StatisticsTally)"/>: what a request reads). Both feed the same counts,
/// so <see cref="ToResponse"/> gives the same answer either way; the tests compare the two over a varied set of cases.
/// </summary>
public sealed class StatisticsFigures
{
    private readonly Tally _totals = new();
    private readonly int[] _outcomes = new int[Enum.GetValues<DisputeOutcome>().Max(o => (int)o) + 1];
    private readonly Dictionary<SettlementStage, int> _settledAt = [];
    private int _decided, _settled, _reported, _complied, _missed;
    private readonly Dictionary<DisputeStage, Histogram> _stageDays = [];
    private readonly Dictionary<ClaimType, Tally> _byClaim = [];
    private readonly Dictionary<string, Tally> _byPair = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _byMarketplace = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, NeutralTally> _mediators = [];
    private readonly Dictionary<Guid, NeutralTally> _arbitrators = [];
    private readonly Dictionary<string, ExecutionTally> _executions = new(StringComparer.Ordinal);

    /// <summary>One case, as the figures are defined.</summary>
    public void Add(CaseFact c)
    {
        _totals.Add(c);
        Get(_byClaim, c.ClaimType).Add(c);
        Get(_byPair, c.CountryPair).Add(c);
        Get(_byMarketplace, c.Marketplace).Add(c);
        if (c.Outcome is { } outcome)
        {
            _outcomes[(int)outcome]++;
            _decided++;
            _settled += outcome == DisputeOutcome.Settled ? 1 : 0;
        }
        if (c.SettledAt is { } settledAt)
        {
            _settledAt[settledAt] = _settledAt.GetValueOrDefault(settledAt) + 1;
        }
        if (c.Complied is { } didComply)
        {
            _reported++;
            _complied += didComply ? 1 : 0;
        }
        _missed += c.DeadlinesMissed;
        c.EachStageDuration((stage, hundredths) => Get(_stageDays, stage).Add(hundredths, 1));
        if (c.MediatorId != Guid.Empty)
        {
            Get(_mediators, c.MediatorId).Add(c);
        }
        if (c.ArbitratorId != Guid.Empty)
        {
            Get(_arbitrators, c.ArbitratorId).Add(c);
        }
        if (c is { FilingMarketplace: { } filer, ComplianceTicks: not 0 })
        {
            Get(_executions, filer).Add(c);
        }
    }

    /// <summary>One stored tally (summed over the days of the period): the same counts <see cref="CaseFact.Contributions"/> made.</summary>
    public void Add(StatisticsTally t)
    {
        var n = checked((int)t.Count);
        if (n == 0)
        {
            return; // every case that made the cell has since moved out of it
        }
        switch (t.Measure)
        {
            case TallyMeasures.Cases or TallyMeasures.Closed or TallyMeasures.Outcome:
                var claimType = Enum.Parse<ClaimType>(t.ClaimType);
                foreach (var tally in (ReadOnlySpan<Tally>)[_totals, Get(_byClaim, claimType), Get(_byPair, $"{t.BuyerCountry}-{t.SellerCountry}"),
                             Get(_byMarketplace, t.Marketplace)])
                {
                    tally.Add(t.Measure, t.Subject, n);
                }
                if (t.Measure == TallyMeasures.Outcome)
                {
                    var outcome = Enum.Parse<DisputeOutcome>(t.Subject);
                    _outcomes[(int)outcome] += n;
                    _decided += n;
                    _settled += outcome == DisputeOutcome.Settled ? n : 0;
                }
                break;
            case TallyMeasures.SettledAt:
                var at = Enum.Parse<SettlementStage>(t.Subject);
                _settledAt[at] = _settledAt.GetValueOrDefault(at) + n;
                break;
            case TallyMeasures.Complied:
                _reported += n;
                _complied += t.Subject == "true" ? n : 0;
                break;
            case TallyMeasures.Missed:
                _missed += n;
                break;
            case TallyMeasures.StageDays:
                Get(_stageDays, Enum.Parse<DisputeStage>(t.Subject)).Add(t.Value, n);
                break;
            case TallyMeasures.ExecutionOutcomes or TallyMeasures.ExecutionFailed or TallyMeasures.Executed:
                Get(_executions, t.Subject).Add(t.Measure, t.Value, n);
                break;
            case var measure when measure.StartsWith("med.", StringComparison.Ordinal):
                Get(_mediators, Guid.Parse(t.Subject)).Add(measure, t.Subject, t.Value, n);
                break;
            case var measure when measure.StartsWith("arb.", StringComparison.Ordinal):
                var id = t.Subject.Split(':')[0];
                Get(_arbitrators, Guid.Parse(id)).Add(measure, t.Subject[id.Length..].TrimStart(':'), t.Value, n);
                break;
            default:
                throw new InvalidOperationException($"Unknown statistics measure {t.Measure}.");
        }
    }

    public StatsResponse ToResponse(StatsFilter f, Pseudonyms pseudonyms)
    {
        var figures = new List<NeutralFigures>();
        // Mediators decide nothing: their figures are the settlements they brought about and the cases that went on to
        // arbitration or ended unresolved. Arbitrators' are their decisions, and whether those lean away from the pool's.
        foreach (var (id, m) in _mediators.OrderByDescending(m => m.Value.Cases).ThenBy(m => m.Key))
        {
            figures.Add(new NeutralFigures(id, pseudonyms.Of('N', id.ToString()), CaseRole.Mediator, m.Cases, m.OpenInMediation, 0, 0,
                m.SettledInMediation, m.WentOnOrUnresolved, m.DaysToClose.Percentile(0.5), OutlierSplit: false));
        }
        var poolDecided = _arbitrators.Values.Sum(a => a.ForBuyer + a.ForSeller);
        var poolShare = poolDecided == 0 ? 0 : (double)_arbitrators.Values.Sum(a => a.ForBuyer) / poolDecided;
        foreach (var (id, a) in _arbitrators.OrderByDescending(a => a.Value.Cases).ThenBy(a => a.Key))
        {
            var decidedByThem = a.ForBuyer + a.ForSeller;
            var share = decidedByThem == 0 ? 0 : (double)a.ForBuyer / decidedByThem;
            figures.Add(new NeutralFigures(id, pseudonyms.Of('N', id.ToString()), CaseRole.Arbitrator, a.Cases, a.OpenInArbitration,
                a.ForBuyer, a.ForSeller, a.Settled, a.Unresolved, a.DaysToClose.Percentile(0.5),
                // Flagged when at least five decided cases lean more than 25 points away from the pool's share for buyers.
                decidedByThem >= 5 && Math.Abs(share - poolShare) > 0.25));
        }

        return new StatsResponse(
            f.From, f.To, _totals.Cases, _totals.Cases - _totals.Closed, _totals.Closed,
            Enum.GetValues<DisputeOutcome>().ToDictionary(o => Camel(o.ToString()), o => _outcomes[(int)o]),
            new Dictionary<string, int>
            {
                ["response"] = _settledAt.GetValueOrDefault(SettlementStage.Response),
                ["negotiation"] = _settledAt.GetValueOrDefault(SettlementStage.Negotiation),
                ["mediation"] = _settledAt.GetValueOrDefault(SettlementStage.Mediation),
                ["arbitration"] = _totals.Awarded + _totals.Dismissed,
            },
            _decided == 0 ? null : Math.Round((double)_settled / _decided, 4),
            _reported == 0 ? null : Math.Round((double)_complied / _reported, 4),
            _missed,
            Enum.GetValues<DisputeStage>().Where(s => s != DisputeStage.Closed).ToDictionary(s => Camel(s.ToString()), s =>
            {
                var days = _stageDays.GetValueOrDefault(s) ?? new Histogram();
                return new StageDuration(days.Count, days.Percentile(0.5), days.Percentile(0.9));
            }),
            Breakdowns(_byClaim.ToDictionary(t => Camel(t.Key.ToString()), t => t.Value)), Breakdowns(_byPair), Breakdowns(_byMarketplace), figures,
            _executions.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ExecutionFigures(e.Key, e.Value.Outcomes, e.Value.Executed,
                e.Value.Failed, e.Value.Outcomes == 0 ? null : Math.Round((double)e.Value.Executed / e.Value.Outcomes, 4),
                e.Value.DaysToExecution.Percentile(0.5))).ToList());
    }

    private static T Get<TKey, T>(Dictionary<TKey, T> tallies, TKey key) where TKey : notnull where T : new()
    {
        if (!tallies.TryGetValue(key, out var tally))
        {
            tallies[key] = tally = new T();
        }
        return tally;
    }

    private static List<Breakdown> Breakdowns(Dictionary<string, Tally> tallies) => tallies
        .OrderByDescending(t => t.Value.Cases).ThenBy(t => t.Key, StringComparer.Ordinal)
        .Select(t => new Breakdown(t.Key, t.Value.Cases, t.Value.Closed, t.Value.Settled, t.Value.Awarded, t.Value.Dismissed, t.Value.Withdrawn,
            t.Value.Unresolved))
        .ToList();

    internal static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Counts of cases by where they ended.</summary>
    private sealed class Tally
    {
        public int Cases, Closed, Settled, Awarded, Dismissed, Withdrawn, Unresolved;

        public void Add(CaseFact c)
        {
            Add(TallyMeasures.Cases, "", 1);
            if (c.Stage == DisputeStage.Closed)
            {
                Add(TallyMeasures.Closed, "", 1);
            }
            if (c.Outcome is { } outcome)
            {
                Add(TallyMeasures.Outcome, outcome.ToString(), 1);
            }
        }

        public void Add(string measure, string subject, int n)
        {
            switch (measure, subject)
            {
                case (TallyMeasures.Cases, _):
                    Cases += n;
                    break;
                case (TallyMeasures.Closed, _):
                    Closed += n;
                    break;
                case (TallyMeasures.Outcome, nameof(DisputeOutcome.Settled)):
                    Settled += n;
                    break;
                case (TallyMeasures.Outcome, nameof(DisputeOutcome.Awarded)):
                    Awarded += n;
                    break;
                case (TallyMeasures.Outcome, nameof(DisputeOutcome.Dismissed)):
                    Dismissed += n;
                    break;
                case (TallyMeasures.Outcome, nameof(DisputeOutcome.Withdrawn)):
                    Withdrawn += n;
                    break;
                case (TallyMeasures.Outcome, nameof(DisputeOutcome.Unresolved)):
                    Unresolved += n;
                    break;
            }
        }
    }

    /// <summary>A filing marketplace's cases that reached an outcome to carry out, and what it reported of them.</summary>
    private sealed class ExecutionTally
    {
        public int Outcomes, Executed, Failed;

        public Histogram DaysToExecution { get; } = new();

        public void Add(CaseFact c)
        {
            Outcomes++;
            Failed += c.ExecutionFailed ? 1 : 0;
            if (c.ExecutedTicks != 0)
            {
                Executed++;
                DaysToExecution.Add(CaseFact.Hundredths(c.ExecutedTicks - c.ComplianceTicks), 1);
            }
        }

        public void Add(string measure, long hundredths, int n)
        {
            switch (measure)
            {
                case TallyMeasures.ExecutionOutcomes:
                    Outcomes += n;
                    break;
                case TallyMeasures.ExecutionFailed:
                    Failed += n;
                    break;
                case TallyMeasures.Executed:
                    Executed += n;
                    DaysToExecution.Add(hundredths, n);
                    break;
            }
        }
    }

    /// <summary>A neutral's cases: open at their stage, outcomes, and how long their cases took to close.</summary>
    private sealed class NeutralTally
    {
        public int Cases, OpenInMediation, OpenInArbitration, SettledInMediation, WentOnOrUnresolved, ForBuyer, ForSeller, Settled, Unresolved;

        public Histogram DaysToClose { get; } = new();

        public void Add(CaseFact c)
        {
            Cases++;
            OpenInMediation += c.Stage == DisputeStage.Mediation ? 1 : 0;
            OpenInArbitration += c.Stage == DisputeStage.Arbitration ? 1 : 0;
            SettledInMediation += c.SettledAt == SettlementStage.Mediation ? 1 : 0;
            WentOnOrUnresolved += c.ArbitratorId != Guid.Empty || c.Outcome == DisputeOutcome.Unresolved ? 1 : 0;
            ForBuyer += c.Outcome == DisputeOutcome.Awarded ? 1 : 0;
            ForSeller += c.Outcome == DisputeOutcome.Dismissed ? 1 : 0;
            Settled += c.Outcome == DisputeOutcome.Settled ? 1 : 0;
            Unresolved += c.Outcome == DisputeOutcome.Unresolved ? 1 : 0;
            if (c.ClosedTicks != 0)
            {
                DaysToClose.Add(CaseFact.Hundredths(c.ClosedTicks - c.CreatedTicks), 1);
            }
        }

        /// <summary>A stored tally; <paramref name="detail"/> is the outcome for an arbitrator's outcome counts.</summary>
        public void Add(string measure, string detail, long hundredths, int n)
        {
            switch (measure)
            {
                case TallyMeasures.MediatorCases or TallyMeasures.ArbitratorCases:
                    Cases += n;
                    break;
                case TallyMeasures.MediatorOpen:
                    OpenInMediation += n;
                    break;
                case TallyMeasures.ArbitratorOpen:
                    OpenInArbitration += n;
                    break;
                case TallyMeasures.MediatorSettled:
                    SettledInMediation += n;
                    break;
                case TallyMeasures.MediatorWentOn:
                    WentOnOrUnresolved += n;
                    break;
                case TallyMeasures.MediatorDaysToClose or TallyMeasures.ArbitratorDaysToClose:
                    DaysToClose.Add(hundredths, n);
                    break;
                case TallyMeasures.ArbitratorOutcome:
                    switch (Enum.Parse<DisputeOutcome>(detail))
                    {
                        case DisputeOutcome.Awarded:
                            ForBuyer += n;
                            break;
                        case DisputeOutcome.Dismissed:
                            ForSeller += n;
                            break;
                        case DisputeOutcome.Settled:
                            Settled += n;
                            break;
                        case DisputeOutcome.Unresolved:
                            Unresolved += n;
                            break;
                    }
                    break;
            }
        }
    }
}
