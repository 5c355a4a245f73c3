using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Disputes;

/// <summary>
/// What a stage's part of the case page is drawn from: the case, the viewer's part in it, and the aggregate's answer to
/// what the viewer may do now (the page asks, it never repeats a guard).
/// </summary>
public sealed record CaseView(DisputeCase Case, CaseRole Role)
{
    /// <summary>The remedies a form offers, in the order the filing form lists them.</summary>
    public static IReadOnlyList<RemedyType> RemedyTypes { get; } =
        [RemedyType.FullRefund, RemedyType.PartialRefund, RemedyType.ReturnAndRefund, RemedyType.Replacement, RemedyType.Repair];

    public bool May(CaseAction action) => Case.May(action, Role);

    /// <summary>The currency paid: amounts typed into the case's forms are in it.</summary>
    public string Currency => Case.Order.AmountPaid.Currency.Code;
}
