using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.PublicRecords;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Sellers;

public sealed record SellerProfileRequest(string? Name, SellerType? Type, string? Country, string? RegistrationNumber);

public sealed record SellerProfileResponse(string Email, string Name, SellerType Type, string Country, string? RegistrationNumber,
    DateTimeOffset StatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// What a seller sees of itself: its profile (none until stated), and its dispute record as it stands, published or not
/// (a record is published only for a business seller by its own or a marketplace's statement).
/// </summary>
public sealed record OwnSellerView(SellerProfileResponse? Profile, SellerIdentity? Identity, bool Published, SellerRecordResponse? Record);

/// <summary>
/// Stating a seller profile: the confirmed owner of an address says who sells under it. One path for the API and the
/// account page (<see cref="StateAsync"/>).
/// </summary>
public sealed class SellerProfiles(OdrDbContext db, TimeProvider time, SellerIdentities identities, PublicRecords.PublicRecords records)
{
    /// <summary>The profile as stated, or the fields that are not valid (each named as the request names it).</summary>
    public async Task<(SellerProfile? Profile, Dictionary<string, string[]> Errors)> StateAsync(UserId by, EmailAddress confirmedEmail,
        SellerProfileRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > Seller.NameMaxLength)
        {
            errors["name"] = [$"The name you sell under (1 to {Seller.NameMaxLength} characters) is required."];
        }
        if (request.Type is null)
        {
            errors["type"] = ["Say whether you sell as a business or privately: business or private."];
        }
        if (!CountryCode.TryParse(request.Country, out var country))
        {
            errors["country"] = ["The country you sell from, as a two-letter code (CN, DE, US), is required."];
        }
        if (request.RegistrationNumber?.Trim().Length > SellerProfile.RegistrationNumberMaxLength)
        {
            errors["registrationNumber"] = [$"The registration number has at most {SellerProfile.RegistrationNumberMaxLength} characters."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var now = time.GetUtcNow();
        var profile = await db.Set<SellerProfile>().SingleOrDefaultAsync(p => p.Email == confirmedEmail, ct);
        if (profile is null)
        {
            profile = SellerProfile.State(confirmedEmail, by, request.Name!, request.Type!.Value, country, request.RegistrationNumber, now);
            db.Add(profile);
        }
        else
        {
            profile.Restate(by, request.Name!, request.Type!.Value, country, request.RegistrationNumber, now);
        }
        await db.SaveChangesAsync(ct);
        return (profile, errors);
    }

    public async Task<OwnSellerView> OwnViewAsync(EmailAddress confirmedEmail, CancellationToken ct)
    {
        var profile = await db.Set<SellerProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Email == confirmedEmail, ct);
        var identity = await identities.OfAsync(confirmedEmail, ct);
        var record = await records.RecordOfAsync(confirmedEmail, identity, ct);
        return new OwnSellerView(profile is null ? null : ToResponse(profile), identity, identity?.Type == SellerType.Business && record is not null, record);
    }

    public static SellerProfileResponse ToResponse(SellerProfile p) =>
        new(p.Email.Value, p.Name, p.Type, p.Country.Value, p.RegistrationNumber, p.StatedAt, p.UpdatedAt);
}

public static class SellerProfileEndpoints
{
    public static IEndpointRouteBuilder MapSellerProfiles(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/sellers/me").WithTags("Sellers").RequireAuthorization(ApiAuthorization.Authenticated);
        me.MapPut("", async Task<Results<Ok<SellerProfileResponse>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> (
                SellerProfileRequest request, HttpContext http, CaseAccess access, SellerProfiles profiles, CancellationToken ct) =>
            {
                if (await access.CurrentUserAsync(http.User) is not { } user)
                {
                    return TypedResults.Unauthorized();
                }
                if (user.ConfirmedEmail is not { } email)
                {
                    return Unconfirmed();
                }
                var (profile, errors) = await profiles.StateAsync(user.UserId, email, request, ct);
                return profile is null
                    ? TypedResults.ValidationProblem(errors, title: "The profile has fields that are missing or not valid.")
                    : TypedResults.Ok(SellerProfiles.ToResponse(profile));
            })
            .WithName("StateSellerProfile").DisableAntiforgery()
            .WithSummary("State who sells under your confirmed address: the name and business/private status your public record shows.");
        me.MapGet("", async Task<Results<Ok<OwnSellerView>, ProblemHttpResult, UnauthorizedHttpResult>> (HttpContext http, CaseAccess access,
                SellerProfiles profiles, CancellationToken ct) =>
            {
                if (await access.CurrentUserAsync(http.User) is not { } user)
                {
                    return TypedResults.Unauthorized();
                }
                return user.ConfirmedEmail is { } email ? TypedResults.Ok(await profiles.OwnViewAsync(email, ct)) : Unconfirmed();
            })
            .WithName("GetOwnSellerProfile").WithSummary("Your seller profile (if stated) and your dispute record as it stands, published or not.");
        return app;
    }

    private static ProblemHttpResult Unconfirmed() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Confirm your e-mail address first",
        detail: "Only the confirmed owner of an address can state who sells under it. Confirm the address through the link we sent you.");
}
