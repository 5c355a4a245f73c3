using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>The seller's response to the complaint.</summary>
public sealed partial class DisputeCase
{
    public const int StatementMaxLength = 10_000;

    public ResponseAction? ResponseAction { get; private set; }

    public string? ResponseStatement { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>Whether <paramref name="viewer"/> may respond to the complaint now: the seller, while the case awaits the response.</summary>
    public Refusal? CanRespond(CaseRole viewer) =>
        OnlyThe(CaseRole.Seller, viewer, "respond to the complaint") ?? OnlyIn("respond", DisputeStage.AwaitingResponse);

    /// <summary>The seller's answer: accepting settles; a counter-offer or a contest opens negotiation.</summary>
    public void Respond(CaseRole by, ResponseAction action, Remedy? counterOffer, string? offerMessage, string? statement,
        bool consentsToArbitration, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanRespond(by));
        var trimmed = statement?.Trim() ?? "";
        if (trimmed.Length > StatementMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"The statement has at most {StatementMaxLength} characters.", "statement", "statementTooLong") { Args = [StatementMaxLength] };
        }
        if (action == Disputes.ResponseAction.Contest && trimmed.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Say why you contest the complaint.", "statement", "contestNeedsStatement");
        }
        if (action == Disputes.ResponseAction.CounterOffer && counterOffer is null)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "A counter-offer needs the remedy you offer.", "offer.remedy", "counterOfferNeedsRemedy");
        }

        ResponseAction = action;
        ResponseStatement = trimmed.Length == 0 ? null : trimmed;
        RespondedAt = now;
        SellerConsentsToArbitration = consentsToArbitration;
        Raise(new SellerResponded(Id, action, consentsToArbitration, now));
        switch (action)
        {
            case Disputes.ResponseAction.Accept:
                Settle(SettlementStage.Response, RequestedRemedy, DisputeTrigger.SellerAccepted, now, periods);
                break;
            case Disputes.ResponseAction.CounterOffer:
                MoveTo(DisputeTrigger.SellerCounterOffered, now, periods);
                AddOffer(CaseRole.Seller, counterOffer!, offerMessage, now);
                break;
            default:
                MoveTo(DisputeTrigger.SellerContested, now, periods);
                break;
        }
    }
}
