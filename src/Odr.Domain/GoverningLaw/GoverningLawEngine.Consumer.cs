using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

// R3: the consumer rule of each regime (Rome I, UK Rome I, Rome Convention, China, Japan, Korea and Russia, US, Singapore, generic).
public sealed partial class GoverningLawEngine
{
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
}
