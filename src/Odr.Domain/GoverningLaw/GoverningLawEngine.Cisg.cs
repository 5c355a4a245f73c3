using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

// R2: the CISG layer, whether and how far the Convention applies (Arts. 1, 92, 94, 95).
public sealed partial class GoverningLawEngine
{
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
}
