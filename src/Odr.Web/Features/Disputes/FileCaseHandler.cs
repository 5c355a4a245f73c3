using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Persistence;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Features.Disputes;

/// <summary>An uploaded file already hashed and sniffed, waiting in staging for its case to be saved.</summary>
public sealed record StagedEvidence(StoredFile File, string StagingPath, string FileName, string Description);

/// <summary>
/// Files a complaint: a case number, the case, the buyer's evidence and (reacting to its DisputeFiled event, see
/// DisputeWorkflowSubscriber) its workflow with the response deadline and the first history event, in one transaction. Either all of it is saved or none of it (files included).
/// </summary>
public sealed class FileCaseHandler(OdrDbContext db, EvidenceStore store, TimeProvider time, IOptions<DeadlineOptions> deadlines,
    GoverningLawEngine governingLaw, CaseNumberTurn turn)
{
    public Task<DisputeCase> HandleAsync(OdrUser buyer, ValidatedFiling filing, IReadOnlyList<StagedEvidence> evidence,
        CancellationToken ct) => HandleAsync(buyer, filing, evidence, alongside: null, ct);

    /// <param name="alongside">What must commit with the new case (a marketplace's filing record), run before it is saved.</param>
    public async Task<DisputeCase> HandleAsync(OdrUser buyer, ValidatedFiling filing, IReadOnlyList<StagedEvidence> evidence,
        Action<DisputeCase>? alongside, CancellationToken ct)
    {
        if (EmailAddress.TryParse(buyer.Email, out var own) && own == filing.Seller.Email)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "You cannot file a complaint against your own e-mail address.", "seller.email");
        }
        var now = time.GetUtcNow();
        var committedFiles = new List<(DisputeId, EvidenceId)>();
        using var myTurn = await turn.WaitAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var number = await CaseNumberSequence.NextAsync(db, now.UtcDateTime.Year, ct);
            var dispute = DisputeCase.File(DisputeId.New(), number, new Buyer(buyer.UserId, filing.BuyerCountry, filing.BuyerType),
                filing.Seller, filing.Order, filing.ClaimType, filing.Description, filing.Remedy, filing.Language, filing.ChoiceOfLaw,
                filing.ConsentToArbitration, now, deadlines.Value.SellerResponse);
            dispute.RecordContractFacts(filing.BuyerSubdivision, filing.SellerSubdivision, filing.ContractType, filing.ChoiceOfLawSource,
                filing.CisgExpresslyExcluded);
            dispute.SuggestGoverningLaw(governingLaw, now);
            alongside?.Invoke(dispute);
            db.Cases.Add(dispute);
            foreach (var file in evidence)
            {
                var evidenceId = EvidenceId.New();
                dispute.AddEvidence(evidenceId, CaseRole.Buyer, buyer.UserId, file.FileName, file.File.Kind.MediaType,
                    file.File.SizeBytes, file.File.Sha256, file.Description, now);
                store.Commit(file.StagingPath, dispute.Id, evidenceId);
                committedFiles.Add((dispute.Id, evidenceId));
            }
            // One save, in a transaction a failure rolls back whole: no savepoint while the year's number row is held.
            await db.WithoutSavepointAsync(() => db.SaveChangesAsync(ct));
            await transaction.CommitAsync(ct);
            return dispute;
        }
        catch
        {
            foreach (var (disputeId, evidenceId) in committedFiles)
            {
                store.Delete(disputeId, evidenceId);
            }
            throw;
        }
    }
}

/// <summary>
/// Filings on this node take turns for the year's case number before they begin their transaction. The number's row is
/// held from the number to the commit, so filings go one at a time anyway (on SQLite, every write does). On PostgreSQL,
/// without this turn, thirty filings at once each held a connection and waited in the database's lock manager, and
/// the one holding the row went slower among them; on SQLite they filled the write gate's queue ahead of the workflow's
/// commands (bench/analysis.md, filing and filing on PostgreSQL). Another node's filings still meet this node's on the
/// row itself.
/// </summary>
/// <remarks>
/// Not disposable, on purpose: the semaphore holds no handle (its wait handle is never asked for), and a singleton
/// disposed at shutdown while a filing still held the turn made that filing's release throw.
/// </remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "Disposing it at shutdown broke a holder's release; it holds no handle.")]
public sealed class CaseNumberTurn
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>
    /// Waits for the turn, as long as a transaction waits for SQLite's write turn at most; disposing the result gives
    /// it back.
    /// </summary>
    public async Task<IDisposable> WaitAsync(CancellationToken ct)
    {
        if (!await _turn.WaitAsync(SqliteWriteGate.Timeout, ct))
        {
            throw new TimeoutException($"No turn to file a case within {SqliteWriteGate.Timeout.TotalSeconds:0} s.");
        }
        return new Held(_turn);
    }

    private sealed class Held(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}

/// <summary>Adds one party's evidence file to a case; the file is in place before the record that names it.</summary>
public sealed class AddEvidenceHandler(OdrDbContext db, EvidenceStore store, TimeProvider time)
{
    public async Task<Evidence> HandleAsync(DisputeCase dispute, CaseRole role, OdrUser user, StagedEvidence file, CancellationToken ct)
    {
        var evidenceId = EvidenceId.New();
        var evidence = dispute.AddEvidence(evidenceId, role, user.UserId, file.FileName, file.File.Kind.MediaType, file.File.SizeBytes,
            file.File.Sha256, file.Description, time.GetUtcNow());
        store.Commit(file.StagingPath, dispute.Id, evidenceId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(dispute.Id, evidenceId);
            throw;
        }
        return evidence;
    }
}
