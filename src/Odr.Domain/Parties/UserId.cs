namespace Odr.Domain.Parties;

/// <summary>The id of a person's account (buyer, seller, neutral, regulator).</summary>
public readonly record struct UserId(Guid Value)
{
    public override string ToString() => Value.ToString();
}
