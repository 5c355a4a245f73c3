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
public sealed class GoverningLawEngine(LegalData data)
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

    // ---- R3: consumer contracts, per regime --------------------------------------------------------------------

    /// <summary>The articles of the Rome instruments' consumer rule, as each instrument numbers them.</summary>
    private sealed record RomeConsumerArticles(string Rule, string NoChoice, string Floor, string Conditions, string CarriageExcluded,
        string ServicesAbroadExcluded, string Choice, string AdrParagraph)
    {
        public static RomeConsumerArticles For(string regime) => regime switch
        {
            // Rome I Art. 6(1) no choice, 6(2) the floor, 6(3) no targeting, 6(4)(a) services abroad, 6(4)(b) carriage
            // (package travel carved back); Directive 2013/11/EU Art. 11(1)(b) refers to Rome I Art. 6(1)-(2).
            Regime.EuRomeI => new("Rome I Art. 6", "Rome I Art. 6(1)", "Rome I Art. 6(2)", "Rome I Art. 6(3)", "Rome I Art. 6(4)(b)",
                "Rome I Art. 6(4)(a)", "Rome I Art. 3", "Art. 11(1)(b)"),
            Regime.UkRomeI => new("UK Rome I Art. 6", "UK Rome I Art. 6(1)", "UK Rome I Art. 6(2)", "UK Rome I Art. 6(3)", "UK Rome I Art. 6(4)(b)",
                "UK Rome I Art. 6(4)(a)", "UK Rome I Art. 3", "Art. 11(1)(b)"),
            // Rome Convention Art. 5: 5(1) is the definition, 5(2) the floor under a choice (and the circumstances that
            // must exist), 5(3) the consumer's law without a choice, 5(4)(a) carriage, 5(4)(b) services abroad, 5(5)
            // package travel carved back; Directive 2013/11/EU Art. 11(1)(c) refers to Rome Convention Art. 5(1)-(3).
            _ => new("Rome Convention Art. 5", "Rome Convention Art. 5(3)", "Rome Convention Art. 5(2)", "Rome Convention Art. 5(2)",
                "Rome Convention Art. 5(4)(a)", "Rome Convention Art. 5(4)(b)", "Rome Convention Art. 3", "Art. 11(1)(c)"),
        };
    }

    /// <summary>Applies the regime's consumer rule; false when it does not decide (an exclusion, or no targeting).</summary>
    private bool ConsumerRule(Decision d, Facts f, string forum, Notes notes)
    {
        var r = f.Request;
        var directs = r.SellerDirectsToBuyerCountry ?? YesNoUnknown.Unknown;
        switch (d.Regime)
        {
            case Regime.EuRomeI or Regime.UkRomeI or Regime.RomeConvention:
            {
                var articles = RomeConsumerArticles.For(d.Regime);
                var excluded = r.ContractType == ContractType.Carriage ? articles.CarriageExcluded
                    : r.ContractType == ContractType.Services && r.ServicesExclusivelyOutsideConsumerCountry ? articles.ServicesAbroadExcluded
                    : null;
                if (excluded is not null)
                {
                    notes.Flag("art6Excluded");
                    d.Basis.Add(excluded);
                    d.Reason(r.ContractType == ContractType.Carriage ? "carriageExcludedFromConsumerRule" : "servicesAbroadExcludedFromConsumerRule", excluded);
                    return false;
                }
                if (directs == YesNoUnknown.No)
                {
                    d.Lower(Confidence.Medium);
                    d.Basis.Add(articles.Conditions);
                    d.Reason("sellerDidNotDirect", articles.Conditions);
                    return false;
                }
                if (directs == YesNoUnknown.Unknown)
                {
                    notes.Flag("directingUncertain");
                    d.Lower(Confidence.Medium);
                    d.Reason("directingUnknown");
                }
                if (r.ContractType == ContractType.PackageTravel)
                {
                    d.Reason("packageTravelWithinConsumerRule", articles.Rule);
                }
                AdrLegalityOverlay(d, f, articles);
                if (r.ChoiceOfLaw is not { } choice || choice.Value == f.BuyerLaw)
                {
                    d.Decide(f.BuyerLaw, articles.NoChoice);
                    d.Reason("consumerResidenceLawRome", Law(f.BuyerLaw), articles.NoChoice);
                    return true;
                }
                d.Decide(choice.Value, articles.Choice, articles.Floor);
                d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "non-derogable consumer protection", articles.Floor));
                d.Reason("chosenLawWithConsumerFloor", choice, Law(f.BuyerLaw), articles.Floor);
                if (r.ChoiceOfLawSource != ChoiceOfLawSource.Negotiated)
                {
                    notes.Flag("unfairClauseRisk");
                    d.Basis.Add("CJEU C-191/15 VKI v Amazon EU");
                    d.Reason("unfairChoiceInStandardTerms");
                }
                CraSection32(d, f, forum, choice);
                return true;
            }
            case Regime.CnLal:
            {
                var activity = r.SellerBusinessActivityInBuyerCountry ?? directs;
                var placeOfProvision = f.SellerLaw;
                if (r.ConsumerElectsPlaceOfProvisionLaw
                    || (r is { ChoiceOfLaw: { } adopted, ChoiceOfLawSource: ChoiceOfLawSource.Negotiated } && adopted.Value == placeOfProvision))
                {
                    d.Decide(placeOfProvision, "LAL Art. 42");
                    d.Reason("cnConsumerChosePlaceOfProvision", Law(placeOfProvision));
                }
                else if (activity == YesNoUnknown.No)
                {
                    d.Decide(placeOfProvision, "LAL Art. 42", "LAL Art. 6");
                    notes.Flag("cnPlaceOfProvisionAmbiguous");
                    d.Lower(Confidence.Medium);
                    d.Reason("cnPlaceOfProvisionNoOperations", Law(placeOfProvision));
                }
                else
                {
                    d.Decide(f.BuyerLaw, "LAL Art. 42");
                    if (activity == YesNoUnknown.Unknown)
                    {
                        d.Lower(Confidence.Medium);
                    }
                    d.Reason("cnConsumerResidenceLaw", Law(f.BuyerLaw));
                }
                if (r.ChoiceOfLaw is { } imposed && imposed.Value != d.Law)
                {
                    notes.Flag("cnBusinessChoiceInB2c");
                    d.Lower(Confidence.Medium);
                    d.Reason("cnBusinessChoiceIneffective", imposed);
                }
                return true;
            }
            case Regime.JpAgral:
            {
                d.Lower(Confidence.Medium);
                if (r.ChoiceOfLaw is { } choice && choice.Value != f.BuyerLaw)
                {
                    d.Decide(choice.Value, "AGRAL Art. 7", "AGRAL Art. 11(1)");
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "mandatory consumer provisions the consumer invokes", "AGRAL Art. 11(1)", RequiresConsumerInvocation: true));
                    d.Reason("jpChosenLawConsumerMayInvoke", choice, Law(f.BuyerLaw));
                }
                else
                {
                    d.Decide(f.BuyerLaw, "AGRAL Art. 11(2)");
                    d.Reason("jpConsumerResidenceLaw", Law(f.BuyerLaw));
                }
                return true;
            }
            case Regime.KrPila or Regime.RuCc:
            {
                var article = d.Regime == Regime.KrPila ? "PILA Art. 47" : "Civil Code Art. 1212";
                if (directs == YesNoUnknown.No)
                {
                    return false;
                }
                d.Lower(Confidence.Medium);
                if (r.ChoiceOfLaw is { } choice && choice.Value != f.BuyerLaw)
                {
                    d.Decide(choice.Value, article);
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "mandatory consumer protection of the consumer's country", article));
                    d.Reason("chosenLawMandatoryProtection", choice, Law(f.BuyerLaw), article);
                }
                else
                {
                    d.Decide(f.BuyerLaw, article);
                    d.Reason("targetedConsumerLaw", Law(f.BuyerLaw), article);
                }
                return true;
            }
            case Regime.UsState:
            {
                d.Lower(Confidence.Low);
                notes.Flag("usStateLawVaries");
                if (f.BuyerLaw == "US-NY" && UccReaches(f))
                {
                    d.Decide("US-NY", "NY UCC § 1-301");
                    d.Reason("nyUccConsumer");
                    return true;
                }
                if (r.ChoiceOfLaw is { } choice)
                {
                    d.Decide(choice.Value, UccReaches(f) ? ["UCC § 1-301(a)", "Restatement (Second) Conflict of Laws § 187"] : ["Restatement (Second) Conflict of Laws § 187"]);
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "non-waivable consumer statutes where a fundamental policy", "Restatement (Second) Conflict of Laws § 187(2)(b)"));
                    CheckReasonableRelation(choice, f, notes, d);
                    d.Reason("usChosenLawReasonableRelation", choice);
                }
                else
                {
                    d.Decide(f.BuyerLaw, UccReaches(f) ? ["UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188"] : ["Restatement (Second) Conflict of Laws § 188"]);
                    d.Reason("usMostSignificantRelationship", Law(f.BuyerLaw));
                }
                return true;
            }
            case Regime.SgCommonLaw:
            {
                d.Lower(Confidence.Medium);
                if (r.ChoiceOfLaw is { } choice)
                {
                    d.Decide(choice.Value, "common law: express choice");
                    if (r.Buyer.Country.Value == "SG")
                    {
                        d.Overlays.Add(new MandatoryOverlay("SG", "Unfair Contract Terms Act", "UCTA s.27(2)"));
                    }
                    d.Reason("sgExpressChoice", choice);
                }
                else
                {
                    d.Decide(f.BuyerLaw, "common law: closest and most real connection");
                    d.Reason("sgClosestConnection", Law(f.BuyerLaw));
                }
                return true;
            }
            default:
            {
                notes.Flag("genericRegime");
                d.Lower(Confidence.Low);
                d.Decide(r.ChoiceOfLaw?.Value ?? f.SellerLaw, r.ChoiceOfLaw is null ? "closest connection (characteristic performance)" : "party autonomy");
                d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "the consumer's mandatory protection (advisory)", "consumer protection of the consumer's country"));
                d.Reason("genericRegime", RegimeName(d.Regime), Law(f.BuyerLaw));
                return true;
            }
        }
    }

    /// <summary>
    /// R6.3: an imposed outcome must not deprive the consumer of the protection of the mandatory law of the consumer's
    /// residence, but only where Rome I Art. 6(1)-(2) (or Rome Convention Art. 5(1)-(3)) chose the law, or where trader and
    /// consumer live in one Member State (Directive 2013/11/EU Art. 11(1)(a)-(c)); under Art. 6(3)-(4) it adds nothing.
    /// Called only from the consumer rule after its exclusions and conditions have passed.
    /// </summary>
    private void AdrLegalityOverlay(Decision d, Facts f, RomeConsumerArticles articles)
    {
        var buyer = f.Request.Buyer.Country.Value;
        var seller = f.Request.Seller.Country.Value;
        var date = f.Request.ContractDate;
        if (!Data.IsEu(buyer, date) || !Data.IsEu(seller, date))
        {
            return;
        }
        var paragraph = buyer == seller ? "Art. 11(1)(a)" : articles.AdrParagraph;
        d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw,
            $"an imposed (arbitral) outcome may not deprive the consumer of this law's mandatory protection ({paragraph}, as the law was found under {articles.Rule})",
            "Directive 2013/11/EU Art. 11"));
        // A party whose State has since left (the UK) was, at the contract's date, in a Member State for the Directive
        // (Withdrawal Agreement Art. 127(1), (6)); the Directive is not among the Agreement's separation provisions, so
        // its reach over a procedure after the transition is debated: say so, and apply the more protective reading.
        if (new[] { buyer, seller }.Distinct().FirstOrDefault(c => Data.EuMembership[c].Until is not null) is { } former)
        {
            var until = Data.EuMembership[former].Until!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            d.Reason("formerMemberStateAdr", Country(former), until);
        }
    }

    /// <summary>
    /// CRA 2015 s.32, applied by a UK court by the contract's date, not by the regime's label: from its commencement
    /// (1 Oct 2015) a chosen non-EEA law cannot take away Part 1 Chapter 2 (goods) where the sale has a close connection
    /// with the UK; from 1 Jan 2021 (SI 2018/1326) any law other than the UK's is treated alike, EEA laws included.
    /// The sources are in the data file (ukCraSection32).
    /// </summary>
    private void CraSection32(Decision d, Facts f, string forum, LawCode choice)
    {
        var r = f.Request;
        var s32 = Data.CraSection32;
        if (forum != "GB" || r.Buyer.Country.Value != "GB" || r.ContractDate < s32.InForceFrom
            || r.ContractType is not (ContractType.Goods or ContractType.Mixed or ContractType.Auction)
            || choice.Country is not { } chosen || chosen.Value == "GB")
        {
            return;
        }
        var amended = r.ContractDate >= s32.AmendedFrom;
        if (!amended && Data.IsEea(chosen.Value, r.ContractDate))
        {
            d.Reason("craPre2021EeaChoice", choice);
            return;
        }
        d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "CRA 2015 Pt 1 Ch 2", "CRA s.32"));
        d.Reason(amended ? "craGoodsRulesAmended" : "craGoodsRulesNonEea", choice);
    }

    // ---- R4 / R5 -------------------------------------------------------------------------------------------------

    /// <summary>Whether the contract is a sale of goods for the rules that distinguish goods (Rome I Art. 4(1)(a), UCC Article 2).</summary>
    private static bool IsGoods(ContractType type) => type is ContractType.Goods or ContractType.Auction;

    /// <summary>
    /// Whether a US court's own UCC reaches the question: § 1-301 belongs to the Uniform Commercial Code, which covers
    /// sales of goods (Article 2), and a court applies its state's § 1-301 to a transaction related to that state; with
    /// no party in the US, or for services, the Restatement (Second) alone is cited.
    /// </summary>
    private static bool UccReaches(Facts f) =>
        f.Request.ContractType is ContractType.Goods or ContractType.Auction or ContractType.Mixed
        && (f.Request.Buyer.Country.Value == "US" || f.Request.Seller.Country.Value == "US");

    /// <summary>R4: the parties' choice. False when the regime does not give it effect, so that the objective law applies.</summary>
    private bool ChosenLaw(Decision d, Facts f, LawCode choice, string forum, Notes notes)
    {
        if (choice.Country is null)
        {
            NonStateRules(d, f, choice, forum, notes);
            return true;
        }
        var r = f.Request;
        if (r.ContractType == ContractType.Carriage && d.Regime is Regime.EuRomeI or Regime.UkRomeI
            && Carriage(f, notes).Kind == CarriageKind.Passengers && !PassengerChoicePermitted(f, choice))
        {
            var article = d.Regime == Regime.UkRomeI ? "UK Rome I Art. 5(2)" : "Rome I Art. 5(2)";
            notes.Flag("carriageChoiceNotPermitted");
            d.Basis.Add(article);
            d.Reason("carriagePassengerChoiceNotPermitted", article, choice);
            return false;
        }
        var usCode = UccReaches(f);
        var basis = d.Regime switch
        {
            Regime.EuRomeI => ["Rome I Art. 3"],
            Regime.UkRomeI => ["UK Rome I Art. 3"],
            Regime.RomeConvention => ["Rome Convention Art. 3"],
            Regime.CnLal => ["LAL Art. 3", "LAL Art. 41"],
            Regime.JpAgral => ["AGRAL Art. 7"],
            Regime.KrPila => ["PILA Art. 45"],
            Regime.RuCc => ["Civil Code Art. 1210"],
            Regime.UsState => usCode ? ["UCC § 1-301(a)", "Restatement (Second) Conflict of Laws § 187"] : ["Restatement (Second) Conflict of Laws § 187"],
            Regime.SgCommonLaw => ["common law: express choice"],
            _ => new[] { "party autonomy (Hague Principles Art. 2)" },
        };
        d.Decide(choice.Value, basis);
        if (d.Regime == Regime.UsState)
        {
            CheckReasonableRelation(choice, f, notes, d);
        }
        if (d.Regime == Regime.Generic)
        {
            d.Lower(Confidence.Low);
            notes.Flag("genericRegime");
        }
        d.Reason("partiesChoseLaw", choice, string.Join("; ", basis));
        return true;
    }

    /// <summary>
    /// A choice of non-State rules (the UNIDROIT Principles) is debated: an arbitral tribunal, and so the service's own
    /// final stage, may apply them as the rules of law chosen (Hague Principles Art. 3); a court under Rome I treats
    /// them only as terms incorporated into the contract (Recital 13: Art. 3 lets the parties choose the law of a
    /// country) and applies the objective law. Both readings are given, the tribunal's first, at low confidence.
    /// </summary>
    private void NonStateRules(Decision d, Facts f, LawCode choice, string forum, Notes notes)
    {
        notes.Flag("nonStateRules");
        notes.Flag("nonStateRulesCourtVersusTribunal");
        d.Lower(Confidence.Low);
        d.Decide(choice.Value, "Hague Principles Art. 3");
        d.Reason("nonStateRulesTribunal", choice);
        var court = new Decision(d.Regime);
        ObjectiveLaw(court, f, forum, new Notes());
        var courtBasis = string.Join("; ", court.Basis);
        if (Regime.IsRome(d.Regime))
        {
            var recital = d.Regime switch { Regime.UkRomeI => "UK Rome I Recital 13", Regime.RomeConvention => "Rome Convention Art. 3(1)", _ => "Rome I Recital 13" };
            d.Reason("nonStateRulesCourtRome", recital, Law(court.Law), courtBasis);
        }
        else
        {
            d.Reason("nonStateRulesCourtUnsettled", RegimeName(d.Regime), Law(court.Law), courtBasis);
        }
    }

    /// <summary>Rome I Art. 5(2), second subparagraph: the five laws the parties to a carriage of passengers may choose.</summary>
    private static bool PassengerChoicePermitted(Facts f, LawCode choice)
    {
        var r = f.Request;
        var chosen = choice.Country!.Value.Value;
        return choice.Value == f.BuyerLaw || choice.Value == f.SellerLaw
            || chosen == r.CarriageFrom?.Value || chosen == r.CarriageTo?.Value;
    }

    /// <summary>The kind of carriage, assumed (and flagged) when not given: a consumer's ticket, a business's consignment.</summary>
    private static (CarriageKind Kind, bool Assumed) Carriage(Facts f, Notes notes)
    {
        if (f.Request.CarriageKind is { } kind)
        {
            return (kind, false);
        }
        notes.Flag("carriageKindAssumed");
        return (f.Request.BuyerType == BuyerType.Consumer ? CarriageKind.Passengers : CarriageKind.Goods, true);
    }

    /// <summary>
    /// Rome I Art. 5 (the same in UK Rome I): goods (5(1)) by the carrier's residence if the place of receipt or delivery
    /// or the consignor's residence is there, else the agreed place of delivery; passengers (5(2)) by the passenger's
    /// residence if the journey starts or ends there, else the carrier's. The Rome Convention has Art. 4(4) for goods
    /// and the general presumption (Art. 4(2)) for passengers. The buyer is the passenger or consignor, the seller the
    /// carrier. Art. 5(3)'s escape clause is mentioned, not applied.
    /// </summary>
    private void CarriageLaw(Decision d, Facts f, Notes notes)
    {
        var r = f.Request;
        var (kind, assumed) = Carriage(f, notes);
        var from = r.CarriageFrom?.Value;
        var to = r.CarriageTo?.Value;
        var buyer = r.Buyer.Country.Value;
        var seller = r.Seller.Country.Value;
        if (assumed)
        {
            d.Lower(Confidence.Medium);
            d.Reason(kind == CarriageKind.Passengers ? "carriageAssumedPassengers" : "carriageAssumedGoods");
        }
        if (from is null || to is null)
        {
            notes.Flag("carriagePlacesUnknown");
            d.Lower(Confidence.Medium);
        }
        if (d.Regime == Regime.RomeConvention)
        {
            if (kind == CarriageKind.Goods && (from == seller || to == seller || buyer == seller))
            {
                d.Decide(f.SellerLaw, "Rome Convention Art. 4(4)");
                d.Reason("romeConventionGoodsCarriage", Law(f.SellerLaw));
                return;
            }
            d.Decide(f.SellerLaw, "Rome Convention Art. 4(2)");
            d.Lower(Confidence.Medium);
            d.Reason("romeConventionCarrierPresumed", Law(f.SellerLaw));
            return;
        }
        var prefix = d.Regime == Regime.UkRomeI ? "UK Rome I" : "Rome I";
        if (kind == CarriageKind.Passengers)
        {
            if (from == buyer || to == buyer)
            {
                d.Decide(f.BuyerLaw, $"{prefix} Art. 5(2)");
                d.Reason("passengerCountryLaw", Law(f.BuyerLaw), prefix);
                return;
            }
            d.Decide(f.SellerLaw, $"{prefix} Art. 5(2)");
            d.Reason(from is null || to is null ? "passengerPlacesUnknown" : "carrierResidenceLaw", Law(f.SellerLaw), prefix, Law(f.BuyerLaw));
            return;
        }
        if (from == seller || to == seller || buyer == seller)
        {
            d.Decide(f.SellerLaw, $"{prefix} Art. 5(1)");
            d.Reason("carrierCountryGoods", Law(f.SellerLaw), prefix);
            return;
        }
        if (to is not null)
        {
            var deliveryLaw = Data.LawOf(CountryCode.Parse(to), null).Law;
            d.Decide(deliveryLaw, $"{prefix} Art. 5(1)");
            d.Reason("agreedPlaceOfDelivery", Law(deliveryLaw), prefix);
            return;
        }
        d.Decide(f.SellerLaw, $"{prefix} Art. 5(1)");
        d.Reason("goodsPlacesUnknown", Law(f.SellerLaw), prefix);
    }

    private void ObjectiveLaw(Decision d, Facts f, string forum, Notes notes)
    {
        var r = f.Request;
        if (r.ContractType == ContractType.Carriage && Regime.IsRome(d.Regime))
        {
            CarriageLaw(d, f, notes);
            return;
        }
        var usCode = UccReaches(f);
        if (d.Regime == Regime.UsState && usCode && (r.Buyer.Country.Value == forum || r.Seller.Country.Value == forum))
        {
            // UCC § 1-301(b): absent agreement, a US court applies its own state's code to a sale with an appropriate relation to it.
            var forumLaw = r.Seller.Country.Value == forum ? f.SellerLaw : f.BuyerLaw;
            d.Decide(forumLaw, "UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188");
            d.Lower(Confidence.Medium);
            d.Reason("usUccForumState", Law(forumLaw));
            return;
        }
        var goods = IsGoods(r.ContractType);
        // Rome I Art. 4(1)(a) sale of goods, 4(1)(b) services; a mixed contract, and digital content (goods, services or
        // neither: unsettled), fall to Art. 4(2), the characteristic performer, who is the supplier on every reading.
        var romeArticle = goods ? "Art. 4(1)(a)"
            : r.ContractType is ContractType.Services or ContractType.PackageTravel or ContractType.Carriage ? "Art. 4(1)(b)"
            : "Art. 4(2)";
        var basis = d.Regime switch
        {
            Regime.EuRomeI => [$"Rome I {romeArticle}"],
            Regime.UkRomeI => [$"UK Rome I {romeArticle}"],
            Regime.RomeConvention => ["Rome Convention Art. 4(2)"],
            Regime.CnLal => ["LAL Art. 41"],
            Regime.JpAgral => ["AGRAL Art. 8"],
            Regime.KrPila => ["PILA Art. 46"],
            Regime.RuCc => ["Civil Code Art. 1211"],
            Regime.UsState => ["Restatement (Second) Conflict of Laws § 188"],
            Regime.SgCommonLaw => ["common law: closest and most real connection"],
            _ => new[] { "closest connection (characteristic performance)" },
        };
        d.Decide(f.SellerLaw, basis);
        if (d.Regime is Regime.UsState or Regime.SgCommonLaw)
        {
            d.Lower(Confidence.Medium);
        }
        if (d.Regime == Regime.Generic)
        {
            d.Lower(Confidence.Low);
        }
        if (r.ContractType == ContractType.Auction && Regime.IsRome(d.Regime) && d.Regime != Regime.RomeConvention)
        {
            d.Reason("onlineAuctionSellerLaw");
        }
        d.Reason(goods ? "sellerLawGoods" : "providerLawServices", Law(f.SellerLaw));
    }

    private static void CheckReasonableRelation(LawCode choice, Facts f, Notes notes, Decision d)
    {
        var country = choice.Country?.Value;
        if (country != f.Request.Buyer.Country.Value && country != f.Request.Seller.Country.Value)
        {
            notes.Flag("choiceMayLackReasonableRelation");
            d.Lower(Confidence.Low);
        }
    }

    // ---- R2: the CISG ------------------------------------------------------------------------------------------

    private (CisgApplication Cisg, IReadOnlyList<string> Basis) CisgLayer(Facts f, string forum, string governingLaw, Notes notes)
    {
        var r = f.Request;
        var date = r.ContractDate;
        (CisgApplication, IReadOnlyList<string>) No(string basis, string code, params object[] args)
        {
            notes.Reason(code, args);
            return (CisgApplication.DoesNotApply, [basis]);
        }

        if (r.ContractType is ContractType.Services or ContractType.Carriage or ContractType.PackageTravel)
        {
            return No("CISG Art. 3", "cisgServices");
        }
        if (r.BuyerType == BuyerType.Consumer && (r.BuyerPurposePersonalKnown ?? YesNoUnknown.Yes) != YesNoUnknown.No)
        {
            return No("CISG Art. 2(a)", "cisgPersonalUse");
        }
        if (r.CisgExpresslyExcluded)
        {
            return No("CISG Art. 6", "cisgExcluded");
        }
        if (r.ChoiceOfLaw is { Country: { } chosen } && !Data.IsCisgState(chosen.Value, date))
        {
            return No("CISG Art. 6", "cisgNonContractingStateChosen", chosen);
        }
        // Art. 1(1): places of business in different States. A territory (Hong Kong, Macao) is part of its State.
        var buyer = r.Buyer.Country.Value;
        var seller = r.Seller.Country.Value;
        var buyerState = Data.StateOf(buyer);
        var sellerState = Data.StateOf(seller);
        if (buyerState == sellerState)
        {
            return No("CISG Art. 1(1)", buyer == seller ? "cisgSameState" : "cisgOneStateTerritories", Country(buyer), Country(seller), Country(buyerState));
        }

        var (cisg, basis) = CisgScope(f, forum, governingLaw, buyer, seller, buyerState, sellerState, notes);
        if (cisg is not (CisgApplication.Applies or CisgApplication.FormationOnly))
        {
            return (cisg, basis);
        }
        var list = basis.ToList();
        // The debated characterisations: the Convention would apply if these are sales of goods not by auction.
        if (r.ContractType == ContractType.DigitalContent)
        {
            notes.Flag("digitalGoodsCisgContested");
            notes.Lower(Confidence.Medium);
            notes.Reason("cisgDigitalContentContested");
            list.Add("CISG Art. 3");
            return (CisgApplication.Uncertain, list);
        }
        if (r.ContractType == ContractType.Auction)
        {
            notes.Flag("onlineAuctionCharacterisation");
            notes.Lower(Confidence.Medium);
            notes.Reason("cisgAuctionContested");
            list.Add("CISG Art. 2(b)");
            return (CisgApplication.Uncertain, list);
        }
        // Art. 96 (with Art. 12): the Convention's freedom from form (Arts. 11, 29, Part II) does not apply where a party
        // has its place of business in a declaring State; which form rule then applies is itself debated.
        var writing = new[] { buyer, seller }.Where(c => Data.HasArticle96(c, date)).ToList();
        if (writing.Count > 0)
        {
            notes.Flag("cisgWritingRequirement");
            list.AddRange(["CISG Art. 12", "CISG Art. 96"]);
            notes.Reason("cisgArticle96Writing", Countries(writing));
        }
        return (cisg, list);
    }

    /// <summary>Art. 1(1)(a) between Contracting States (with Arts. 92 and 94), else Art. 1(1)(b) subject to Art. 95.</summary>
    private (CisgApplication Cisg, IReadOnlyList<string> Basis) CisgScope(Facts f, string forum, string governingLaw, string buyer, string seller,
        string buyerState, string sellerState, Notes notes)
    {
        var r = f.Request;
        var date = r.ContractDate;
        (CisgApplication, IReadOnlyList<string>) No(string basis, string code, params object[] args)
        {
            notes.Reason(code, args);
            return (CisgApplication.DoesNotApply, [basis]);
        }
        // A place whose status is disputed (Taiwan) is not established as a Contracting State for Art. 1(1)(a), but the
        // Convention can still apply through Art. 1(1)(b) whatever that status.
        var disputed = new[] { buyer, seller }.FirstOrDefault(Data.CisgStatusDisputed.Contains);
        var buyerIsState = disputed != buyer && Data.IsCisgState(buyer, date);
        var sellerIsState = disputed != seller && Data.IsCisgState(seller, date);
        if (disputed is null && buyerIsState && sellerIsState)
        {
            if (Data.CisgStates[buyer].Article92PartIIIExcluded || Data.CisgStates[seller].Article92PartIIIExcluded)
            {
                notes.Reason("cisgPartIIIExcluded");
                return (CisgApplication.FormationOnly, ["CISG Art. 1(1)(a)", "CISG Art. 92"]);
            }
            if (Data.NordicArticle94.Contains(buyer) && Data.NordicArticle94.Contains(seller))
            {
                return No("CISG Art. 94", "cisgNordic");
            }
            var basis = new List<string> { "CISG Art. 1(1)(a)" };
            if (r.ChoiceOfLaw is not null)
            {
                basis.Add("CISG Art. 6");
                notes.Reason("cisgContractingStateChosen");
                if (buyerState == "CN" || sellerState == "CN" || forum == "CN")
                {
                    notes.Flag("cnCourtPracticeVaries");
                }
            }
            if (r.ContractType == ContractType.Mixed)
            {
                notes.Flag("mixedContract");
                notes.Lower(Confidence.Medium);
            }
            notes.Reason("cisgContractingStates", Law(governingLaw));
            var partII = new[] { buyer, seller }.Where(c => Data.HasPartIIExclusion(c, date)).ToList();
            if (partII.Count > 0)
            {
                PartIINotApplicable(partII, basis, notes);
            }
            return (CisgApplication.Applies, basis);
        }

        // R2.6: Art. 1(1)(b) via the law the conflict rules found, unless an Art. 95 declaration bars it.
        var lawCountry = LawCode.TryParse(governingLaw, out var law) ? law.Country?.Value : null;
        if (lawCountry is null || !Data.IsCisgState(lawCountry, date) || Data.CisgStatusDisputed.Contains(lawCountry))
        {
            if (disputed is not null)
            {
                return Disputed(disputed, notes);
            }
            return No("CISG Art. 1(1)", "cisgNotApplicable");
        }
        notes.Lower(Confidence.Medium);
        if (Data.Article95Bars(lawCountry, date, buyerState, sellerState))
        {
            if (disputed is not null)
            {
                return Disputed(disputed, notes);
            }
            return No("CISG Art. 95", "cisgArticle95Designated", Country(lawCountry));
        }
        if (Data.Article95Bars(forum, date, buyerState, sellerState))
        {
            // Debated: a court of an Art. 95 State is not bound by Art. 1(1)(b); but applying a Contracting State's law,
            // it may apply the CISG as part of that law, as that State's own courts would.
            notes.Flag("article95ForumApplyingContractingStateLaw");
            notes.Reason("cisgArticle95Forum", Country(forum), Country(lawCountry));
            return (CisgApplication.Uncertain, ["CISG Art. 1(1)(b)", "CISG Art. 95"]);
        }
        var viaBasis = new List<string> { "CISG Art. 1(1)(b)" };
        if (disputed is not null)
        {
            notes.Flag("cisgStatusDisputed");
            notes.Reason("cisgDisputedStatusIrrelevant", Country(disputed), Country(lawCountry));
        }
        else
        {
            notes.Reason("cisgViaConflictRules", Country(lawCountry));
        }
        if (Data.HasPartIIExclusion(lawCountry, date))
        {
            PartIINotApplicable([lawCountry], viaBasis, notes);
        }
        return (CisgApplication.Applies, viaBasis);
    }

    private static (CisgApplication, IReadOnlyList<string>) Disputed(string place, Notes notes)
    {
        notes.Flag("cisgStatusDisputed");
        notes.Lower(Confidence.Medium);
        notes.Reason("cisgDisputedStatus", Country(place));
        return (CisgApplication.Uncertain, ["CISG Art. 1"]);
    }

    /// <summary>
    /// Art. 92(2): a State that declared itself not bound by Part II is not a Contracting State for formation. The
    /// Nordic States did until their withdrawals (2012–2014); formation then follows the national law found.
    /// </summary>
    private static void PartIINotApplicable(IReadOnlyList<string> states, List<string> basis, Notes notes)
    {
        notes.Flag("cisgPartIINotApplicable");
        basis.Add("CISG Art. 92");
        notes.Reason("cisgPartIINotApplicable", Countries(states));
    }

    // ---- R6.1 ----------------------------------------------------------------------------------------------------

    private MandatoryOverlay ForumOverlay(string regime, string forum, Facts f)
    {
        var law = forum == f.Request.Buyer.Country.Value ? f.BuyerLaw
            : forum == f.Request.Seller.Country.Value ? f.SellerLaw
            : Data.LawOf(CountryCode.Parse(forum), null).Law;
        var basis = regime switch
        {
            Regime.EuRomeI => "Rome I Art. 9(2)",
            Regime.UkRomeI => "UK Rome I Art. 9(2)",
            Regime.RomeConvention => "Rome Convention Art. 7(2)",
            Regime.CnLal => "LAL Art. 4",
            _ => "overriding mandatory rules of the forum",
        };
        return new MandatoryOverlay(law, "overriding mandatory provisions of the forum", basis);
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
