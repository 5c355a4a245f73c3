namespace Odr.Domain.Common;

/// <summary>Something that happened to an aggregate. Past tense, immutable, timestamped by the caller's clock.</summary>
public interface IDomainEvent
{
    DateTimeOffset OccurredAt { get; }
}
