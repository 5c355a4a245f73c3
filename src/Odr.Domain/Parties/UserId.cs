using Odr.Domain.Common;

namespace Odr.Domain.Parties;

/// <summary>The id of a person's account (buyer, seller, neutral, regulator).</summary>
public readonly record struct UserId(Guid Value) : IGuidId<UserId>
{
    public static UserId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}
