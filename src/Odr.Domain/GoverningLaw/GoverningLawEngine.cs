using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

/// <summary>
/// Suggests the law that governs a cross-border sale, following the ordered rules of governing-law.md: the reference
/// forum (rule F), the relationship (R1), the consumer rules of the forum's regime (R3), a choice of law (R4) or the
/// objective law (R5), the CISG layer (R2), and the overlays that always run (R6, R7). Deterministic and pure: the
/// same facts and data always give the same answer. It suggests; the arbitrator confirms.
/// </summary>
public sealed partial class GoverningLawEngine(LegalData data)
{
    public LegalData Data { get; } = data;

    public Assessment Assess(AssessmentRequest request)
    {
        var facts = new Facts(request, Data);
        var notes = new Notes();
        var consumerContract = request is { BuyerType: BuyerType.Consumer, SellerType: SellerType.Business };

        // Rule F: whose court, and so whose conflict rules.
        string primaryForum;
        string? otherForum;
        if (consumerContract)
        {
            primaryForum = request.Buyer.Country.Value;
            otherForum = request.Seller.Country.Value;
            ConsumerForumReason(Data.RegimeOf(primaryForum, request.ContractDate), primaryForum, request.Forum, notes);
        }
        else if (request.Forum is { } forum)
        {
            primaryForum = forum.Value;
            otherForum = null;
            notes.Reason("forumChosenBetweenBusinesses", forum);
        }
        else
        {
            primaryForum = request.Seller.Country.Value;
            otherForum = request.Buyer.Country.Value;
            notes.Reason("forumSellerCourtsFirst");
        }

        var forumReasons = notes.Reasons.Count;
        var primaryRegime = Data.RegimeOf(primaryForum, request.ContractDate);
        var decision = DecideUnder(primaryRegime, primaryForum, facts, consumerContract, notes);
        var overlays = new List<MandatoryOverlay>(decision.Overlays) { ForumOverlay(primaryRegime, primaryForum, facts) };

        if (otherForum is not null && otherForum != primaryForum)
        {
            var otherRegime = Data.RegimeOf(otherForum, request.ContractDate);
            var other = DecideUnder(otherRegime, otherForum, facts, consumerContract, new Notes());
            overlays.Add(ForumOverlay(otherRegime, otherForum, facts));
            if (other.Law != decision.Law)
            {
                notes.Flag("forumDependent");
                notes.Reason("forumDependent", Country(otherForum), RegimeName(otherRegime), Law(other.Law));
            }
        }

        if (request.ChoiceOfLaw is not null && request.ChoiceOfLawSource == ChoiceOfLawSource.PlatformTerms)
        {
            notes.Flag("clauseMayNotBindSaleContract");
            notes.Lower(Confidence.Medium);
            notes.Reason("clauseInPlatformTerms");
        }
        if (facts.UnitAssumed)
        {
            notes.Flag("subdivisionUnknown");
            notes.Lower(Confidence.Medium);
            notes.Reason("subdivisionUnknown");
        }

        var (cisg, cisgBasis) = CisgLayer(facts, primaryForum, decision.Law, notes);
        var basis = decision.Basis.Concat(cisgBasis).Distinct().ToList();
        notes.Lower(decision.Confidence);
        return new Assessment(
            primaryRegime,
            decision.Law,
            basis,
            cisg,
            cisg is CisgApplication.Applies or CisgApplication.FormationOnly ? decision.Law : null,
            overlays.Distinct().ToList(),
            notes.Confidence,
            notes.Flags,
            [.. notes.Reasons.Take(forumReasons), .. decision.Reasons, .. notes.Reasons.Skip(forumReasons)],
            Data.Version);
    }

    /// <summary>
    /// Why the consumer's courts come first, in the terms of the procedural law those courts apply: Brussels Ia in the
    /// EU (Denmark by its 2005 agreement), the Civil Jurisdiction and Judgments Act 1982 in the UK for proceedings after
    /// 2020; elsewhere rule F's own reason, with no foreign instrument cited.
    /// </summary>
    private static void ConsumerForumReason(string regime, string forum, CountryCode? clause, Notes notes)
    {
        var clauseElsewhere = clause is { } c && c.Value != forum;
        if (forum == "GB")
        {
            notes.Reason("consumerCourtsUk");
            if (clauseElsewhere)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("forumClauseNotBindingUk");
            }
        }
        else if (regime is Regime.EuRomeI or Regime.RomeConvention)
        {
            notes.Reason("consumerCourtsBrusselsIa");
            if (clauseElsewhere)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("forumClauseNotBindingBrusselsIa");
            }
        }
        else
        {
            notes.Reason("consumerCourtsReferenceForum", RegimeName(regime));
            if (clauseElsewhere)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("forumClauseMayNotBindConsumer");
            }
        }
    }

    /// <summary>The governing law as a court applying <paramref name="regime"/> would find it (R3 for consumers, else R4/R5).</summary>
    private Decision DecideUnder(string regime, string forum, Facts facts, bool consumerContract, Notes notes)
    {
        var decision = new Decision(regime);
        if (consumerContract && ConsumerRule(decision, facts, forum, notes))
        {
            return decision;
        }
        if (facts.Request.ChoiceOfLaw is { } choice && ChosenLaw(decision, facts, choice, forum, notes))
        {
            return decision;
        }
        ObjectiveLaw(decision, facts, forum, notes);
        return decision;
    }

    // ---- the values of the reasons: labels the reader's language names, data as it is -----------------------------

    /// <summary>A law by its code (<see cref="LawCode"/>, named by the web layer); a code it cannot parse stays as it is.</summary>
    private static object Law(string code) => LawCode.TryParse(code, out var law) ? law : code;

    private static CountryCode Country(string code) => CountryCode.Parse(code);

    private static IReadOnlyList<CountryCode> Countries(IEnumerable<string> codes) => [.. codes.Select(CountryCode.Parse)];

    /// <summary>A regime's name: the resource <c>regime.{code}</c>.</summary>
    private static Term RegimeName(string regime) => new($"regime.{regime}");

    // ---- working state ----------------------------------------------------------------------------------------

    private sealed class Facts
    {
        public Facts(AssessmentRequest request, LegalData data)
        {
            Request = request;
            var (buyerLaw, buyerAssumed) = data.LawOf(request.Buyer.Country, request.Buyer.Subdivision);
            var (sellerLaw, sellerAssumed) = data.LawOf(request.Seller.Country, request.Seller.Subdivision);
            BuyerLaw = buyerLaw;
            SellerLaw = sellerLaw;
            UnitAssumed = (buyerAssumed && data.LegalUnits[request.Buyer.Country.Value].Required)
                || (sellerAssumed && data.LegalUnits[request.Seller.Country.Value].Required);
        }

        public AssessmentRequest Request { get; }

        public string BuyerLaw { get; }

        public string SellerLaw { get; }

        public bool UnitAssumed { get; }
    }

    private sealed class Decision(string regime)
    {
        public string Regime { get; } = regime;
        public string Law { get; private set; } = "";
        public List<string> Basis { get; } = [];
        public List<MandatoryOverlay> Overlays { get; } = [];
        public List<Reason> Reasons { get; } = [];
        public Confidence Confidence { get; private set; } = Confidence.High;

        public void Decide(string law, params IEnumerable<string> basis)
        {
            Law = law;
            Basis.AddRange(basis);
        }

        public void Reason(string code, params object[] args) => Reasons.Add(new Reason(code) { Args = args });

        public void Lower(Confidence to) => Confidence = (Confidence)Math.Max((int)Confidence, (int)to);
    }

    private sealed class Notes
    {
        private readonly List<string> _flags = [];

        public List<Reason> Reasons { get; } = [];

        public IReadOnlyList<string> Flags => _flags;

        public Confidence Confidence { get; private set; } = Confidence.High;

        public void Flag(string flag)
        {
            if (!_flags.Contains(flag))
            {
                _flags.Add(flag);
            }
        }

        public void Reason(string code, params object[] args) => Reasons.Add(new Reason(code) { Args = args });

        public void Lower(Confidence to) => Confidence = (Confidence)Math.Max((int)Confidence, (int)to);
    }
}
