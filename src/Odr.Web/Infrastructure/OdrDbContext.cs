using System.Data.Common;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Persistence;
using Odr.Workflows.Persistence;

namespace Odr.Web.Infrastructure;

/// <summary>
/// The service's one database: accounts, cases, their history and (later) the workflow tables, so that a case
/// change and everything that must accompany it commit in one transaction. Abstract: each provider has its own
/// context type, and with it its own migrations and model snapshot (<see cref="Persistence.SqliteOdrDbContext"/>,
/// docs/adr/002).
/// </summary>
public abstract class OdrDbContext : IdentityDbContext<OdrUser, OdrRole, Guid>
{
    protected OdrDbContext(DbContextOptions options) : base(options)
    {
        // Every save in a transaction, even one of a single statement: on SQLite, the transaction is where a writer
        // waits for its turn (SqliteWriteGate).
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    public DbSet<DisputeCase> Cases => Set<DisputeCase>();

    public DbSet<Evidence> Evidence => Set<Evidence>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseNumberSequence> CaseNumberSequences => Set<CaseNumberSequence>();

    /// <summary>Events saved in the current transaction, for the after-commit phase once it commits.</summary>
    private readonly List<IDomainEvent> _awaitingCommit = [];

    private IReadOnlyList<IDomainEventSubscriber>? _subscribers;

    /// <summary>The request's (scope's) services; none for a context made outside the application (tools, some tests).</summary>
    private IServiceProvider? ApplicationServices =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    /// <summary>The features' reactions to domain events, resolved at the first save (they may depend on this context).</summary>
    private IReadOnlyList<IDomainEventSubscriber>? Subscribers =>
        _subscribers ??= ApplicationServices?.GetServices<IDomainEventSubscriber>().ToList();

    /// <summary>A case with everything the aggregate holds, ready for a command; none if it does not exist.</summary>
    public Task<DisputeCase?> LoadCaseAsync(DisputeId id, CancellationToken ct) =>
        Cases.WithAggregate().SingleOrDefaultAsync(c => c.Id == id, ct);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DisputeId>().HaveConversion<GuidIdConverter<DisputeId>>();
        configurationBuilder.Properties<EvidenceId>().HaveConversion<GuidIdConverter<EvidenceId>>();
        configurationBuilder.Properties<OfferId>().HaveConversion<GuidIdConverter<OfferId>>();
        configurationBuilder.Properties<BlindBidId>().HaveConversion<GuidIdConverter<BlindBidId>>();
        configurationBuilder.Properties<ProposalId>().HaveConversion<GuidIdConverter<ProposalId>>();
        configurationBuilder.Properties<EvidenceRequestId>().HaveConversion<GuidIdConverter<EvidenceRequestId>>();
        configurationBuilder.Properties<DocumentId>().HaveConversion<GuidIdConverter<DocumentId>>();
        configurationBuilder.Properties<UserId>().HaveConversion<GuidIdConverter<UserId>>();
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

        configurationBuilder.Properties<AwardDecision>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ResponseAction>().HaveConversion<string>().HaveMaxLength(16);

        // Both providers keep instants as UTC date-times (SQLite cannot order DateTimeOffset; PostgreSQL's timestamptz
        // takes only UTC), so the two databases hold and compare the same values.
        configurationBuilder.StoreInstantsAsUtcDateTime();
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
        builder.ApplyWorkflowModel();
        builder.UseOpenIddict(); // the OAuth clients' tables (marketplaces, docs/adr/010)
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // The history is read (its last entry) and extended in one transaction, with the case's row held throughout.
        await using var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var addedByCaller = ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        try
        {
            await LockChangedCasesAsync(cancellationToken);
            var batch = new DomainEventBatch(this, ChangeTracker.Entries<DisputeCase>().Select(e => e.Entity).Where(d => d.DomainEvents.Count > 0).ToList());
            var subscribers = Subscribers;
            if (subscribers is null && batch.Cases.Count > 0)
            {
                throw new InvalidOperationException("This context was made outside the application: it has no subscribers to record "
                    + "the domain events of the cases it saves (their history, their workflow), so it may not save them.");
            }
            foreach (var subscriber in subscribers ?? [])
            {
                await subscriber.InTransactionAsync(batch, cancellationToken);
            }
            var written = owned is null
                ? await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
                : await WithoutSavepointAsync(() => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken));
            foreach (var dispute in batch.Cases)
            {
                _awaitingCommit.AddRange(dispute.DomainEvents);
                dispute.ClearDomainEvents();
            }
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken); // CommittedEventsInterceptor runs the after-commit phase
            }
            return written;
        }
        catch
        {
            // The events stay on the aggregate; drop the rows the subscribers made from them, so a retry does not add them twice.
            foreach (var entry in ChangeTracker.Entries().Where(e => e.State == EntityState.Added && !addedByCaller.Contains(e.Entity)).ToList())
            {
                entry.State = EntityState.Detached;
            }
            if (owned is not null)
            {
                await RollBackAsync(owned);
            }
            throw;
        }
    }

    /// <summary>
    /// Ends a failed save's own transaction here rather than at its disposal. Disposed unfinished, it gives SQLite's write
    /// turn back only when its connection closes (<see cref="SqliteWriteGateInterceptor"/>), and a connection
    /// opened by hand stays open: a chat post that lost a race then waited on its own turn when it tried again.
    /// </summary>
    private static async Task RollBackAsync(IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The save's own failure is what the caller needs to see; a rollback that fails ends the transaction too.
        }
    }

    /// <summary>
    /// Runs a save with no savepoint around it. EF makes one whenever it saves in a transaction it did not begin, such as
    /// the one a save owns here; a failure rolls that back whole, so the savepoint would only add two statements
    /// (SAVEPOINT, RELEASE; on PostgreSQL two round trips) to every such save, while the changed case's row is held.
    /// </summary>
    internal async Task<T> WithoutSavepointAsync<T>(Func<Task<T>> save)
    {
        var savepoints = Database.AutoSavepointsEnabled;
        Database.AutoSavepointsEnabled = false;
        try
        {
            return await save();
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// The after-commit phase: the events the committed transaction's saves raised, to every subscriber. Called by
    /// <see cref="CommittedEventsInterceptor"/> when the transaction commits (one the save began, or the caller's).
    /// </summary>
    internal async Task RunAfterCommitAsync(CancellationToken ct)
    {
        if (_awaitingCommit.Count == 0)
        {
            return;
        }
        var committed = _awaitingCommit.ToList();
        _awaitingCommit.Clear();
        foreach (var subscriber in Subscribers ?? [])
        {
            try
            {
                await subscriber.AfterCommitAsync(committed, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The change is committed: failing the request now would have its caller retry a change already made.
                ApplicationServices?.GetService<ILogger<OdrDbContext>>()?.LogError(e, "{Subscriber} failed after a commit",
                    subscriber.GetType().Name);
            }
        }
    }

    /// <summary>A transaction rolled back or a new one began: what earlier saves raised in it was never committed.</summary>
    internal void ForgetUncommittedEvents() => _awaitingCommit.Clear();

    /// <summary>
    /// Takes the row of every stored case this save changes or extends the history of, as it was read (same version).
    /// A second writer of the same case then waits here and fails as a conflict (409), where on PostgreSQL it would
    /// otherwise read the same last history entry and collide on the next one's key. SQLite's writers take turns anyway.
    /// </summary>
    private async Task LockChangedCasesAsync(CancellationToken ct)
    {
        foreach (var entry in ChangeTracker.Entries<DisputeCase>()
            .Where(e => e.State == EntityState.Modified || (e.State == EntityState.Unchanged && e.Entity.DomainEvents.Count > 0)))
        {
            var id = entry.Entity.Id;
            var version = entry.Property(c => c.Version).OriginalValue;
            var locked = await Cases.Where(c => c.Id == id && c.Version == version)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version), ct);
            if (locked == 0)
            {
                throw new DbUpdateConcurrencyException($"Case {id} changed since it was read.");
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it appends the case history.");

    private sealed class GuidIdConverter<TId>() : ValueConverter<TId, Guid>(id => id.Value, value => CreateId<TId>(value))
        where TId : struct, IGuidId<TId>;

    private static TId CreateId<TId>(Guid value) where TId : struct, IGuidId<TId> => TId.From(value);

    private sealed class CountryCodeConverter() : ValueConverter<CountryCode, string>(c => c.Value, value => CountryCode.Parse(value));

    private sealed class CurrencyConverter() : ValueConverter<Currency, string>(c => c.Code, value => Currency.Parse(value));

    private sealed class EmailAddressConverter() : ValueConverter<EmailAddress, string>(e => e.Value, value => EmailAddress.Parse(value));

    private sealed class LawCodeConverter() : ValueConverter<LawCode, string>(l => l.Value, value => LawCode.Parse(value));

    private sealed class CaseNumberConverter() : ValueConverter<CaseNumber, string>(n => n.ToString(), value => ParseCaseNumber(value));

    private static CaseNumber ParseCaseNumber(string value) => CaseNumber.TryParse(value, out var number)
        ? number
        : throw new InvalidOperationException($"Stored case number '{value}' is malformed.");
}

public static class DisputeQueries
{
    /// <summary>The aggregate's includes: every collection the case's rules read. Split, so no row multiplication.</summary>
    public static IQueryable<DisputeCase> WithAggregate(this IQueryable<DisputeCase> cases) => cases
        .Include(c => c.Evidence)
        .Include(c => c.Offers)
        .Include(c => c.BlindBids)
        .Include(c => c.Proposals)
        .Include(c => c.EvidenceRequests)
        .Include(c => c.Documents)
        .Include(c => c.UndeliveredNotices)
        .AsSplitQuery();
}
