using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

// R6: the mandatory overlays (the forum's overriding rules, the ADR Directive's Art. 11, CRA 2015 s.32).
public sealed partial class GoverningLawEngine
{
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
}
