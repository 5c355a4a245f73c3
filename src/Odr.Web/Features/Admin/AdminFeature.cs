using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Admin;

public static class AdminFeature
{
    /// <summary>The administrators' workflow endpoints (dead letters, retries).</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(WorkflowAdminEndpoints.AdminPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Admin));
        return services;
    }
}
