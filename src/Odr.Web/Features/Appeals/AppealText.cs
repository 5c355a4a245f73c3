using Odr.Domain.Disputes;

namespace Odr.Web.Features.Appeals;

/// <summary>How pages name an appeal's grounds and decisions (the texts' translations: Resources/Text.zh-Hans.resx).</summary>
public static class AppealText
{
    public static string Grounds(AppealGrounds grounds) => grounds switch
    {
        AppealGrounds.Procedural => "The procedure was unfair",
        AppealGrounds.NewEvidence => "New evidence",
        _ => "A manifest error",
    };

    public static string Decision(AppealDecision decision) => decision switch
    {
        AppealDecision.Upheld => "Award upheld",
        AppealDecision.Varied => "Award varied",
        _ => "Award set aside",
    };
}
