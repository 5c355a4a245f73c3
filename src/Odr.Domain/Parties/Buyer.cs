using Odr.Domain.Common;

namespace Odr.Domain.Parties;

/// <summary>The party who files the complaint: an account, its country of habitual residence and its capacity.</summary>
public sealed record Buyer(UserId UserId, CountryCode Country, BuyerType Type);
