using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Odr.Web.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Odr.Web.Features.Marketplaces;

/// <summary>
/// <c>POST /connect/token</c>: OpenIddict has already checked the client's id and secret (a wrong one never gets here:
/// <c>invalid_client</c>) and that the scopes asked for are the client's; this issues the token, its subject the marketplace.
/// </summary>
public static class MarketplaceTokenEndpoint
{
    public const string Path = "connect/token";

    public static IEndpointRouteBuilder MapMarketplaceToken(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, IssueAsync).WithTags("Marketplaces").WithName("MarketplaceToken").DisableAntiforgery()
            .WithSummary("OAuth 2.0 client credentials (form-encoded grant_type, client_id, client_secret, scope?).");
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext http, OdrDbContext db, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenIddict token request.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "Only the client credentials grant is supported.");
        }
        var marketplace = await db.Set<Marketplace>().AsNoTracking().SingleOrDefaultAsync(m => m.ClientId == request.ClientId, ct);
        if (marketplace is null)
        {
            return Refuse(Errors.InvalidClient, "The client is not a registered marketplace.");
        }
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, marketplace.Id.ToString());
        identity.SetClaim(Claims.Name, marketplace.Name);
        // No scope asked for: every capability the client holds (OpenIddict has refused any scope it does not hold).
        identity.SetScopes(request.GetScopes().IsEmpty ? MarketplaceScopes.All : request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The marketplace a request's token was issued to (its subject), or none.</summary>
    public static Guid? MarketplaceId(ClaimsPrincipal user) =>
        Guid.TryParse(user.GetClaim(Claims.Subject), out var id) ? id : null;
}
