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
        YesNoUnknown? purposeKnown = null, bool consumerElects = false, YesNoUnknown? activity = null, string? forum = null,
        CarriageKind? carriage = null, string? from = null, string? to = null) =>
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
            CarriageKind = carriage,
            CarriageFrom = from is null ? null : CountryCode.Parse(from),
            CarriageTo = to is null ? null : CountryCode.Parse(to),
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
    public void R63_AdrDirectiveArt11_WhenRomeIArt6ChoseTheLaw_AddsTheOverlay()
    {
        // Directive 2013/11/EU Art. 11(1)(b): the law was found under Rome I Art. 6(1)-(2).
        var result = Assess("FR", BuyerType.Consumer, "DE", choice: "DE");
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "FR", Basis: "Directive 2013/11/EU Art. 11" } && o.Scope.Contains("11(1)(b)", StringComparison.Ordinal));
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "FR", Basis: "Rome I Art. 6(2)" });
        Assert.Contains(Assess("FR", BuyerType.Consumer, "DE").MandatoryOverlays, o => o.Basis == "Directive 2013/11/EU Art. 11");
    }

    [Theory]
    [InlineData(YesNoUnknown.No, ContractType.Goods, false)]       // Rome I Art. 6(3): no targeting
    [InlineData(YesNoUnknown.Yes, ContractType.Services, true)]    // Rome I Art. 6(4)(a): services supplied wholly abroad
    [InlineData(YesNoUnknown.Yes, ContractType.Carriage, false)]   // Rome I Art. 6(4)(b): carriage
    public void R63_AdrDirectiveArt11_UnderRomeIArt6_3Or6_4_AddsNothing(YesNoUnknown directs, ContractType type, bool servicesAbroad)
    {
        var result = Engine.Assess(new AssessmentRequest
        {
            ContractDate = new DateOnly(2025, 6, 1),
            Buyer = new PartyFacts(CountryCode.Parse("FR"), null),
            BuyerType = BuyerType.Consumer,
            Seller = new PartyFacts(CountryCode.Parse("DE"), null),
            SellerType = SellerType.Business,
            SellerDirectsToBuyerCountry = directs,
            ContractType = type,
            ServicesExclusivelyOutsideConsumerCountry = servicesAbroad,
            ChoiceOfLaw = LawCode.Parse("DE"),
        });
        Assert.DoesNotContain(result.MandatoryOverlays, o => o.Basis.StartsWith("Directive 2013/11/EU", StringComparison.Ordinal));
    }

    [Fact]
    public void R63_AdrDirectiveArt11_UnderTheRomeConvention_IsParagraph1c()
    {
        // Denmark applies the Rome Convention; Art. 11(1)(c) refers to its Art. 5(1)-(3).
        var result = Assess("DK", BuyerType.Consumer, "DE");
        Assert.Contains(result.MandatoryOverlays, o => o.Basis == "Directive 2013/11/EU Art. 11" && o.Scope.Contains("11(1)(c)", StringComparison.Ordinal));
    }

    [Fact]
    public void CraS32_AsAmendedFrom2021_AnEeaLawChoiceNoLongerEscapesIt()
    {
        // CRA 2015 s.32 as amended by SI 2018/1326 (in force at IP completion day): any law other than the UK's.
        var result = Assess("GB", BuyerType.Consumer, "DE", buyerUnit: "NIR", choice: "DE");
        Assert.Equal("DE", result.GoverningLaw);
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "GB-NIR", Basis: "CRA s.32" });
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "GB-NIR", Basis: "UK Rome I Art. 6(2)" });
        Assert.Equal(Confidence.High, result.Confidence);
    }

    [Fact]
    public void CraS32_October2015To2020_AppliesUnderTheEuRomeILabel_ToNonEeaChoicesOnly()
    {
        // CRA s.32 enacted text, in force 1 Oct 2015 (SI 2015/1630); a UK court then applied Rome I itself.
        var prc = Assess("GB", BuyerType.Consumer, "CN", buyerUnit: "ENG", choice: "CN", date: "2018-03-01");
        Assert.Equal(Regime.EuRomeI, prc.ReferenceRegime);
        Assert.Contains(prc.MandatoryOverlays, o => o is { Law: "GB-EAW", Basis: "CRA s.32" });
        var german = Assess("GB", BuyerType.Consumer, "DE", buyerUnit: "ENG", choice: "DE", date: "2018-03-01");
        Assert.DoesNotContain(german.MandatoryOverlays, o => o.Basis == "CRA s.32");
        Assert.Contains(german.MandatoryOverlays, o => o is { Law: "GB-EAW", Basis: "Rome I Art. 6(2)" });
        var beforeTheAct = Assess("GB", BuyerType.Consumer, "CN", buyerUnit: "ENG", choice: "CN", date: "2015-09-30");
        Assert.DoesNotContain(beforeTheAct.MandatoryOverlays, o => o.Basis == "CRA s.32");
    }

    [Fact]
    public void CraS32_CoversSalesOfGoodsOnly()
    {
        // s.32 sits in Part 1 Chapter 2 (goods); services under a foreign law are left to UK Rome I Art. 6(2).
        var services = Assess("GB", BuyerType.Consumer, "CN", buyerUnit: "ENG", choice: "CN", type: ContractType.Services);
        Assert.DoesNotContain(services.MandatoryOverlays, o => o.Basis == "CRA s.32");
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
        Assert.Equal(CisgApplication.DoesNotApply, Assess("FR", BuyerType.Business, "FR").Cisg);
    }

    [Theory]
    [InlineData(ContractType.DigitalContent, "digitalGoodsCisgContested")] // CISG Art. 3 / "goods": downloaded software debated
    [InlineData(ContractType.Auction, "onlineAuctionCharacterisation")]    // CISG Art. 2(b): timed platform "auctions" debated
    public void R2_DebatedCharacterisations_AreUncertain_WithBothReadings(ContractType type, string flag)
    {
        var result = Assess("FR", BuyerType.Business, "CN", type: type);
        Assert.Equal((CisgApplication.Uncertain, Confidence.Medium), (result.Cisg, result.Confidence));
        Assert.Contains(flag, result.Flags);
        Assert.Contains(result.Reasons, r => r.Code is "cisgDigitalContentContested" or "cisgAuctionContested");
        // Where the CISG is out for another reason (a consumer's purchase), that reason decides and nothing is debated.
        Assert.Equal(CisgApplication.DoesNotApply, Assess("FR", BuyerType.Consumer, "CN", type: type).Cisg);
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
    public void R2_Taiwan_Article1bAppliesThroughAContractingStatesLaw_WhateverTaiwansStatus()
    {
        // CISG Art. 1(1)(b): a German seller's law (Rome I Art. 4(1)(a)) is a Contracting State's law.
        var viaGermanLaw = Assess("TW", BuyerType.Business, "DE");
        Assert.Equal(("DE", CisgApplication.Applies, Confidence.Medium), (viaGermanLaw.GoverningLaw, viaGermanLaw.Cisg, viaGermanLaw.Confidence));
        Assert.Contains("CISG Art. 1(1)(b)", viaGermanLaw.Basis);
        Assert.Contains("cisgStatusDisputed", viaGermanLaw.Flags);
        // Taiwanese law governs (a Taiwanese seller): only Taiwan's own status could bring the CISG in, and it is disputed.
        var taiwaneseLaw = Assess("DE", BuyerType.Business, "TW", forum: "TW");
        Assert.Equal(CisgApplication.Uncertain, taiwaneseLaw.Cisg);
        Assert.Contains("cisgStatusDisputed", taiwaneseLaw.Flags);
    }

    [Fact]
    public void LegalUnits_AUsStateIsNamed_OrTheResultIsFlagged()
    {
        var unnamed = Assess("US", BuyerType.Business, "CN", choice: "US", source: ChoiceOfLawSource.Negotiated);
        Assert.Contains("subdivisionUnknown", unnamed.Flags);
        Assert.Equal("GB-SCT", Assess("FR", BuyerType.Business, "GB", sellerUnit: "SCT").GoverningLaw);
    }

    [Fact]
    public void Reasons_AreCodes_WrittenInEachLanguageByTheLanguageLayer()
    {
        var result = Assess("DE", BuyerType.Consumer, "CN");
        Assert.Equal(["consumerCourtsBrusselsIa", "consumerResidenceLawRome", "cisgPersonalUse"], result.Reasons.Select(r => r.Code));
        Assert.Equal([new LawCode?(LawCode.Parse("DE")), null], result.Reasons[1].Args.Select(a => a as LawCode?));
        Assert.All(ReasonTexts.In("en", result.Reasons), text => Assert.DoesNotContain("{", text, StringComparison.Ordinal));
        Assert.Contains("the law of Germany", ReasonTexts.In("en", result.Reasons)[1], StringComparison.Ordinal);
        Assert.All(ReasonTexts.In("zh-Hans", result.Reasons), text => Assert.Contains(text, c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.Contains("德国", ReasonTexts.In("zh-Hans", result.Reasons)[1], StringComparison.Ordinal);
    }

    // ---- Rome I Art. 5: contracts of carriage -------------------------------------------------------------------

    [Theory]
    [InlineData("FR", "ES", "FR")] // the journey starts in the passenger's country: the passenger's law
    [InlineData("ES", "FR", "FR")] // or ends there
    [InlineData("DE", "ES", "DE")] // neither: the carrier's law
    public void RomeIArt5_2_Passengers_WithNoChoice(string from, string to, string law)
    {
        var result = Assess("FR", BuyerType.Consumer, "DE", type: ContractType.Carriage, carriage: CarriageKind.Passengers, from: from, to: to);
        Assert.Equal((law, Confidence.High), (result.GoverningLaw, result.Confidence));
        Assert.Contains("Rome I Art. 5(2)", result.Basis);
        Assert.Contains("Rome I Art. 6(4)(b)", result.Basis);
        Assert.DoesNotContain(result.Basis, b => b.StartsWith("Rome I Art. 4", StringComparison.Ordinal));
        Assert.Contains("art6Excluded", result.Flags);
    }

    [Fact]
    public void RomeIArt5_2_Passengers_AChoiceOutsideTheFiveLawsIsDisregarded()
    {
        // Rome I Art. 5(2) second subparagraph: passenger's or carrier's residence, carrier's central administration, departure, destination.
        var notListed = Assess("FR", BuyerType.Consumer, "DE", type: ContractType.Carriage, carriage: CarriageKind.Passengers, from: "FR", to: "ES", choice: "US-NY");
        Assert.Equal("FR", notListed.GoverningLaw);
        Assert.Contains("carriageChoiceNotPermitted", notListed.Flags);
        var destination = Assess("FR", BuyerType.Consumer, "DE", type: ContractType.Carriage, carriage: CarriageKind.Passengers, from: "FR", to: "ES", choice: "ES");
        Assert.Equal("ES", destination.GoverningLaw);
        Assert.Contains("Rome I Art. 3", destination.Basis);
    }

    [Theory]
    [InlineData("DE", "IT", "DE")] // Rome I Art. 5(1): place of receipt in the carrier's country
    [InlineData("FR", "IT", "IT")] // neither receipt, delivery nor consignor there: the agreed place of delivery
    public void RomeIArt5_1_Goods(string from, string to, string law)
    {
        var result = Assess("FR", BuyerType.Business, "DE", type: ContractType.Carriage, carriage: CarriageKind.Goods, from: from, to: to);
        Assert.Equal(law, result.GoverningLaw);
        Assert.Contains("Rome I Art. 5(1)", result.Basis);
        Assert.Equal(CisgApplication.DoesNotApply, result.Cisg);
    }

    [Fact]
    public void RomeIArt5_UnknownKindOrPlaces_AreFlaggedWithMediumConfidence()
    {
        var result = Assess("FR", BuyerType.Consumer, "DE", type: ContractType.Carriage);
        Assert.Contains("carriageKindAssumed", result.Flags);
        Assert.Contains("carriagePlacesUnknown", result.Flags);
        Assert.Equal(Confidence.Medium, result.Confidence);
    }

    [Fact]
    public void RomeI_PackageTravel_StaysUnderArt6()
    {
        // Rome I Art. 6(4)(b) carves package travel back into the consumer rule.
        var result = Assess("FR", BuyerType.Consumer, "DE", type: ContractType.PackageTravel, choice: "DE");
        Assert.Contains(result.MandatoryOverlays, o => o is { Law: "FR", Basis: "Rome I Art. 6(2)" });
        Assert.DoesNotContain("art6Excluded", result.Flags);
    }

    // ---- EU membership at the contract's date -----------------------------------------------------------------

    [Fact]
    public void Membership_AUkConsumersContractBefore2021WithAnEuTrader_GetsTheAdrDirectiveOverlay()
    {
        // Withdrawal Agreement Arts. 126, 127(1), 127(6): Union law, Directive 2013/11/EU included, applied to and in the UK
        // as a Member State until 31 Dec 2020; Rome I governs contracts concluded before then (Art. 66(a)), so the law is
        // found under Rome I Art. 6 and Art. 11(1)(b) follows it.
        var before = Assess("GB", BuyerType.Consumer, "FR", choice: "FR", buyerUnit: "ENG", date: "2020-12-31");
        Assert.Equal(Regime.EuRomeI, before.ReferenceRegime);
        Assert.Contains(before.MandatoryOverlays, o => o is { Law: "GB-EAW", Basis: "Directive 2013/11/EU Art. 11" } && o.Scope.Contains("11(1)(b)", StringComparison.Ordinal));
        Assert.Contains(before.Reasons, r => r.Code == "formerMemberStateAdr" && r.Args[0] is CountryCode { Value: "GB" });
        // The other way round, an EU consumer's pre-2021 contract with a UK trader, alike (Art. 11(1)(b)).
        Assert.Contains(Assess("FR", BuyerType.Consumer, "GB", sellerUnit: "ENG", date: "2019-06-01").MandatoryOverlays,
            o => o is { Law: "FR", Basis: "Directive 2013/11/EU Art. 11" });
    }

    [Fact]
    public void Membership_AUkConsumersContractFrom2021_HasNoAdrDirectiveOverlay()
    {
        // From 1 Jan 2021 the UK is a third country (Withdrawal Agreement Art. 126): UK Rome I, and no Directive 2013/11/EU.
        var after = Assess("GB", BuyerType.Consumer, "FR", choice: "FR", buyerUnit: "ENG", date: "2021-01-01");
        Assert.Equal(Regime.UkRomeI, after.ReferenceRegime);
        Assert.DoesNotContain(after.MandatoryOverlays, o => o.Basis.StartsWith("Directive 2013/11/EU", StringComparison.Ordinal));
        Assert.DoesNotContain(Assess("FR", BuyerType.Consumer, "GB", sellerUnit: "ENG", date: "2021-01-01").MandatoryOverlays,
            o => o.Basis.StartsWith("Directive 2013/11/EU", StringComparison.Ordinal));
    }

    [Fact]
    public void Membership_Croatia_IsAMemberStateFrom1July2013()
    {
        // Treaty of Accession 2012 Art. 3(3): Croatia joined on 1 Jul 2013; Rome I binds it from then (Act of Accession Art. 2),
        // so a Croatian court applies its own conflict rules to a contract concluded the day before.
        Assert.Equal(Regime.Generic, Assess("HR", BuyerType.Consumer, "CN", date: "2013-06-30").ReferenceRegime);
        Assert.Equal(Regime.EuRomeI, Assess("HR", BuyerType.Consumer, "CN", date: "2013-07-01").ReferenceRegime);
        // Directive 2013/11/EU Art. 11 needs both parties in Member States at the contract's date.
        Assert.DoesNotContain(Assess("DE", BuyerType.Consumer, "HR", date: "2013-06-30").MandatoryOverlays, o => o.Basis == "Directive 2013/11/EU Art. 11");
        Assert.Contains(Assess("DE", BuyerType.Consumer, "HR", date: "2013-07-01").MandatoryOverlays, o => o.Basis == "Directive 2013/11/EU Art. 11");
    }

    [Fact]
    public void Membership_EeaOutsideTheEu_ByItsDates()
    {
        // EEA Agreement in force 1 Jan 1994 for Iceland and Norway; for Liechtenstein 1 May 1995 (EEA Council Decision 1/95).
        Assert.True(Data.IsEea("NO", new DateOnly(1994, 1, 1)));
        Assert.False(Data.IsEea("LI", new DateOnly(1995, 4, 30)));
        Assert.True(Data.IsEea("LI", new DateOnly(1995, 5, 1)));
        Assert.False(Data.IsEu("NO", new DateOnly(2025, 1, 1)));
        // The UK counted in the EEA through its EU membership until the end of the transition period.
        Assert.True(Data.IsEea("GB", new DateOnly(2020, 12, 31)));
        Assert.False(Data.IsEea("GB", new DateOnly(2021, 1, 1)));
    }

    // ---- Rome Convention citations ------------------------------------------------------------------------------

    [Fact]
    public void RomeConvention_ConsumerWithoutChoiceIsArt5_3_WithChoiceArt5_2_CarriageArt5_4a()
    {
        var noChoice = Assess("DK", BuyerType.Consumer, "CN");
        Assert.Equal(("DK", Regime.RomeConvention), (noChoice.GoverningLaw, noChoice.ReferenceRegime));
        Assert.Contains("Rome Convention Art. 5(3)", noChoice.Basis);
        Assert.DoesNotContain("Rome Convention Art. 5(1)", noChoice.Basis);
        Assert.Contains(Assess("DK", BuyerType.Consumer, "CN", choice: "CN").MandatoryOverlays, o => o is { Law: "DK", Basis: "Rome Convention Art. 5(2)" });
        Assert.Contains("Rome Convention Art. 5(4)(a)", Assess("DE", BuyerType.Consumer, "FR", type: ContractType.Carriage, date: "2008-05-01").Basis);
    }

    // ---- Rome I Art. 4(2), UCC § 1-301 -------------------------------------------------------------------------

    [Theory]
    [InlineData(ContractType.Goods, "Rome I Art. 4(1)(a)")]
    [InlineData(ContractType.Services, "Rome I Art. 4(1)(b)")]
    [InlineData(ContractType.Mixed, "Rome I Art. 4(2)")]          // a mixed contract: the characteristic performer (Art. 4(2))
    [InlineData(ContractType.DigitalContent, "Rome I Art. 4(2)")] // goods, services or neither: Art. 4(2) either way
    public void RomeIArt4_TheParagraphFollowsTheContract(ContractType type, string basis)
    {
        Assert.Contains(basis, Assess("FR", BuyerType.Business, "DE", type: type, forum: "DE").Basis);
    }

    [Fact]
    public void UsForum_UccIsCitedOnlyForASaleWithAUsParty()
    {
        // UCC § 1-301 reaches transactions bearing a relation to the enacting state, and UCC Art. 2 covers goods only.
        var noUsParty = Assess("DE", BuyerType.Business, "CN", forum: "US");
        Assert.DoesNotContain(noUsParty.Basis, b => b.Contains("UCC", StringComparison.Ordinal));
        Assert.Contains("Restatement (Second) Conflict of Laws § 188", noUsParty.Basis);
        var chosenNoUsParty = Assess("DE", BuyerType.Business, "CN", forum: "US", choice: "CN", source: ChoiceOfLawSource.Negotiated);
        Assert.DoesNotContain(chosenNoUsParty.Basis, b => b.Contains("UCC", StringComparison.Ordinal));
        var services = Assess("US", BuyerType.Business, "GB", buyerUnit: "NY", sellerUnit: "ENG", type: ContractType.Services, forum: "US");
        Assert.DoesNotContain(services.Basis, b => b.Contains("UCC", StringComparison.Ordinal));
        Assert.Contains("UCC § 1-301(b)", Assess("US", BuyerType.Business, "GB", buyerUnit: "NY", sellerUnit: "ENG", forum: "US").Basis);
    }

    // ---- One State, several territories (CISG Art. 1(1)) -------------------------------------------------------

    [Theory]
    [InlineData("HK", "CN")]
    [InlineData("CN", "HK")]
    [InlineData("MO", "CN")]
    public void CisgArt1_1_HongKongMacaoAndTheMainlandAreOneState(string buyer, string seller)
    {
        var result = Assess(buyer, BuyerType.Business, seller, date: "2023-03-01");
        Assert.Equal(CisgApplication.DoesNotApply, result.Cisg);
        Assert.Contains("CISG Art. 1(1)", result.Basis);
    }

    // ---- CISG declarations (Arts. 92, 95, 96) ------------------------------------------------------------------

    [Theory]
    [InlineData("DK", "2013-01-31", true)]  // Denmark's Part II declaration until its withdrawal took effect (1 Feb 2013)
    [InlineData("DK", "2013-02-01", false)]
    [InlineData("FI", "2012-05-31", true)]  // Finland: 1 Jun 2012
    [InlineData("FI", "2012-06-01", false)]
    [InlineData("SE", "2012-11-30", true)]  // Sweden: 1 Dec 2012
    [InlineData("SE", "2012-12-01", false)]
    [InlineData("NO", "2014-10-31", true)]  // Norway: 1 Nov 2014
    [InlineData("NO", "2014-11-01", false)]
    [InlineData("IS", "2010-01-01", false)] // Iceland never made one
    public void CisgArt92_NordicPartIIDeclarations_ByDate(string nordic, string date, bool partIIExcluded)
    {
        var result = Assess("DE", BuyerType.Business, nordic, date: date);
        Assert.Equal(CisgApplication.Applies, result.Cisg);
        Assert.Equal(partIIExcluded, result.Flags.Contains("cisgPartIINotApplicable"));
        Assert.Equal(partIIExcluded, result.Basis.Contains("CISG Art. 92"));
    }

    [Theory]
    [InlineData("RU", "2025-06-01", true)]  // Russia's Art. 96 declaration (made by the USSR)
    [InlineData("AR", "2025-06-01", true)]
    [InlineData("CN", "2013-07-31", true)]  // China's, until its withdrawal took effect (Art. 97(4))
    [InlineData("CN", "2013-08-01", false)]
    [InlineData("FR", "2025-06-01", false)]
    public void CisgArt96_FormFreedomDoesNotApply_WhereAPartyIsInADeclaringState(string seller, string date, bool flagged)
    {
        var result = Assess("DE", BuyerType.Business, seller, date: date);
        Assert.Equal(CisgApplication.Applies, result.Cisg);
        Assert.Equal(flagged, result.Flags.Contains("cisgWritingRequirement"));
        Assert.Equal(flagged, result.Basis.Contains("CISG Art. 96"));
    }

    [Fact]
    public void CisgArt95_ArmeniasLimitedDeclaration_DoesNotBarArt1_1b()
    {
        // Armenia: no Art. 1(1)(b) only "to the parties that declare not to be bound by" it; an English buyer made none.
        var result = Assess("GB", BuyerType.Business, "AM", buyerUnit: "ENG");
        Assert.Equal(("AM", CisgApplication.Applies), (result.GoverningLaw, result.Cisg));
        Assert.Contains("CISG Art. 1(1)(b)", result.Basis);
    }

    [Fact]
    public void CisgArt95_ACourtOfAnArticle95StateApplyingAContractingStatesLaw_IsDebated()
    {
        // A US court (Art. 95) applying German law: not bound by Art. 1(1)(b), yet German courts would apply the CISG.
        var result = Assess("GB", BuyerType.Business, "DE", buyerUnit: "ENG", forum: "US");
        Assert.Equal(("DE", CisgApplication.Uncertain), (result.GoverningLaw, result.Cisg));
        Assert.Contains("article95ForumApplyingContractingStateLaw", result.Flags);
        Assert.NotEqual(Confidence.High, result.Confidence);
    }

    // ---- Non-State rules: a court and a tribunal read the choice differently ------------------------------------

    [Fact]
    public void NonStateRules_GiveTheTribunalsAndTheCourtsReadings_AtLowConfidence()
    {
        var result = Assess("DE", BuyerType.Business, "FR", choice: "UNIDROIT-PICC", source: ChoiceOfLawSource.Negotiated);
        Assert.Equal(("UNIDROIT-PICC", Confidence.Low), (result.GoverningLaw, result.Confidence));
        Assert.Contains("nonStateRulesCourtVersusTribunal", result.Flags);
        Assert.Contains(result.Reasons, r => r.Code == "nonStateRulesCourtRome" && r.Args.Contains("Rome I Recital 13") && r.Args.Contains(LawCode.Parse("FR")));
    }

    // ---- Explanations cite only what the reference regime applies ---------------------------------------------

    [Fact]
    public void Explanation_ForAChineseConsumer_CitesNoBrusselsIa_InEitherLanguage()
    {
        var result = Assess("CN", BuyerType.Consumer, "DE");
        Assert.DoesNotContain(result.Reasons, r => r.Code.EndsWith("BrusselsIa", StringComparison.Ordinal));
        Assert.DoesNotContain([.. ReasonTexts.In("en", result.Reasons), .. ReasonTexts.In("zh-Hans", result.Reasons)],
            text => text.Contains("Brussels", StringComparison.Ordinal) || text.Contains("布鲁塞尔", StringComparison.Ordinal));
        Assert.Contains(Assess("DE", BuyerType.Consumer, "CN").Reasons, r => r.Code == "consumerCourtsBrusselsIa");
    }

    /// <summary>The instruments each reference regime may cite; the CISG and the Hague Principles are cited under any.</summary>
    private static readonly Dictionary<string, string[]> Instruments = new()
    {
        [Regime.EuRomeI] = ["Rome I Art.", "Rome I Recital", "CJEU C-191/15", "Brussels Ia", "CRA s.32", "CJJA 1982", "Civil Jurisdiction and Judgments Act"],
        [Regime.UkRomeI] = ["UK Rome I", "CJEU C-191/15", "CRA s.32", "CJJA 1982", "Civil Jurisdiction and Judgments Act"],
        [Regime.RomeConvention] = ["Rome Convention", "CJEU C-191/15", "Brussels Ia"],
        [Regime.CnLal] = ["LAL Art."],
        [Regime.JpAgral] = ["AGRAL"],
        [Regime.KrPila] = ["PILA"],
        [Regime.RuCc] = ["Civil Code Art. 12"],
        [Regime.UsState] = ["UCC §", "NY UCC", "Restatement (Second)"],
        [Regime.SgCommonLaw] = ["common law", "UCTA"],
        [Regime.Generic] = ["closest connection", "party autonomy", "consumer protection of the consumer's country"],
    };

    private static readonly string[] Anywhere = ["CISG", "Hague Principles"];

    /// <summary>Each regime's instruments, as they appear in English reasons (not the regime codes, which name the other forum).</summary>
    private static readonly Dictionary<string, string> InstrumentNames = new()
    {
        ["Brussels Ia"] = "EU", ["Rome I"] = "Rome", ["Rome Convention"] = "Rome", ["LAL Art"] = Regime.CnLal, ["UCC"] = Regime.UsState,
        ["Restatement"] = Regime.UsState, ["AGRAL Art"] = Regime.JpAgral, ["PILA Art"] = Regime.KrPila, ["Civil Code Art. 12"] = Regime.RuCc,
        ["UCTA"] = Regime.SgCommonLaw, ["Consumer Rights Act"] = "GB", ["CRA s.32"] = "GB", ["CJJA"] = "GB",
        // The Chinese sentences name some instruments in Chinese and cite the rest as the English sentences do.
        ["布鲁塞尔"] = "EU", ["罗马公约"] = "Rome", ["消费者权利法"] = "GB", ["民事管辖与判决法"] = "GB",
        ["涉外民事关系法律适用法"] = Regime.CnLal, ["法律适用通则法"] = Regime.JpAgral, ["统一商法典"] = Regime.UsState,
        ["不公平合同条款法"] = Regime.SgCommonLaw,
    };

    public static TheoryData<string, string, BuyerType, string, string?, ContractType> CitationGrid()
    {
        var grid = new TheoryData<string, string, BuyerType, string, string?, ContractType>();
        string[] places = ["DE", "DK", "GB", "CN", "HK", "US", "JP", "KR", "RU", "SG", "BR", "TW"];
        foreach (var date in new[] { "2008-05-01", "2018-03-01", "2025-06-01" })
        {
            foreach (var buyer in places)
            {
                foreach (var seller in places.Where(p => p != buyer))
                {
                    foreach (var buyerType in new[] { BuyerType.Consumer, BuyerType.Business })
                    {
                        grid.Add(date, buyer, buyerType, seller, buyerType == BuyerType.Consumer ? seller : null, ContractType.Goods);
                    }
                }
            }
        }
        foreach (var type in Enum.GetValues<ContractType>())
        {
            grid.Add("2025-06-01", "FR", BuyerType.Consumer, "US", "US", type);
            grid.Add("2025-06-01", "US", BuyerType.Business, "CN", null, type);
        }
        return grid;
    }

    [Theory]
    [MemberData(nameof(CitationGrid))]
    public void EveryCitation_IsOneTheReferenceRegimesRulesDeclare(string date, string buyer, BuyerType buyerType, string seller, string? choice, ContractType type)
    {
        var result = Assess(buyer, buyerType, seller, choice: choice, type: type, date: date,
            buyerUnit: buyer switch { "US" => "NY", "GB" => "ENG", _ => null }, sellerUnit: seller switch { "US" => "CA", "GB" => "SCT", _ => null });
        var declared = Instruments[result.ReferenceRegime].Concat(Anywhere).ToList();
        foreach (var basis in result.Basis)
        {
            Assert.True(declared.Any(d => basis.StartsWith(d, StringComparison.Ordinal)), $"{result.ReferenceRegime} answer cites {basis}");
        }
        var forum = buyerType == BuyerType.Consumer ? buyer : seller;
        // The one reason that names the other court's regime by design (forumDependent) is not a citation of this one's.
        var cited = result.Reasons.Where(r => r.Code != "forumDependent").ToList();
        foreach (var reason in ReasonTexts.In("en", cited).Concat(ReasonTexts.In("zh-Hans", cited)))
        {
            foreach (var (name, owner) in InstrumentNames.Where(i => reason.Contains(i.Key, StringComparison.Ordinal)))
            {
                var allowed = owner switch
                {
                    "EU" => result.ReferenceRegime is Regime.EuRomeI or Regime.RomeConvention && forum != "GB",
                    "Rome" => Regime.IsRome(result.ReferenceRegime),
                    "GB" => forum == "GB",
                    _ => owner == result.ReferenceRegime,
                };
                Assert.True(allowed, $"{result.ReferenceRegime} ({forum}) explanation cites {name}: {reason}");
            }
        }
    }
}

public class LegalDataFileTests
{
    private static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "Data", "legal-data.json");

    [Fact]
    public void TheServicesDataFile_LoadsAndIsConsistent()
    {
        var data = LegalDataFile.Load(FilePath);
        Assert.Equal(27, data.EuMembership.Keys.Count(c => data.IsEu(c, new DateOnly(2025, 1, 1))));
        Assert.Equal(28, data.EuMembership.Keys.Count(c => data.IsEu(c, new DateOnly(2020, 12, 31))));
        Assert.Empty(data.EuMembership.Keys.Intersect(data.EeaNonEuMembership.Keys));
        Assert.All(data.CisgStates.Values, s => Assert.True(s.InForceFrom.Year >= 1988, $"{s.Country} has no plausible date"));
        Assert.DoesNotContain("GB", data.CisgStates.Keys);
        Assert.DoesNotContain("IE", data.CisgStates.Keys);
        Assert.DoesNotContain("MT", data.CisgStates.Keys);
        Assert.All(new[] { "CN", "US", "SG", "SK", "AM", "LA", "VC" }, c => Assert.True(data.HasArticle95(c, new DateOnly(2025, 1, 1)), c));
        Assert.False(data.HasArticle95("CZ", new DateOnly(2025, 1, 1)));
        Assert.True(data.CisgStates["SA"].Article92PartIIIExcluded);
        Assert.Equal(5, data.NordicArticle94.Count);
    }

    [Fact]
    public void TheServicesDataFile_HoldsTheReviewsCorrections()
    {
        var data = LegalDataFile.Load(FilePath);
        var day = new DateOnly(2025, 1, 1);
        Assert.True(data.HasArticle96("RU", day));                                         // Russia's Art. 96 declaration
        Assert.True(data.CisgStates["AM"].Article95OnlyTowardsArticle95States);            // Armenia's limited Art. 95 declaration
        Assert.False(data.Article95Bars("AM", day, "GB", "AM"));
        Assert.True(data.Article95Bars("US", day, "GB", "US"));
        Assert.Equal(("CN", "CN", "DE"), (data.StateOf("HK"), data.StateOf("MO"), data.StateOf("DE")));
        Assert.Equal(new DateOnly(2002, 6, 1), data.CisgStates["IS"].InForceFrom);         // Iceland acceded in 2001
        Assert.All(new[] { "DK", "FI", "SE", "NO" }, c => Assert.True(data.HasPartIIExclusion(c, new DateOnly(2011, 1, 1)), c));
        Assert.All(new[] { "DK", "FI", "SE", "NO", "IS" }, c => Assert.False(data.HasPartIIExclusion(c, new DateOnly(2015, 1, 1)), c));
        Assert.Equal((new DateOnly(2015, 10, 1), new DateOnly(2021, 1, 1)), (data.CraSection32.InForceFrom, data.CraSection32.AmendedFrom));
        Assert.Equal("GB-EAW", data.KnownLaw("GB-ENG")?.Value);
        Assert.Null(data.KnownLaw("US-ZZ"));
    }

    [Theory]
    [InlineData("\"states\": [\"HR\"]", "\"states\": [\"XX\"]", "'XX' is not")]
    [InlineData("\"states\": [\"LI\"]", "\"states\": [\"FR\"]", "FR is listed both in and outside the EU")]
    [InlineData("\"states\": [\"HR\"]", "\"states\": [\"HR\", \"AT\"]", "AT is listed twice as a member")]
    [InlineData("\"until\": \"2020-12-31\"", "\"until\": \"2020-01-31\"", "ukRomeIStartDate is not the next day")]
    [InlineData("\"source\": \"Treaty of Accession 2012", "\"note\": \"Treaty of Accession 2012", "(HR) has no states, no date or no source")]
    [InlineData("\"inForceFrom\": \"1988-01-01\"", "\"inForceFrom\": null", "has no entry-into-force date")]
    [InlineData("\"source\": \"Art. 96 declaration made by the USSR", "\"note\": \"Art. 96 declaration made by the USSR", "CISG state RU has a declaration without a source")]
    [InlineData("\"source\": \"Hong Kong SAR is part", "\"note\": \"Hong Kong SAR is part", "territory HK has no source")]
    [InlineData("\"state\": \"CN\"", "\"state\": \"XX\"", "'XX' is not")]
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
