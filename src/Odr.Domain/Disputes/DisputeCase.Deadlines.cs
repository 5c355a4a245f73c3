using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>Deadlines, reminders and notices that reached no one: what the workflow reports to the case.</summary>
public sealed partial class DisputeCase
{
    private readonly List<UndeliveredNotice> _undeliveredNotices = [];

    /// <summary>The deadline the last reminder was sent for, so that a retried reminder is not sent twice.</summary>
    public DateTimeOffset? LastReminderFor { get; private set; }

    /// <summary>Notices that could not be delivered, until they are: the neutral, the parties and admins see them.</summary>
    public IReadOnlyList<UndeliveredNotice> UndeliveredNotices => _undeliveredNotices;

    /// <summary>Whether the notice that tells the seller of the complaint is known to be undelivered.</summary>
    public bool SellerUnreached => _undeliveredNotices.Any(n => n.Recipient == CaseRole.Seller && n.Kind == ComplaintNoticeKind);

    /// <summary>The kind of the notice that tells the seller of the complaint and starts its response period.</summary>
    public const string ComplaintNoticeKind = "ComplaintFiled";

    /// <summary>
    /// The workflow's deadline for <paramref name="expected"/> (due at <paramref name="expectedDeadline"/>) ran out.
    /// A stale timer (the case has moved on, or its deadline changed) changes nothing: returns false.
    /// </summary>
    /// The seller's response deadline does not pass while the seller has not been reached
    /// (<paramref name="sellerReached"/>: the notice of the complaint has not been delivered): nobody may lose a period
    /// they were never told of. It is recorded as held, and starts afresh when the notice is delivered
    /// (<see cref="RecordNoticeDelivered"/>).
    public bool ExpireDeadline(DisputeStage expected, DateTimeOffset expectedDeadline, DateTimeOffset now, StagePeriods periods,
        bool sellerReached = true)
    {
        if (Stage != expected || Deadline != expectedDeadline || now < expectedDeadline)
        {
            return false;
        }
        if (Stage == DisputeStage.AwaitingResponse && !sellerReached)
        {
            Touch();
            Raise(new DeadlineHeld(Id, Stage, expectedDeadline, CaseRole.Seller, now));
            return false;
        }
        switch (Stage)
        {
            case DisputeStage.AwaitingResponse:
            case DisputeStage.Negotiation:
                var from = Stage;
                MoveTo(DisputeTrigger.DeadlinePassed, now, periods);
                Raise(new DisputeEscalated(Id, from, Stage, EscalatedBy.Deadline, null, now));
                break;
            case DisputeStage.Mediation:
                EndMediation(DisputeTrigger.DeadlinePassed, EscalatedBy.Deadline, null, now, periods);
                break;
            case DisputeStage.Arbitration:
            case DisputeStage.Appeal:
                // No award (or appeal decision) in time: the arbitrator is replaced and the new one gets a full period.
                var stage = Stage;
                ReplacedArbitratorId = ArbitratorId;
                ArbitratorId = null;
                MoveTo(DisputeTrigger.DeadlinePassed, now, periods);
                Raise(new DisputeEscalated(Id, stage, stage, EscalatedBy.Deadline, null, now));
                break;
            case DisputeStage.Compliance:
                Close(DisputeTrigger.DeadlinePassed, Outcome!.Value, now, periods);
                break;
            default:
                return false;
        }
        return true;
    }

    /// <summary>Records that the reminder for the current deadline went out; false if it is stale or already recorded.</summary>
    public bool RecordReminder(DisputeStage stage, DateTimeOffset deadline, DateTimeOffset now)
    {
        if (Stage != stage || Deadline != deadline || LastReminderFor == deadline)
        {
            return false;
        }
        LastReminderFor = deadline;
        Touch();
        Raise(new ReminderSent(Id, stage, deadline, now));
        return true;
    }

    /// <summary>
    /// A notice (by its key) to <paramref name="recipient"/> could not be delivered: it is kept on the case for the
    /// neutral, the parties and admins to see. False if it is already recorded.
    /// </summary>
    public bool RecordNoticeUndelivered(string noticeKey, CaseRole recipient, string kind, DateTimeOffset now)
    {
        if (_undeliveredNotices.Any(n => n.Key == noticeKey))
        {
            return false;
        }
        _undeliveredNotices.Add(new UndeliveredNotice(noticeKey, Id, recipient, kind, now));
        Touch();
        Raise(new NoticeUndelivered(Id, recipient, kind, now));
        return true;
    }

    /// <summary>
    /// A notice was delivered. If it had been recorded as undelivered it is taken off the case; if it is the notice of
    /// the complaint and the seller's response deadline passed (held) or the notice had been undelivered, the seller
    /// gets a fresh full period from now. False when there was nothing to record (the usual first delivery).
    /// </summary>
    public bool RecordNoticeDelivered(string noticeKey, CaseRole recipient, string kind, DateTimeOffset now, StagePeriods periods)
    {
        var undelivered = _undeliveredNotices.FirstOrDefault(n => n.Key == noticeKey);
        if (undelivered is not null)
        {
            _undeliveredNotices.Remove(undelivered);
        }
        DateTimeOffset? freshDeadline = null;
        if (recipient == CaseRole.Seller && kind == ComplaintNoticeKind && Stage == DisputeStage.AwaitingResponse
            && (undelivered is not null || now >= Deadline))
        {
            Deadline = now + periods.For(DisputeStage.AwaitingResponse);
            freshDeadline = Deadline;
        }
        if (undelivered is null && freshDeadline is null)
        {
            return false;
        }
        Touch();
        Raise(new NoticeDelivered(Id, recipient, kind, freshDeadline, now));
        if (freshDeadline is not null)
        {
            // The same stage again with a new deadline: the workflow starts its clock afresh.
            Raise(new StageChanged(Id, Stage, Stage, Deadline, Version, now));
        }
        return true;
    }
}
