using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Notices;

/// <summary>Which events people are told about, and whom each notice goes to.</summary>
public static class NoticeRouting
{
    private static readonly CaseRole[] Parties = [CaseRole.Buyer, CaseRole.Seller];

    /// <summary>The notices an event calls for, each with a key unique to that event and recipient.</summary>
    public static IEnumerable<(SendNotice Notice, string Key)> For(DisputeCase c, IDomainEvent e)
    {
        var at = e.OccurredAt.UtcTicks;
        IEnumerable<SendNotice> notices = e switch
        {
            DisputeFiled => FilingReceipt.Wanted(c)
                ? [new SendNotice(c.Id.Value, NoticeKind.ComplaintFiled, CaseRole.Seller, c.Stage, c.Deadline),
                    new SendNotice(c.Id.Value, NoticeKind.FilingReceipt, CaseRole.Buyer, c.Stage, c.Deadline)]
                : [new SendNotice(c.Id.Value, NoticeKind.ComplaintFiled, CaseRole.Seller, c.Stage, c.Deadline)],
            SellerResponded => [new SendNotice(c.Id.Value, NoticeKind.ResponseReceived, CaseRole.Buyer)],
            OfferMade offer => [new SendNotice(c.Id.Value, NoticeKind.OfferReceived, offer.From == CaseRole.Buyer ? CaseRole.Seller : CaseRole.Buyer,
                SubjectId: offer.OfferId.Value)],
            // The one who made a rejected offer hears of it; both parties of a mediator's proposal (it waits for their acceptance).
            OfferRejected rejected => [new SendNotice(c.Id.Value, NoticeKind.OfferRejected, rejected.By == CaseRole.Buyer ? CaseRole.Seller : CaseRole.Buyer,
                SubjectId: rejected.OfferId.Value)],
            ProposalMade proposal => Parties.Select(p => new SendNotice(c.Id.Value, NoticeKind.ProposalReceived, p, c.Stage, c.Deadline,
                SubjectId: proposal.ProposalId.Value)),
            // Evidence that answered the arbitrator's request (the aggregate closed the party's open requests as answered).
            EvidenceAdded added when c.Stage == DisputeStage.Arbitration && c.ArbitratorId is not null
                && c.EvidenceRequests.Any(r => r.From == added.SubmittedBy && r.Status == EvidenceRequestStatus.Answered) =>
                [new SendNotice(c.Id.Value, NoticeKind.EvidenceAnswered, CaseRole.Arbitrator, c.Stage, c.Deadline, SubjectId: added.EvidenceId.Value)],
            PerformanceReported => [new SendNotice(c.Id.Value, NoticeKind.PerformanceReported, CaseRole.Buyer, c.Stage, c.Deadline)],
            ReminderSent reminder => reminder.Stage switch
            {
                DisputeStage.AwaitingResponse => [new SendNotice(c.Id.Value, NoticeKind.DeadlineReminder, CaseRole.Seller, reminder.Stage, reminder.Deadline)],
                DisputeStage.Compliance => Parties.Select(p => new SendNotice(c.Id.Value, NoticeKind.ComplianceReminder, p, reminder.Stage, reminder.Deadline)),
                DisputeStage.Arbitration or DisputeStage.Appeal => Parties.Append(CaseRole.Arbitrator).Select(p => new SendNotice(c.Id.Value, NoticeKind.DeadlineReminder, p, reminder.Stage, reminder.Deadline)),
                _ => Parties.Select(p => new SendNotice(c.Id.Value, NoticeKind.DeadlineReminder, p, reminder.Stage, reminder.Deadline)),
            },
            DisputeEscalated escalated => Parties.Select(p => new SendNotice(c.Id.Value, NoticeKind.Escalated, p, escalated.To, c.Deadline)),
            NeutralAssigned assigned => Parties.Append(assigned.Role).Select(p => new SendNotice(c.Id.Value, NoticeKind.NeutralAssigned, p, c.Stage, c.Deadline,
                SubjectId: assigned.NeutralId.Value)),
            EvidenceRequested requested => [new SendNotice(c.Id.Value, NoticeKind.EvidenceRequested, requested.From, c.Stage, requested.DueAt,
                SubjectId: requested.RequestId.Value)],
            DocumentIssued issued => Parties.Select(p => new SendNotice(c.Id.Value, issued.Kind switch
            {
                DocumentKind.Settlement => NoticeKind.Settlement,
                DocumentKind.Ruling => NoticeKind.Award,
                DocumentKind.AppealDecision => NoticeKind.AppealDecision,
                _ => NoticeKind.Recommendation,
            }, p, c.Stage, c.Deadline, DocumentId: issued.DocumentId))
                .Concat(issued.Kind == DocumentKind.AppealDecision
                    ? [new SendNotice(c.Id.Value, NoticeKind.AppealDecision, CaseRole.Arbitrator, c.Stage, c.Deadline, DocumentId: issued.DocumentId)]
                    : []),
            // The appeal arbitrator hears of the appeal when assigned (NeutralAssigned); the mediator, if any, now.
            AwardAppealed => Parties.Concat(c.MediatorId is null ? [] : [CaseRole.Mediator])
                .Select(p => new SendNotice(c.Id.Value, NoticeKind.Appealed, p, c.Stage, c.Deadline)),
            AwardBecameFinal => Parties.Select(p => new SendNotice(c.Id.Value, NoticeKind.AwardFinal, p)),
            DisputeClosed => Parties.Select(p => new SendNotice(c.Id.Value, NoticeKind.CaseClosed, p)),
            _ => [],
        };
        foreach (var notice in notices)
        {
            yield return (notice, $"{c.Id}:notice:{notice.Kind}:{notice.Recipient}:{notice.SubjectId?.ToString() ?? at.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }
}
