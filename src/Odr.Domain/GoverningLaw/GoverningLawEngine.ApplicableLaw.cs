using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

// R4 and R5: the law the parties chose, where the regime gives it effect, else the objective law.
public sealed partial class GoverningLawEngine
{
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
}
