using Odr.Domain.Common;

namespace Odr.Domain.Disputes;

public enum ClaimType
{
    NotReceived,
    NotAsDescribed,
    DamagedOrDefective,
    Counterfeit,
    WrongItem,
    UnauthorizedCharge,
    ReturnNotRefunded,
    Other,
}

public enum RemedyType
{
    FullRefund,
    PartialRefund,
    Replacement,
    Repair,
    ReturnAndRefund,
}

/// <summary>What a party asks for or offers. Only a partial refund carries an amount of its own.</summary>
public sealed record Remedy
{
    private Remedy() { } // EF
    private Remedy(RemedyType type, Money? amount)
    {
        Type = type;
        Amount = amount;
    }

    public RemedyType Type { get; }

    public Money? Amount { get; }

    /// <summary>Checks a remedy against the amount paid; <paramref name="error"/> explains a refusal.</summary>
    public static bool TryCreate(RemedyType type, Money? amount, Money amountPaid, out Remedy? remedy, out Refusal? error)
    {
        remedy = null;
        error = null;
        if (type == RemedyType.PartialRefund)
        {
            if (amount is not { } partial)
            {
                error = Invalid("partialRefundNeedsAmount", "A partial refund needs an amount.");
                return false;
            }
            if (partial.Currency != amountPaid.Currency)
            {
                error = Invalid("partialRefundCurrency", $"A partial refund is in the currency paid ({amountPaid.Currency.Code}).", amountPaid.Currency.Code);
                return false;
            }
            if (partial.IsZero || partial.IsGreaterThan(amountPaid))
            {
                error = Invalid("partialRefundRange", $"A partial refund is more than zero and at most the amount paid ({amountPaid}).", amountPaid);
                return false;
            }
            remedy = new Remedy(type, partial);
            return true;
        }
        if (amount is not null)
        {
            error = Invalid("onlyPartialRefundTakesAmount", "Only a partial refund takes an amount.");
            return false;
        }
        remedy = new Remedy(type, null);
        return true;
    }

    public static Remedy Create(RemedyType type, Money? amount, Money amountPaid) =>
        TryCreate(type, amount, amountPaid, out var remedy, out var error)
            ? remedy!
            : throw (error! with { Field = "remedy" }).ToException();

    private static Refusal Invalid(string code, string message, params object[] args) =>
        new(DomainErrorCode.InvalidValue, code, message) { Args = args };
}

/// <summary>The order the complaint is about, as the buyer states it.</summary>
public sealed record OrderDetails(string Marketplace, string OrderReference, DateOnly OrderDate, string Item, Money AmountPaid)
{
    private OrderDetails() : this("", "", default, "", default) { } // EF: nested values cannot be constructor-bound

    public const int MarketplaceMaxLength = 100;
    public const int OrderReferenceMaxLength = 100;
    public const int ItemMaxLength = 200;
}

/// <summary>The service's languages. A case is conducted in one of them; documents add English beside any other.</summary>
public enum CaseLanguage
{
    En,
    Zh,
    Es,
}
