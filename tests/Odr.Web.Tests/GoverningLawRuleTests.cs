using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Features.GoverningLaw;

namespace Odr.Web.Tests;

/// <summary>Each rule on its own, on the engine with the service's real data file.</summary>
public class GoverningLawRuleTests
{
    private static readonly LegalData Data = LegalDataFile.Load(Path.Combine(AppContext.BaseDirectory, "Data", "legal-data.json"));
    private static readonly GoverningLawEngine Engine = new(Data);

    private static Assessment Assess(string buyer, BuyerType buyerType, string seller, SellerType sellerType = SellerType.Business,
        string? choice = null, YesNoUnknown? directs = YesNoUnknown.Yes, ContractType type = ContractType.Goods, string date = "2025-06-01",
        string? buyerUnit = null, string? sellerUnit = null, ChoiceOfLawSource source = ChoiceOfLawSource.SellerTerms, bool cisgExcluded = false,
        YesNoUnknown? purposeKnown = null, bool consumerElects = false, YesNoUnknown? activity = null, string? forum = null) =>
        Engine.Assess(new AssessmentRequest
        {
            ContractDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            Buyer = new PartyFacts(CountryCode.Parse(buyer), buyerUnit),
            BuyerType = buyerType,
            Seller = new PartyFacts(CountryCode.Parse(seller), sellerUnit),
            SellerType = sellerType,
            SellerDirectsToBuyerCountry = directs,
            SellerBusinessActivityInBuyerCountry = activity,
            ContractType = type,
            ChoiceOfLaw = choice is null ? null : LawCode.Parse(choice),
            ChoiceOfLawSource = source,
            CisgExpresslyExcluded = cisgExcluded,
            BuyerPurposePersonalKnown = purposeKnown,
            ConsumerElectsPlaceOfProvisionLaw = consumerElects,
            Forum = forum is null ? null : CountryCode.Parse(forum),
        });

    [Fact]
    public void RuleF_ADanishForumAppliesTheRomeConvention_AndAnEuForumBefore2009Too()
    {
        Assert.Equal(Regime.RomeConvention, Assess("DK", BuyerType.Consumer, "CN").ReferenceRegime);
        Assert.Equal(Regime.RomeConvention, Assess("DE", BuyerType.Consumer, "CN", date: "2008-05-01").ReferenceRegime);
        Assert.Equal(Regime.EuRomeI, Assess("GB", BuyerType.Consumer, "CN", buyerUnit: "ENG", date: "2015-05-01").ReferenceRegime);
        Assert.Equal(Regime.UkRomeI, Assess("GB", BuyerType.Consumer, "CN", buyerUnit: "SCT").ReferenceRegime);
    }

    [Fact]
    public void RuleF_BetweenBusinesses_AForumClauseDecidesTheRegime()
    {
        var result = Assess("DE", BuyerType.Business, "CN", forum: "SG");
        Assert.Equal(Regime.SgCommonLaw, result.ReferenceRegime);
        Assert.Equal("CN", result.GoverningLaw);
    }

    [Fact]
    public void RuleF_AForumClause_DoesNotBindAConsumer()
    {
        var result = Assess("DE", BuyerType.Consumer, "CN", forum: "CN");
        Assert.Equal(Regime.EuRomeI, result.ReferenceRegime);
        Assert.Contains("forumClauseNotBindingOnConsumer", result.Flags);
    }

    [Fact]
    public void R3EU_NoTargeting_FallsBackToTheSellersLaw_WithMediumConfidenceAndNoFloor()
    {
        var result = Assess("FR", BuyerType.Consumer, "CN", directs: YesNoUnknown.No);
        Assert.Equal(("CN", Confidence.Medium), (result.GoverningLaw, result.Confidence));
        Assert.DoesNotContain(result.MandatoryOverlays, o => o.Basis.Contains("6(2)", StringComparison.Ordinal));
    }

    [Fact]
    public void R3EU_UncertainTargeting_AppliesTheConsumerRuleWithMediumConfidence()
    {
        var result = Assess("FR", BuyerType.Consumer, "CN", directs: YesNoUnknown.Unknown);
        Assert.Equal(("FR", Confidence.Medium), (result.GoverningLaw, result.Confidence));
        Assert.Contains("directingUncertain", result.Flags);
    }

    [Fact]
    public void R3EU_CarriageIsExcludedFromTheConsumerRule()
    {
        var result = Assess("IT", BuyerType.Consumer, "CN", type: ContractType.Carriage);
        Assert.Equal("CN", result.GoverningLaw);
        Assert.Contains("art6Excluded", result.Flags);
    }

    [Fact]
    public void R3EU_BothInTheEu_AddsTheAdrLegalityOverlay()
    {
        var result = Assess("FR", BuyerType.Consumer, "DE", choice: "DE");
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "FR", Basis: "Directive 2013/11/EU Art. 11" });
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "FR", Basis: "Rome I Art. 6(2)" });
    }

    [Fact]
    public void R3UK_AnEeaChoiceHasNoS32Overlay_ButIsFlagged()
    {
        var result = Assess("GB", BuyerType.Consumer, "DE", buyerUnit: "NIR", choice: "DE");
        Assert.Equal("DE", result.GoverningLaw);
        Assert.DoesNotContain(result.MandatoryOverlays, o => o.Basis == "CRA s.32");
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "GB-NIR", Basis: "UK Rome I Art. 6(2)" });
        Assert.Contains("craS32AmendmentUnverified", result.Flags);
    }

    [Fact]
    public void R3CN_AConsumerInChina_GetsPrcLaw_AndABusinessImposedChoiceIsIneffective()
    {
        var result = Assess("CN", BuyerType.Consumer, "US", sellerUnit: "CA", choice: "US-CA");
        Assert.Equal(("CN-LAL", "CN", Confidence.Medium), (result.ReferenceRegime, result.GoverningLaw, result.Confidence));
        Assert.Contains("cnBusinessChoiceInB2c", result.Flags);
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "CN", Basis: "LAL Art. 4" });
    }

    [Fact]
    public void R3CN_NoBusinessThere_GivesThePlaceOfProvision_AndTheConsumerMayElectIt()
    {
        var noActivity = Assess("CN", BuyerType.Consumer, "DE", directs: YesNoUnknown.No);
        Assert.Equal(("DE", Confidence.Medium), (noActivity.GoverningLaw, noActivity.Confidence));
        Assert.Contains("cnPlaceOfProvisionAmbiguous", noActivity.Flags);
        var elected = Assess("CN", BuyerType.Consumer, "DE", consumerElects: true);
        Assert.Equal(("DE", Confidence.High), (elected.GoverningLaw, elected.Confidence));
    }

    [Fact]
    public void R3JP_AChosenLawKeepsJapaneseProtectionOnlyIfInvoked()
    {
        var result = Assess("JP", BuyerType.Consumer, "US", sellerUnit: "WA", choice: "US-WA");
        Assert.Equal(("US-WA", Confidence.Medium), (result.GoverningLaw, result.Confidence));
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "JP", RequiresConsumerInvocation: true });
        Assert.Equal("JP", Assess("JP", BuyerType.Consumer, "CN").GoverningLaw);
    }

    [Fact]
    public void R3KRandRU_ChoiceCannotDepriveTheConsumer()
    {
        var korea = Assess("KR", BuyerType.Consumer, "CN", choice: "CN");
        Assert.Equal(("CN", Confidence.Medium), (korea.GoverningLaw, korea.Confidence));
        Assert.Contains(korea.MandatoryOverlays, o => o is { Law: "KR", Basis: "PILA Art. 47" });
        Assert.Equal("RU", Assess("RU", BuyerType.Consumer, "CN").GoverningLaw);
    }

    [Fact]
    public void R3US_ANewYorkConsumerGetsNewYorkLaw_OthersTheChoiceWithLowConfidence()
    {
        Assert.Equal("US-NY", Assess("US", BuyerType.Consumer, "CN", buyerUnit: "NY", choice: "CN").GoverningLaw);
        var texas = Assess("US", BuyerType.Consumer, "CN", buyerUnit: "TX", choice: "CN");
        Assert.Equal(("CN", Confidence.Low), (texas.GoverningLaw, texas.Confidence));
        Assert.Contains(texas.MandatoryOverlays, o => o.Law == "US-TX" && o.Basis.Contains("187(2)(b)", StringComparison.Ordinal));
    }

    [Fact]
    public void R3Generic_AForumWithoutRulesHereIsLowConfidence()
    {
        var result = Assess("BR", BuyerType.Consumer, "CN");
        Assert.Equal((Regime.Generic, Confidence.Low), (result.ReferenceRegime, result.Confidence));
        Assert.Contains(result.MandatoryOverlays, o => o.Law == "BR");
    }

    [Fact]
    public void R4_NonStateRulesBetweenBusinesses_AndPlatformTermsAreFlagged()
    {
        var picc = Assess("DE", BuyerType.Business, "CN", choice: "UNIDROIT-PICC", source: ChoiceOfLawSource.Negotiated);
        Assert.Equal("UNIDROIT-PICC", picc.GoverningLaw);
        Assert.Contains("nonStateRules", picc.Flags);
        var platform = Assess("DE", BuyerType.Business, "CN", choice: "CN", source: ChoiceOfLawSource.PlatformTerms);
        Assert.Contains("clauseMayNotBindSaleContract", platform.Flags);
        Assert.Equal(Confidence.Medium, platform.Confidence);
    }

    [Fact]
    public void R2_OnlyGoodsBetweenBusinessesInDifferentContractingStates()
    {
        Assert.Equal(CisgApplication.Applies, Assess("FR", BuyerType.Business, "CN").Cisg);
        Assert.Equal(CisgApplication.DoesNotApply, Assess("FR", BuyerType.Business, "CN", type: ContractType.Services).Cisg);
        var digital = Assess("FR", BuyerType.Business, "CN", type: ContractType.DigitalContent);
        Assert.Equal(CisgApplication.DoesNotApply, digital.Cisg);
        Assert.Contains("digitalGoodsCisgContested", digital.Flags);
        Assert.Contains("onlineAuctionCharacterisation", Assess("FR", BuyerType.Business, "CN", type: ContractType.Auction).Flags);
        Assert.Equal(CisgApplication.DoesNotApply, Assess("FR", BuyerType.Business, "FR").Cisg);
    }

    [Fact]
    public void R2_AConsumerWhosePurposeTheSellerCouldNotKnow_IsUnderTheCisg()
    {
        Assert.Equal(CisgApplication.Applies, Assess("FR", BuyerType.Consumer, "CN", purposeKnown: YesNoUnknown.No).Cisg);
    }

    [Fact]
    public void R2_ChoosingANonContractingStatesLaw_ExcludesTheCisg()
    {
        var result = Assess("DE", BuyerType.Business, "CN", choice: "GB-EAW", source: ChoiceOfLawSource.Negotiated);
        Assert.Equal(("GB-EAW", CisgApplication.DoesNotApply), (result.GoverningLaw, result.Cisg));
    }

    [Fact]
    public void R2_SaudiArabia_FormationOnly_NordicPairs_Excluded()
    {
        Assert.Equal(CisgApplication.FormationOnly, Assess("DE", BuyerType.Business, "SA").Cisg);
        Assert.Equal(CisgApplication.DoesNotApply, Assess("DE", BuyerType.Business, "SA", date: "2024-08-31").Cisg); // not yet a party
        Assert.Equal(CisgApplication.DoesNotApply, Assess("SE", BuyerType.Business, "FI").Cisg);
        Assert.Equal(CisgApplication.Applies, Assess("SE", BuyerType.Business, "DE").Cisg);
    }

    [Fact]
    public void R2_EntryIntoForceDates_Matter()
    {
        Assert.Equal(CisgApplication.Applies, Assess("DE", BuyerType.Business, "PT", date: "2022-01-10").Cisg);
        // Before 1 Oct 2021 Portugal was not a party, so Portuguese law cannot bring the CISG in through Art. 1(1)(b) either.
        Assert.Equal(CisgApplication.DoesNotApply, Assess("DE", BuyerType.Business, "PT", date: "2021-05-10").Cisg);
        Assert.Equal(CisgApplication.Applies, Assess("HK", BuyerType.Business, "DE", date: "2023-03-01").Cisg);
    }

    [Fact]
    public void R2_OneSideOutside_Article1bAppliesUnlessAnArticle95StateBarsIt()
    {
        var viaGermanLaw = Assess("GB", BuyerType.Business, "DE", buyerUnit: "ENG");
        Assert.Equal(("DE", CisgApplication.Applies, Confidence.Medium), (viaGermanLaw.GoverningLaw, viaGermanLaw.Cisg, viaGermanLaw.Confidence));
        var viaUsLaw = Assess("GB", BuyerType.Business, "US", sellerUnit: "NY", buyerUnit: "ENG");
        Assert.Equal(CisgApplication.DoesNotApply, viaUsLaw.Cisg);
        Assert.Contains("CISG Art. 95", viaUsLaw.Basis);
    }

    [Fact]
    public void R2_DisputedStatus_IsUncertain()
    {
        var result = Assess("TW", BuyerType.Business, "DE");
        Assert.Equal(CisgApplication.Uncertain, result.Cisg);
        Assert.Contains("cisgStatusDisputed", result.Flags);
    }

    [Fact]
    public void LegalUnits_AUsStateIsNamed_OrTheResultIsFlagged()
    {
        var unnamed = Assess("US", BuyerType.Business, "CN", choice: "US", source: ChoiceOfLawSource.Negotiated);
        Assert.Contains("subdivisionUnknown", unnamed.Flags);
        Assert.Equal("GB-SCT", Assess("FR", BuyerType.Business, "GB", sellerUnit: "SCT").GoverningLaw);
    }

    [Fact]
    public void Reasons_AreGivenInBothLanguages()
    {
        var result = Assess("DE", BuyerType.Consumer, "CN");
        Assert.All(result.Reasons, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.En));
            Assert.Contains(r.Zh, c => c >= '\u4e00' && c <= '\u9fff');
        });
    }
}

public class LegalDataFileTests
{
    private static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "Data", "legal-data.json");

    [Fact]
    public void TheServicesDataFile_LoadsAndIsConsistent()
    {
        var data = LegalDataFile.Load(FilePath);
        Assert.Equal(27, data.EuMemberStates.Count);
        Assert.Empty(data.EuMemberStates.Intersect(data.EeaNonEuStates));
        Assert.All(data.CisgStates.Values, s => Assert.True(s.InForceFrom.Year >= 1988, $"{s.Country} has no plausible date"));
        Assert.DoesNotContain("GB", data.CisgStates.Keys);
        Assert.DoesNotContain("IE", data.CisgStates.Keys);
        Assert.DoesNotContain("MT", data.CisgStates.Keys);
        Assert.All(new[] { "CN", "US", "SG", "SK", "AM", "LA", "VC" }, c => Assert.True(data.HasArticle95(c, new DateOnly(2025, 1, 1)), c));
        Assert.False(data.HasArticle95("CZ", new DateOnly(2025, 1, 1)));
        Assert.True(data.CisgStates["SA"].Article92PartIIIExcluded);
        Assert.Equal(5, data.NordicArticle94.Count);
    }

    [Theory]
    [InlineData("\"euMemberStates\": [", "\"euMemberStates\": [ \"XX\",", "'XX' is not")]
    [InlineData("\"eeaNonEuStates\": [", "\"eeaNonEuStates\": [ \"FR\",", "FR is listed both in and outside the EU")]
    [InlineData("\"inForceFrom\": \"1988-01-01\"", "\"inForceFrom\": null", "has no entry-into-force date")]
    public void ABrokenDataFile_StopsTheServiceWithTheReason(string find, string replace, string expected)
    {
        var broken = Path.Combine(Path.GetTempPath(), $"legal-{Guid.NewGuid():N}.json");
        var text = File.ReadAllText(FilePath);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        File.WriteAllText(broken, text[..at] + replace + text[(at + find.Length)..]);
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => LegalDataFile.Load(broken));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
