namespace Odr.Domain.Parties;

/// <summary>Whether the buyer bought as a consumer (outside trade or profession) or as a business.</summary>
public enum BuyerType
{
    Consumer,
    Business,
}

/// <summary>Whether the seller sells in the course of a business or privately (C2C).</summary>
public enum SellerType
{
    Business,
    Private,
}

/// <summary>A fact a party may not know: yes, no, or unknown.</summary>
public enum YesNoUnknown
{
    Unknown,
    Yes,
    No,
}

/// <summary>The part someone plays in one case.</summary>
public enum CaseRole
{
    Buyer,
    Seller,
    Mediator,
    Arbitrator,
    Regulator,
    System,
}
