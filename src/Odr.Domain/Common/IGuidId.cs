namespace Odr.Domain.Common;

/// <summary>A strongly-typed id over a <see cref="Guid"/>, so that storage can convert every such id the same way.</summary>
public interface IGuidId<TSelf> where TSelf : struct, IGuidId<TSelf>
{
    Guid Value { get; }

    static abstract TSelf From(Guid value);
}
