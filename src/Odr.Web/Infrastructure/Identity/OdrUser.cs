using Microsoft.AspNetCore.Identity;
using Odr.Domain.Parties;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>An account: a buyer, a seller, a neutral, a regulator or an admin.</summary>
public sealed class OdrUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    /// <summary>How the person wants to be addressed in notices and chat; the e-mail address when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The language of the person's pages and e-mails: <c>en</c> or <c>zh</c>.</summary>
    public string PreferredLanguage { get; set; } = "en";

    /// <summary>Where the person lives or trades (ISO 3166-1 alpha-2), to prefill forms; optional.</summary>
    public string? Country { get; set; }

    public UserId UserId => new(Id);

    public string NameForDisplay => string.IsNullOrWhiteSpace(DisplayName) ? Email ?? UserName ?? Id.ToString() : DisplayName;

    /// <summary>The confirmed e-mail address, if any: only a confirmed address makes someone a case's seller.</summary>
    public EmailAddress? ConfirmedEmail => EmailConfirmed && EmailAddress.TryParse(Email, out var email) ? email : null;
}

public sealed class OdrRole : IdentityRole<Guid>
{
    public OdrRole() { }

    public OdrRole(string name) : base(name) => NormalizedName = name.ToUpperInvariant();
}

/// <summary>The role names of api.md.</summary>
public static class Roles
{
    public const string Buyer = "buyer";
    public const string Seller = "seller";
    public const string Mediator = "mediator";
    public const string Arbitrator = "arbitrator";
    public const string Regulator = "regulator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Buyer, Seller, Mediator, Arbitrator, Regulator, Admin];
}
