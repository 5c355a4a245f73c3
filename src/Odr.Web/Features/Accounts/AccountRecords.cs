using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Odr.Web.Features.Accounts;

/// <summary>
/// A wrong password for an account from one client address. Enough of them within the lockout window lock that pair
/// only: someone else's guesses never lock the owner out from where they are. Kept in the database, so every node
/// counts the same failures.
/// </summary>
public sealed class SignInFailure
{
    public const int AccountMaxLength = 256;
    public const int ClientAddressMaxLength = 64;

    public Guid Id { get; set; }

    /// <summary>The normalized e-mail address tried, whether or not an account has it (unknown ones are counted alike).</summary>
    public string Account { get; set; } = "";

    public string ClientAddress { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>A refresh token already exchanged, by the SHA-256 of its bytes, kept until the token would have expired.</summary>
public sealed class UsedRefreshToken
{
    public const int IdLength = 64;

    public string Id { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.ToTable("SignInFailures");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Account).HasMaxLength(SignInFailure.AccountMaxLength).IsRequired();
        builder.Property(f => f.ClientAddress).HasMaxLength(SignInFailure.ClientAddressMaxLength).IsRequired();
        builder.HasIndex(f => new { f.Account, f.ClientAddress, f.At });
        builder.HasIndex(f => f.At);
    }
}

internal sealed class UsedRefreshTokenConfiguration : IEntityTypeConfiguration<UsedRefreshToken>
{
    public void Configure(EntityTypeBuilder<UsedRefreshToken> builder)
    {
        builder.ToTable("UsedRefreshTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(UsedRefreshToken.IdLength).IsFixedLength();
        builder.HasIndex(t => t.ExpiresAt);
    }
}
