namespace Odr.Web.Features.Disputes;

/// <summary>How long each stage lasts (<c>Odr:Deadlines</c>); TimeSpans such as <c>7.00:00:00</c> or <c>00:00:05</c>.</summary>
public sealed class DeadlineOptions
{
    public TimeSpan SellerResponse { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan Negotiation { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan Mediation { get; set; } = TimeSpan.FromDays(21);

    public TimeSpan Arbitration { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan Compliance { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long after an award or dismissal a party may appeal it.</summary>
    public TimeSpan Appeal { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long the appeal arbitrator has to decide.</summary>
    public TimeSpan AppealDecision { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long before a deadline the reminder goes; none when the stage is shorter than twice this.</summary>
    public TimeSpan Reminder { get; set; } = TimeSpan.FromDays(2);

    public Domain.Disputes.StagePeriods ToPeriods() => new(SellerResponse, Negotiation, Mediation, Arbitration, Compliance)
    {
        Appeal = Appeal,
        AppealDecision = AppealDecision,
    };
}
