using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

// R4 and R5 for carriage: Rome I Art. 5 (and the Rome Convention's Art. 4(4)), the passenger's permitted choices.
public sealed partial class GoverningLawEngine
{
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
}
