using Odr.Web.Infrastructure.Operations;

namespace Odr.Web.Features.Negotiation;

public static class NegotiationFeature
{
    /// <summary>The blind-bid settings (the negotiation's endpoints need no services of their own).</summary>
    public static IServiceCollection AddNegotiation(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSetting<BlindBidOptions>(configuration, "Odr:BlindBid", rules => rules
            .Require(o => o.MaxGapPercent is >= 0 and <= 100, nameof(BlindBidOptions.MaxGapPercent), "must be a percentage from 0 to 100", o => o.MaxGapPercent));
}
