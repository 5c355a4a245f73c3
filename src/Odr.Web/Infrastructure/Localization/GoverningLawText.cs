using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Domain.GoverningLaw;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>The governing-law answer in words for someone who is not a lawyer.</summary>
public static class GoverningLawText
{
    /// <summary>A law by its code, in the reader's words: a fixed name, or a template with the state or country in it.</summary>
    public static string Law(this IStringLocalizer<Text> t, string code) => code switch
    {
        "US-NY" or "GB-EAW" or "GB-SCT" or "GB-NIR" or "UNIDROIT-PICC" => t["law." + code],
        _ when code.StartsWith("US-", StringComparison.Ordinal) => t["law.usState", code[3..]],
        _ when CountryCode.TryParse(code, out var country) => t["law.country", CaseText.Country(country)],
        _ => code,
    };

    public static string Cisg(CisgApplication cisg) => cisg switch
    {
        CisgApplication.Applies => "Applies: the UN Convention on Contracts for the International Sale of Goods governs the sale itself; the national law fills its gaps.",
        CisgApplication.FormationOnly => "Only its rules on how the contract was made apply (a party's state is not bound by the rest).",
        CisgApplication.Uncertain => "Uncertain: whether the Convention applies is debated here (a disputed status, or a contested reading of it); the reasons give both readings.",
        _ => "Does not apply: the national law governs the sale directly.",
    };

    public static string Confidence(Confidence confidence) => confidence switch
    {
        Domain.GoverningLaw.Confidence.High => "High: the rules and the facts point clearly to this answer.",
        Domain.GoverningLaw.Confidence.Medium => "Medium: the answer turns on a fact or a rule that courts may read differently.",
        _ => "Low: the answer depends on the court and its state's rules; treat it as a first view.",
    };

    public static string Flag(string flag) => flag switch
    {
        "forumDependent" => "Courts in the two parties' countries may reach different answers.",
        "unfairClauseRisk" => "The choice of law in the seller's standard terms may be unfair to a consumer if it does not mention the consumer's protections.",
        "art6Excluded" => "This kind of contract is outside the special consumer rule.",
        "directingUncertain" => "It is not known whether the seller targeted the buyer's country; the protective reading was used.",
        "cnPlaceOfProvisionAmbiguous" => "Where goods sent from abroad are 'provided' is debated under Chinese law.",
        "cnBusinessChoiceInB2c" => "Under Chinese law a choice of law imposed by the business on a consumer has no effect.",
        "clauseMayNotBindSaleContract" => "A clause in the marketplace's terms may not bind the sale between buyer and seller.",
        "digitalGoodsCisgContested" => "Whether the Convention covers digital content is disputed.",
        "onlineAuctionCharacterisation" => "Whether an online 'auction' is an auction in law is disputed.",
        "cnCourtPracticeVaries" => "Chinese courts have sometimes wrongly set the Convention aside.",
        "usStateLawVaries" => "The outcome depends on the rules of the particular US state.",
        "subdivisionUnknown" => "A party's state or legal unit was not given.",
        "choiceMayLackReasonableRelation" => "The chosen law may have too little connection with the sale for a US court.",
        "nonStateRules" => "The parties chose rules that are not a national law; that works mainly in arbitration.",
        "genericRegime" => "There are no specific rules here for that country's courts; a general approach was used.",
        "cisgStatusDisputed" => "A party's place has a disputed status under the Convention.",
        "forumClauseNotBindingOnConsumer" => "A forum clause agreed before the dispute does not bind a consumer.",
        "mixedContract" => "The contract mixes goods and services; which dominates matters.",
        "nonStateRulesCourtVersusTribunal" => "An arbitral tribunal may apply the chosen rules; a court would treat them as contract terms under a national law.",
        "carriageChoiceNotPermitted" => "For passenger transport only five laws may be chosen; the chosen one is not among them.",
        "carriageKindAssumed" => "Whether this is transport of passengers or of goods was not given; the likelier one was assumed.",
        "carriagePlacesUnknown" => "The places where the transport starts and ends were not given, and the answer may turn on them.",
        "cisgPartIINotApplicable" => "A party's state was not bound by the Convention's rules on how a contract is made.",
        "cisgWritingRequirement" => "A party's state requires contracts of sale to be in writing; the Convention's freedom from form does not apply.",
        "article95ForumApplyingContractingStateLaw" => "The court's state does not apply the Convention through the other state's law; whether it applies it as part of that law is debated.",
        _ => flag,
    };
}
