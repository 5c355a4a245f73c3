using Odr.Domain.Common;

namespace Odr.Domain.Parties;

/// <summary>
/// Who a seller says it is, stated by the seller itself after confirming its address: the name and business/private
/// status the public record and the regulators' figures use (with a marketplace's verification), instead of whatever a
/// buyer typed when filing. Kept per address, since the address is what makes someone a case's seller.
/// </summary>
public sealed class SellerProfile
{
    public const int RegistrationNumberMaxLength = 64;

    private SellerProfile() { } // EF

    public EmailAddress Email { get; private set; }

    /// <summary>The account that stated it (the address's confirmed owner).</summary>
    public UserId StatedBy { get; private set; }

    public string Name { get; private set; } = "";

    public SellerType Type { get; private set; }

    public CountryCode Country { get; private set; }

    public string? RegistrationNumber { get; private set; }

    public DateTimeOffset StatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The first statement of the address's owner.</summary>
    public static SellerProfile State(EmailAddress email, UserId by, string name, SellerType type, CountryCode country, string? registrationNumber,
        DateTimeOffset now)
    {
        var profile = new SellerProfile { Email = email, StatedAt = now };
        profile.Restate(by, name, type, country, registrationNumber, now);
        return profile;
    }

    /// <summary>The owner states its profile again (a new name, another registration).</summary>
    public void Restate(UserId by, string name, SellerType type, CountryCode country, string? registrationNumber, DateTimeOffset now)
    {
        var trimmedName = name?.Trim() ?? "";
        if (trimmedName.Length == 0 || trimmedName.Length > Seller.NameMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"The name (1 to {Seller.NameMaxLength} characters) is required.", "name");
        }
        var registration = registrationNumber?.Trim();
        if (registration?.Length > RegistrationNumberMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"The registration number has at most {RegistrationNumberMaxLength} characters.",
                "registrationNumber");
        }
        StatedBy = by;
        Name = trimmedName;
        Type = type;
        Country = country;
        RegistrationNumber = string.IsNullOrEmpty(registration) ? null : registration;
        UpdatedAt = now;
    }
}
