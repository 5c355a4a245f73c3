using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Audit;

public static class AuditFeature
{
    /// <summary>Verifying a case's hash chains, for regulators and administrators.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<ChainVerifier>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AuditEndpoints.AuditorPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Regulator, Roles.Admin));
        return services;
    }
}
