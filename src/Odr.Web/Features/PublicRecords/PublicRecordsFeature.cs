namespace Odr.Web.Features.PublicRecords;

public static class PublicRecordsFeature
{
    /// <summary>The anonymised public register of decided cases.</summary>
    public static IServiceCollection AddPublicRecords(this IServiceCollection services) =>
        services.AddScoped<PublicRecords>();
}
