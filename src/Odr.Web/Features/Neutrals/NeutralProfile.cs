using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Neutrals;

/// <summary>A mediator's or arbitrator's place in the pool: the languages they work in and the links they declare.</summary>
public sealed class NeutralProfile
{
    public const int ConflictDomainsMaxLength = 1_000;

    public Guid Id { get; set; }

    public UserId UserId { get; set; }

    /// <summary><see cref="CaseRole.Mediator"/> or <see cref="CaseRole.Arbitrator"/>.</summary>
    public CaseRole Role { get; set; }

    /// <summary>Case languages the neutral works in, comma-separated codes (<c>en,zh</c>).</summary>
    public string Languages { get; set; } = "en";

    /// <summary>E-mail domains of organisations the neutral is linked to (employers, clients), comma-separated.</summary>
    public string ConflictDomains { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The codes in <see cref="Languages"/>, one each.</summary>
    public IReadOnlyList<string> LanguageCodes => Languages.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public bool Speaks(CaseLanguage language) =>
        LanguageCodes.Contains(Odr.Web.Languages.Of(language).Code, StringComparer.OrdinalIgnoreCase);

    public bool DeclaresLinkWith(string domain) =>
        ConflictDomains.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(domain, StringComparer.OrdinalIgnoreCase);
}

internal sealed class NeutralProfileConfiguration : IEntityTypeConfiguration<NeutralProfile>
{
    public void Configure(EntityTypeBuilder<NeutralProfile> builder)
    {
        builder.ToTable("Neutrals");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Languages).HasMaxLength(50).IsRequired();
        builder.Property(n => n.ConflictDomains).HasMaxLength(NeutralProfile.ConflictDomainsMaxLength).IsRequired();
        builder.HasIndex(n => new { n.UserId, n.Role }).IsUnique();
    }
}
