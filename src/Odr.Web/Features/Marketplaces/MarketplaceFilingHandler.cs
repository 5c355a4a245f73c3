using Microsoft.Extensions.Localization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Features.Accounts;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Marketplaces;

/// <summary>
/// A marketplace files on its buyer's behalf: the buyer's filing (validated and filed by the same code as a buyer's own,
/// <see cref="FilingValidator"/> and <see cref="FileCaseHandler"/>), recorded as the marketplace's with its verification
/// of the seller, once per idempotency key; the buyer's invitation goes through the case's outbox (BuyerInvitationSubscriber).
/// </summary>
public sealed class MarketplaceFilingHandler(OdrDbContext db, FileCaseHandler filings, UserManager<OdrUser> users, AccountService accounts,
    TimeProvider time, GoverningLawEngine governingLaw, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IStringLocalizer<Text> t)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public abstract record Outcome;

    public sealed record Filed(DisputeCase Case, string SellerAccountId) : Outcome;

    /// <summary>The key was used before with the same body: the case it filed then.</summary>
    public sealed record Repeated(DisputeCase Case, string SellerAccountId) : Outcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome;

    /// <summary>The key was used before with a different body.</summary>
    public sealed record KeyReused(DisputeId CaseId) : Outcome;

    public async Task<Outcome> HandleAsync(Marketplace marketplace, string? idempotencyKey, MarketplaceFileCaseRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MarketplaceFiling.IdempotencyKeyMaxLength)
        {
            return new Invalid(new() { [IdempotencyKeyHeader] = [$"An {IdempotencyKeyHeader} header of 1 to {MarketplaceFiling.IdempotencyKeyMaxLength} characters is required: it makes a repeated filing return the first one's case."] });
        }
        var requestSha256 = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, json.Value.SerializerOptions)));
        if (await RepeatAsync(marketplace.Id, idempotencyKey, requestSha256, ct) is { } earlier)
        {
            return earlier;
        }

        FilingValidator.TryValidate(request.ToFiling(marketplace.Name), time.GetUtcNow(), governingLaw.Data, t, out var filing, out var errors);
        if (!EmailAddress.TryParse(request.Buyer?.Email, out var buyerEmail) || !buyerEmail.IsAscii)
        {
            errors["buyer.email"] = ["The buyer's e-mail address (ASCII) is required: the buyer is invited there."];
        }
        if (string.IsNullOrWhiteSpace(request.Buyer?.Name) || request.Buyer.Name.Trim().Length > OdrUser.DisplayNameMaxLength)
        {
            errors["buyer.name"] = [$"The buyer's name (at most {OdrUser.DisplayNameMaxLength} characters) is required."];
        }
        var sellerAccountId = request.Seller?.AccountId?.Trim();
        if (string.IsNullOrEmpty(sellerAccountId) || sellerAccountId.Length > MarketplaceFiling.SellerAccountIdMaxLength)
        {
            errors["seller.accountId"] = [$"The seller's account on the marketplace (at most {MarketplaceFiling.SellerAccountIdMaxLength} characters) is required."];
        }
        if (errors.Count > 0 || filing is null)
        {
            return new Invalid(errors);
        }

        var buyer = await BuyerAccountAsync(buyerEmail, request.Buyer!.Name!.Trim(), filing.Language);
        DisputeCase dispute;
        try
        {
            dispute = await filings.HandleAsync(buyer, filing, [], c =>
            {
                c.RecordMarketplaceFiling(marketplace.Name);
                db.Add(new MarketplaceFiling
                {
                    MarketplaceId = marketplace.Id,
                    IdempotencyKey = idempotencyKey,
                    CaseId = c.Id,
                    RequestSha256 = requestSha256,
                    SellerAccountId = sellerAccountId!,
                    CreatedAt = time.GetUtcNow(),
                });
            }, ct);
        }
        catch (DbUpdateException)
        {
            // The same key filed at the same moment by another request, which won; anything else is a real failure.
            if (await RepeatAsync(marketplace.Id, idempotencyKey, requestSha256, ct) is { } raced)
            {
                return raced;
            }
            throw;
        }
        return new Filed(dispute, sellerAccountId!);
    }

    private async Task<Outcome?> RepeatAsync(Guid marketplaceId, string idempotencyKey, string requestSha256, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var earlier = await db.Set<MarketplaceFiling>().AsNoTracking()
            .SingleOrDefaultAsync(f => f.MarketplaceId == marketplaceId && f.IdempotencyKey == idempotencyKey, ct);
        if (earlier is null)
        {
            return null;
        }
        if (earlier.RequestSha256 != requestSha256)
        {
            return new KeyReused(earlier.CaseId);
        }
        return new Repeated((await db.LoadCaseAsync(earlier.CaseId, ct))!, earlier.SellerAccountId);
    }

    /// <summary>
    /// The buyer's account: the one with the address, or a new one with no password, which only the address's owner can
    /// give it by confirming the address (the account confirmation flow), so nobody else ever holds the buyer's case.
    /// </summary>
    private async Task<OdrUser> BuyerAccountAsync(EmailAddress email, string name, CaseLanguage language)
    {
        if (await users.FindByEmailAsync(email.Value) is { } existing)
        {
            await accounts.AssignDefaultRoleAsync(existing);
            return existing;
        }
        var created = new OdrUser
        {
            UserName = email.Value,
            Email = email.Value,
            DisplayName = name,
            PreferredLanguage = Languages.Of(language).Code,
        };
        var result = await users.CreateAsync(created);
        if (!result.Succeeded)
        {
            // Created a moment ago by another request with the same address.
            return await users.FindByEmailAsync(email.Value) ?? throw new InvalidOperationException(
                $"Could not create the buyer's account: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        await accounts.AssignDefaultRoleAsync(created);
        return created;
    }
}
