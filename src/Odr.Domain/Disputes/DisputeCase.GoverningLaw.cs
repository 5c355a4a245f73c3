using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>Governing law: the contract facts, the suggestion, the parties' positions and the confirmation.</summary>
public sealed partial class DisputeCase
{
    /// <summary>The choice-of-law clause in the seller's terms, as the buyer reports it; none if there is none.</summary>
    public LawCode? ChoiceOfLaw { get; private set; }

    /// <summary>The buyer's legal unit where the country has several (a US state; England, Scotland, NI).</summary>
    public string? BuyerSubdivision { get; private set; }

    public string? SellerSubdivision { get; private set; }

    public ContractType ContractType { get; private set; } = ContractType.Goods;

    public ChoiceOfLawSource ChoiceOfLawSource { get; private set; } = ChoiceOfLawSource.SellerTerms;

    public bool CisgExpresslyExcluded { get; private set; }

    /// <summary>The service's reasoned suggestion, computed from the case's facts at filing and after each correction.</summary>
    public Assessment? GoverningLawSuggestion { get; private set; }

    public LawPosition? BuyerLawPosition { get; private set; }

    public LawPosition? SellerLawPosition { get; private set; }

    /// <summary>The law the arbitrator confirmed as governing; the award applies it.</summary>
    public LawCode? ConfirmedGoverningLaw { get; private set; }

    public DateTimeOffset? GoverningLawConfirmedAt { get; private set; }

    /// <summary>Records facts that only the filing's optional fields carry (legal units, contract type, the clause's details).</summary>
    public void RecordContractFacts(string? buyerSubdivision, string? sellerSubdivision, ContractType contractType,
        ChoiceOfLawSource choiceOfLawSource, bool cisgExpresslyExcluded)
    {
        BuyerSubdivision = buyerSubdivision;
        SellerSubdivision = sellerSubdivision;
        ContractType = contractType;
        ChoiceOfLawSource = choiceOfLawSource;
        CisgExpresslyExcluded = cisgExpresslyExcluded;
    }

    /// <summary>The facts of this case as the governing-law rules read them.</summary>
    public AssessmentRequest ToAssessmentRequest() => new()
    {
        ContractDate = Order.OrderDate,
        Buyer = new PartyFacts(Buyer.Country, BuyerSubdivision),
        BuyerType = Buyer.Type,
        Seller = new PartyFacts(Seller.Country, SellerSubdivision),
        SellerType = Seller.Type,
        SellerDirectsToBuyerCountry = Seller.DirectsToBuyerCountry,
        ContractType = ContractType,
        ChoiceOfLaw = ChoiceOfLaw,
        ChoiceOfLawSource = ChoiceOfLawSource,
        CisgExpresslyExcluded = CisgExpresslyExcluded,
    };

    /// <summary>(Re)computes the service's suggestion from the case's current facts.</summary>
    public Assessment SuggestGoverningLaw(GoverningLawEngine engine, DateTimeOffset now)
    {
        var assessment = engine.Assess(ToAssessmentRequest());
        GoverningLawSuggestion = assessment;
        Touch();
        Raise(new GoverningLawSuggested(Id, assessment, now));
        return assessment;
    }

    /// <summary>Whether <paramref name="viewer"/> may correct the contract facts: a party, while the case is open and the law unconfirmed.</summary>
    public Refusal? CanCorrectContractFacts(CaseRole viewer) =>
        OnlyAParty(viewer, "correct the facts")
        ?? WhileOpen("correct the facts")
        ?? (ConfirmedGoverningLaw is null ? null : new Refusal(DomainErrorCode.Conflict, "governingLawConfirmed",
            "The arbitrator has confirmed the governing law; the facts it rests on can no longer change."));

    /// <summary>A party corrects a fact the law turns on; the suggestion is computed again. Not once the law is confirmed.</summary>
    public void CorrectContractFacts(CaseRole by, ContractFactsCorrection correction, GoverningLawEngine engine, DateTimeOffset now)
    {
        Ensure(CanCorrectContractFacts(by));
        var changed = new List<string>();
        if (correction.BuyerSubdivision is { } buyerUnit)
        {
            EnsureUnit(engine.Data, Buyer.Country, buyerUnit, "buyerSubdivision");
            BuyerSubdivision = buyerUnit.ToUpperInvariant();
            changed.Add("buyerSubdivision");
        }
        if (correction.SellerSubdivision is { } sellerUnit)
        {
            EnsureUnit(engine.Data, Seller.Country, sellerUnit, "sellerSubdivision");
            SellerSubdivision = sellerUnit.ToUpperInvariant();
            changed.Add("sellerSubdivision");
        }
        if (correction.SellerDirectsToBuyerCountry is { } directs)
        {
            Seller = Seller with { DirectsToBuyerCountry = directs };
            changed.Add("sellerDirectsToBuyerCountry");
        }
        if (correction.RemoveChoiceOfLaw)
        {
            ChoiceOfLaw = null;
            changed.Add("choiceOfLaw");
        }
        else if (correction.ChoiceOfLaw is { } choice)
        {
            ChoiceOfLaw = choice;
            changed.Add("choiceOfLaw");
        }
        if (correction.ChoiceOfLawSource is { } source)
        {
            ChoiceOfLawSource = source;
            changed.Add("choiceOfLawSource");
        }
        if (correction.ContractType is { } type)
        {
            ContractType = type;
            changed.Add("contractType");
        }
        if (correction.CisgExpresslyExcluded is { } excluded)
        {
            CisgExpresslyExcluded = excluded;
            changed.Add("cisgExpresslyExcluded");
        }
        if (changed.Count == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Name at least one fact to correct.", "body", "noFactToCorrect");
        }
        Touch();
        Raise(new ContractFactsCorrected(Id, by, changed, now));
        SuggestGoverningLaw(engine, now);
    }

    /// <summary>Whether <paramref name="viewer"/> may state a position on the governing law: a party, until the award.</summary>
    public Refusal? CanTakeGoverningLawPosition(CaseRole viewer) =>
        OnlyAParty(viewer, "state a position on the governing law") ?? OnlyIn("state a position on the governing law", DisputeStage.AwaitingResponse,
        DisputeStage.Negotiation, DisputeStage.Mediation, DisputeStage.Arbitration);

    /// <summary>A party's position on the governing law, until the award.</summary>
    public void TakeGoverningLawPosition(CaseRole by, LawCode law, string? reason, DateTimeOffset now)
    {
        Ensure(CanTakeGoverningLawPosition(by));
        var text = OptionalText(reason, LawPosition.ReasonMaxLength, "reason");
        var position = new LawPosition(law, text.Length == 0 ? null : text, now);
        if (by == CaseRole.Buyer)
        {
            BuyerLawPosition = position;
        }
        else
        {
            SellerLawPosition = position;
        }
        Touch();
        Raise(new GoverningLawPositionTaken(Id, by, law, now));
    }

    /// <summary>Whether <paramref name="viewer"/> may confirm the governing law: the arbitrator, in arbitration.</summary>
    public Refusal? CanConfirmGoverningLaw(CaseRole viewer) =>
        OnlyThe(CaseRole.Arbitrator, viewer, "confirm the governing law") ?? OnlyIn("confirm the governing law", DisputeStage.Arbitration);

    /// <summary>The arbitrator confirms the law that governs; the award must apply it (issuing the award confirms it too).</summary>
    public void ConfirmGoverningLaw(CaseRole by, LawCode law, DateTimeOffset now)
    {
        Ensure(CanConfirmGoverningLaw(by));
        if (ConfirmedGoverningLaw == law)
        {
            return;
        }
        ConfirmedGoverningLaw = law;
        GoverningLawConfirmedAt = now;
        Touch();
        Raise(new GoverningLawConfirmed(Id, law, now));
    }

    private static void EnsureUnit(LegalData data, CountryCode country, string unit, string field)
    {
        if (!data.IsKnownSubdivision(country, unit))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"'{unit}' is not a legal unit of {country.Value}.", field, "unknownLegalUnit") { Args = [unit, country.Value] };
        }
    }
}
