namespace Odr.Web.Features.Sellers;

public static class SellersFeature
{
    /// <summary>Sellers' own profiles, and the identities (own or a marketplace's) that records and documents name.</summary>
    public static IServiceCollection AddSellers(this IServiceCollection services) => services
        .AddScoped<SellerIdentities>()
        .AddScoped<SellerProfiles>();
}
