using Microsoft.Extensions.Localization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Disputes;

/// <summary>What a case action sees: the case (loaded whole), the caller's part in it, the time and the stage periods.</summary>
public sealed record CaseActionContext(DisputeCase Case, CaseRole Role, DateTimeOffset Now, StagePeriods Periods);

/// <summary>
/// The one path of every case action: find the case as the caller may see it (else 404), let the aggregate apply
/// the action (its refusals become 400/403/409 through the exception handler), save (the history, the workflow's
/// signal and the change commit together), then answer. Concurrent actions on one case meet the concurrency token.
/// </summary>
public sealed class CaseActions(CaseAccess access, OdrDbContext db, TimeProvider time, IOptions<DeadlineOptions> deadlines,
    IStringLocalizer<Text> t)
{
    public async Task<IResult> RunAsync<T>(ClaimsPrincipal principal, Guid caseId, Func<CaseActionContext, T> action,
        Func<CaseActionContext, T, IResult> respond, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(principal) is null)
        {
            return TypedResults.Unauthorized();
        }
        return await ApplyAsync(principal, caseId, action, ct) is var (context, result)
            ? respond(context, result)
            : TypedResults.NotFound();
    }

    /// <summary>
    /// The same path for the case page's forms: the action applied and saved, or none when the caller may not see
    /// the case. Refusals arrive as <see cref="DomainException"/> for the page to show beside its form.
    /// </summary>
    public async Task<(CaseActionContext Context, T Result)?> ApplyAsync<T>(ClaimsPrincipal principal, Guid caseId,
        Func<CaseActionContext, T> action, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(principal) is not { } user
            || await access.FindAsync(new DisputeId(caseId), user, ct) is not var (dispute, role))
        {
            return null;
        }
        var context = new CaseActionContext(dispute, role, time.GetUtcNow(), deadlines.Value.ToPeriods());
        var result = action(context);
        await db.SaveChangesAsync(ct);
        return (context, result);
    }

    /// <summary>An action whose answer is the case as the caller now sees it.</summary>
    public Task<IResult> RunAsync(ClaimsPrincipal principal, Guid caseId, Action<CaseActionContext> action, CancellationToken ct) =>
        RunAsync(principal, caseId, context =>
        {
            action(context);
            return true;
        }, (context, _) => TypedResults.Ok(context.Case.ToResponse(context.Role, t)), ct);

    /// <summary>Turns request fields into a remedy, naming the bad field when they do not make one.</summary>
    public static Remedy ToRemedy(RemedyInput? input, Money amountPaid, string field)
    {
        if (input?.Type is not { } type)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "The remedy's type is required.", $"{field}.type");
        }
        var amount = type == RemedyType.PartialRefund ? ToMoney(input.Amount, $"{field}.amount") : (Money?)null;
        return Remedy.TryCreate(type, amount, amountPaid, out var remedy, out var error)
            ? remedy!
            : throw (error! with { Field = type == RemedyType.PartialRefund ? $"{field}.amount" : field }).ToException();
    }

    /// <summary>Request fields as an amount of money, or a 400 naming the first bad field.</summary>
    public static Money ToMoney(MoneyDto? input, string field)
    {
        if (input?.Value is { } value && Currency.TryParse(input.Currency, out var currency) && value > 0)
        {
            return Money.TryCreate(value, currency, out var money, out var refused)
                ? money
                : throw (refused! with { Field = $"{field}.value" }).ToException();
        }
        // Only the checks that need no domain rule are left; each fixed sentence is a resource key.
        var errors = new ValidationErrors();
        errors.Money(input, field, mustBePositive: true);
        var (key, messages) = errors.ToDictionary().First();
        throw new DomainException(DomainErrorCode.InvalidValue, messages[0], key);
    }

    /// <summary>A law code from the request, or a 400 naming the field.</summary>
    public static LawCode ToLaw(string? text, string field) => LawCode.TryParse(text, out var law)
        ? law
        : throw new DomainException(DomainErrorCode.InvalidValue, "A law is named by a country code (CN, DE), a legal unit (US-NY, GB-EAW) or UNIDROIT-PICC.", field);

    /// <summary>A required request value, or a 400 naming it.</summary>
    public static T Required<T>(T? value, string field) where T : struct =>
        value ?? throw new DomainException(DomainErrorCode.InvalidValue, "This field is required.", field);
}
