using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Infrastructure;

/// <summary>
/// The service's one database: accounts, cases, their history and (later) the workflow tables, so that a case
/// change and everything that must accompany it commit in one transaction.
/// </summary>
public sealed class OdrDbContext(DbContextOptions<OdrDbContext> options)
    : IdentityDbContext<OdrUser, OdrRole, Guid>(options)
{
    public DbSet<DisputeCase> Cases => Set<DisputeCase>();

    public DbSet<Evidence> Evidence => Set<Evidence>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseNumberSequence> CaseNumberSequences => Set<CaseNumberSequence>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DisputeId>().HaveConversion<DisputeIdConverter>();
        configurationBuilder.Properties<EvidenceId>().HaveConversion<EvidenceIdConverter>();
        configurationBuilder.Properties<UserId>().HaveConversion<UserIdConverter>();
        configurationBuilder.Properties<CountryCode>().HaveConversion<CountryCodeConverter>().HaveMaxLength(2);
        configurationBuilder.Properties<Currency>().HaveConversion<CurrencyConverter>().HaveMaxLength(3);
        configurationBuilder.Properties<EmailAddress>().HaveConversion<EmailAddressConverter>().HaveMaxLength(EmailAddress.MaxLength);
        configurationBuilder.Properties<LawCode>().HaveConversion<LawCodeConverter>().HaveMaxLength(LawCode.MaxLength);
        configurationBuilder.Properties<CaseNumber>().HaveConversion<CaseNumberConverter>().HaveMaxLength(15);
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);

        // Enums as their names: readable in the database and stable when members are added.
        configurationBuilder.Properties<DisputeStage>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DisputeOutcome>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<SettlementStage>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ClaimType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<RemedyType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CaseLanguage>().HaveConversion<string>().HaveMaxLength(8);
        configurationBuilder.Properties<BuyerType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SellerType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<YesNoUnknown>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<CaseRole>().HaveConversion<string>().HaveMaxLength(16);

        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset; every instant is UTC, so store it as a UTC DateTime
            // (ISO text that sorts as it reads).
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<OdrUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(OdrUser.DisplayNameMaxLength);
            user.Property(u => u.PreferredLanguage).HasMaxLength(8);
            user.Property(u => u.Country).HasMaxLength(2);
        });
        builder.ApplyConfigurationsFromAssembly(typeof(OdrDbContext).Assembly);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await CaseHistory.AppendPendingAsync(this, cancellationToken);
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var entry in ChangeTracker.Entries<DisputeCase>())
            {
                entry.Entity.ClearDomainEvents();
            }
            return written;
        }
        catch
        {
            // The events stay on the aggregate; drop the rows made from them so a retry does not chain them twice.
            foreach (var entry in ChangeTracker.Entries<CaseEvent>().Where(e => e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }
            throw;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it appends the case history.");

    private sealed class DisputeIdConverter() : ValueConverter<DisputeId, Guid>(id => id.Value, value => new DisputeId(value));

    private sealed class EvidenceIdConverter() : ValueConverter<EvidenceId, Guid>(id => id.Value, value => new EvidenceId(value));

    private sealed class UserIdConverter() : ValueConverter<UserId, Guid>(id => id.Value, value => new UserId(value));

    private sealed class CountryCodeConverter() : ValueConverter<CountryCode, string>(c => c.Value, value => CountryCode.Parse(value));

    private sealed class CurrencyConverter() : ValueConverter<Currency, string>(c => c.Code, value => Currency.Parse(value));

    private sealed class EmailAddressConverter() : ValueConverter<EmailAddress, string>(e => e.Value, value => EmailAddress.Parse(value));

    private sealed class LawCodeConverter() : ValueConverter<LawCode, string>(l => l.Value, value => LawCode.Parse(value));

    private sealed class CaseNumberConverter() : ValueConverter<CaseNumber, string>(n => n.ToString(), value => ParseCaseNumber(value));

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
        value => value.UtcDateTime, value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    private static CaseNumber ParseCaseNumber(string value) => CaseNumber.TryParse(value, out var number)
        ? number
        : throw new InvalidOperationException($"Stored case number '{value}' is malformed.");
}
