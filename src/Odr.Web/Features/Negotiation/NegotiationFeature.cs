using Odr.Web.Infrastructure.Operations;

namespace Odr.Web.Features.Negotiation;

public sealed class BlindBidOptions
{
    /// <summary>The largest gap between the two figures, as a percentage of the claimed amount, that still settles.</summary>
    public decimal MaxGapPercent { get; set; } = 20;
}

public static class NegotiationFeature
{
    /// <summary>The blind-bid settings (the negotiation's endpoints need no services of their own).</summary>
    public static IServiceCollection AddNegotiation(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSetting<BlindBidOptions>(configuration, "Odr:BlindBid", rules => rules
            .Require(o => o.MaxGapPercent is >= 0 and <= 100, nameof(BlindBidOptions.MaxGapPercent), "must be a percentage from 0 to 100", o => o.MaxGapPercent));
}
