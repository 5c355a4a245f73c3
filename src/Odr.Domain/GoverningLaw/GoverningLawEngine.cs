using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

/// <summary>
/// Suggests the law that governs a cross-border sale, following the ordered rules of governing-law.md: the reference
/// forum (rule F), the relationship (R1), the consumer rules of the forum's regime (R3), a choice of law (R4) or the
/// objective law (R5), the CISG layer (R2), and the overlays that always run (R6, R7). Deterministic and pure: the
/// same facts and data always give the same answer. It suggests; the arbitrator confirms.
/// </summary>
public sealed class GoverningLawEngine(LegalData data)
{
    public LegalData Data { get; } = data;

    public Assessment Assess(AssessmentRequest request)
    {
        var facts = new Facts(request, Data);
        var notes = new Notes();
        var consumerContract = request is { BuyerType: BuyerType.Consumer, SellerType: SellerType.Business };

        // Rule F: whose court, and so whose conflict rules.
        string primaryForum;
        string? otherForum;
        if (consumerContract)
        {
            primaryForum = request.Buyer.Country.Value;
            otherForum = request.Seller.Country.Value;
            notes.Reason("This is a consumer contract, so the consumer's home courts and their conflict rules come first (Brussels Ia Arts. 17–18 and equivalents).",
                "这是消费者合同，因此首先适用消费者住所地法院及其冲突规则（布鲁塞尔I条例重订版第17–18条及同类规定）。");
            if (request.Forum is { } clause && clause.Value != primaryForum)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("A forum clause agreed before the dispute does not take away the consumer's home courts.",
                    "争议发生前约定的管辖条款不能剥夺消费者在其住所地法院起诉的权利。");
            }
        }
        else if (request.Forum is { } forum)
        {
            primaryForum = forum.Value;
            otherForum = null;
            notes.Reason($"Between businesses the chosen forum or seat ({forum.Value}) decides which conflict rules apply.",
                $"商事主体之间，由约定的法院或仲裁地（{forum.Value}）决定适用哪一套冲突规则。");
        }
        else
        {
            primaryForum = request.Seller.Country.Value;
            otherForum = request.Buyer.Country.Value;
            notes.Reason("With no forum clause, the seller's (the defendant's) courts come first; the buyer's courts are checked too.",
                "没有管辖条款时，首先考虑卖方（被告）所在地法院，同时核对买方所在地法院的结论。");
        }

        var forumReasons = notes.Reasons.Count;
        var primaryRegime = Data.RegimeOf(primaryForum, request.ContractDate);
        var decision = DecideUnder(primaryRegime, primaryForum, facts, consumerContract, notes);
        var overlays = new List<MandatoryOverlay>(decision.Overlays) { ForumOverlay(primaryRegime, primaryForum, facts) };

        if (otherForum is not null && otherForum != primaryForum)
        {
            var otherRegime = Data.RegimeOf(otherForum, request.ContractDate);
            var other = DecideUnder(otherRegime, otherForum, facts, consumerContract, new Notes());
            overlays.Add(ForumOverlay(otherRegime, otherForum, facts));
            if (other.Law != decision.Law)
            {
                notes.Flag("forumDependent");
                notes.Reason($"A court in {otherForum} ({otherRegime}) would likely apply {other.Law} instead: the answer depends on where the case is heard.",
                    $"若由{otherForum}法院（{otherRegime}）审理，可能适用{other.Law}法律：结论取决于审理地。");
            }
        }

        // R6.3: an imposed outcome must respect the consumer's mandatory law within the EU (ADR Directive Art. 11).
        if (consumerContract && Data.IsEu(request.Buyer.Country.Value) && Data.IsEu(request.Seller.Country.Value))
        {
            overlays.Add(new MandatoryOverlay(facts.BuyerLaw, "an imposed (arbitral) outcome may not deprive the consumer of this law's mandatory protection",
                "Directive 2013/11/EU Art. 11"));
        }

        if (request.ChoiceOfLaw is not null && request.ChoiceOfLawSource == ChoiceOfLawSource.PlatformTerms)
        {
            notes.Flag("clauseMayNotBindSaleContract");
            notes.Lower(Confidence.Medium);
            notes.Reason("The clause is in the marketplace's terms, which may govern only the platform's relationship with each user, not the sale itself.",
                "该条款出自平台条款，可能只约束平台与用户之间的关系，而不约束买卖合同本身。");
        }
        if (facts.UnitAssumed)
        {
            notes.Flag("subdivisionUnknown");
            notes.Lower(Confidence.Medium);
            notes.Reason("A party's state or legal unit was not given; the result names the country or its default unit.",
                "未提供一方所在的州或法域，结果仅指明国家或其默认法域。");
        }

        var (cisg, cisgBasis) = CisgLayer(facts, primaryForum, decision.Law, notes);
        var basis = decision.Basis.Concat(cisgBasis).Distinct().ToList();
        notes.Lower(decision.Confidence);
        return new Assessment(
            primaryRegime,
            decision.Law,
            basis,
            cisg,
            cisg is CisgApplication.Applies or CisgApplication.FormationOnly ? decision.Law : null,
            overlays.Distinct().ToList(),
            notes.Confidence,
            notes.Flags,
            [.. notes.Reasons.Take(forumReasons), .. decision.Reasons, .. notes.Reasons.Skip(forumReasons)],
            Data.Version);
    }

    /// <summary>The governing law as a court applying <paramref name="regime"/> would find it (R3 for consumers, else R4/R5).</summary>
    private Decision DecideUnder(string regime, string forum, Facts facts, bool consumerContract, Notes notes)
    {
        var decision = new Decision(regime);
        if (consumerContract && ConsumerRule(decision, facts, notes))
        {
            return decision;
        }
        if (facts.Request.ChoiceOfLaw is { } choice)
        {
            ChosenLaw(decision, facts, choice, notes);
        }
        else
        {
            ObjectiveLaw(decision, facts, forum);
        }
        return decision;
    }

    // ---- R3: consumer contracts, per regime --------------------------------------------------------------------

    /// <summary>Applies the regime's consumer rule; false when it does not decide (an exclusion, or no targeting).</summary>
    private bool ConsumerRule(Decision d, Facts f, Notes notes)
    {
        var r = f.Request;
        var directs = r.SellerDirectsToBuyerCountry ?? YesNoUnknown.Unknown;
        switch (d.Regime)
        {
            case Regime.EuRomeI or Regime.UkRomeI or Regime.RomeConvention:
            {
                var article = d.Regime switch { Regime.UkRomeI => "UK Rome I Art. 6", Regime.RomeConvention => "Rome Convention Art. 5", _ => "Rome I Art. 6" };
                if (r.ContractType == ContractType.Carriage || (r.ContractType == ContractType.Services && r.ServicesExclusivelyOutsideConsumerCountry))
                {
                    notes.Flag("art6Excluded");
                    d.Reason($"{article}(4) excludes this contract (services supplied wholly abroad, or carriage): the general rules apply, with no consumer floor.",
                        $"{article}(4)将此类合同（完全在境外提供的服务或运输合同）排除在外：适用一般规则，不适用消费者保护底线。");
                    return false;
                }
                if (directs == YesNoUnknown.No)
                {
                    d.Lower(Confidence.Medium);
                    d.Reason($"The seller did not direct its business to the consumer's country ({article}(3)): the general rules apply, with no consumer floor.",
                        $"卖方未将经营活动指向消费者所在国（{article}(3)）：适用一般规则，不适用消费者保护底线。");
                    return false;
                }
                if (directs == YesNoUnknown.Unknown)
                {
                    notes.Flag("directingUncertain");
                    d.Lower(Confidence.Medium);
                    d.Reason("Whether the seller targeted the consumer's country is not known; the consumer rule is applied as the more protective reading.",
                        "不清楚卖方是否以消费者所在国为目标市场；按更有利于消费者的理解适用消费者规则。");
                }
                if (r.ChoiceOfLaw is not { } choice || choice.Value == f.BuyerLaw)
                {
                    d.Decide(f.BuyerLaw, $"{article}(1)");
                    d.Reason($"The seller directs its business to the consumer's country, so the law of the consumer's habitual residence ({f.BuyerLaw}) governs ({article}(1)).",
                        $"卖方将经营活动指向消费者所在国，因此适用消费者经常居所地法律（{f.BuyerLaw}）（{article}(1)）。");
                    return true;
                }
                var choiceArticle = d.Regime switch { Regime.UkRomeI => "UK Rome I Art. 3", Regime.RomeConvention => "Rome Convention Art. 3", _ => "Rome I Art. 3" };
                d.Decide(choice.Value, choiceArticle, $"{article}(2)");
                d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "non-derogable consumer protection", $"{article}(2)"));
                d.Reason($"The chosen law ({choice.Value}) governs, but it cannot take away the protection of the consumer's own law ({f.BuyerLaw}) ({article}(2)).",
                    $"适用所选择的法律（{choice.Value}），但不得剥夺消费者本国法律（{f.BuyerLaw}）给予的保护（{article}(2)）。");
                if (r.ChoiceOfLawSource != ChoiceOfLawSource.Negotiated)
                {
                    notes.Flag("unfairClauseRisk");
                    d.Basis.Add("CJEU C-191/15 VKI v Amazon EU");
                    d.Reason("A choice of law in standard terms that does not tell the consumer about this protection may be unfair (CJEU C-191/15).",
                        "格式条款中的法律选择若未告知消费者上述保护，可能构成不公平条款（欧盟法院C-191/15号案）。");
                }
                if (d.Regime == Regime.UkRomeI && choice.Country is { } chosenCountry && chosenCountry.Value != "GB")
                {
                    if (!Data.IsEea(chosenCountry.Value))
                    {
                        d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "CRA 2015 Pt 1 Ch 2", "CRA s.32"));
                        d.Reason("The Consumer Rights Act 2015's rules on goods still apply despite the choice of a non-EEA law (CRA s.32).",
                            "尽管选择了欧洲经济区以外的法律，英国《2015年消费者权利法》关于商品的规定仍然适用（第32条）。");
                    }
                    else
                    {
                        notes.Flag("craS32AmendmentUnverified");
                        d.Lower(Confidence.Medium);
                    }
                }
                return true;
            }
            case Regime.CnLal:
            {
                var activity = r.SellerBusinessActivityInBuyerCountry ?? directs;
                var placeOfProvision = f.SellerLaw;
                if (r.ConsumerElectsPlaceOfProvisionLaw
                    || (r is { ChoiceOfLaw: { } adopted, ChoiceOfLawSource: ChoiceOfLawSource.Negotiated } && adopted.Value == placeOfProvision))
                {
                    d.Decide(placeOfProvision, "LAL Art. 42");
                    d.Reason($"The consumer chose the law of the place where the goods or services are provided ({placeOfProvision}) (LAL Art. 42).",
                        $"消费者选择适用商品或服务提供地法律（{placeOfProvision}）（《涉外民事关系法律适用法》第42条）。");
                }
                else if (activity == YesNoUnknown.No)
                {
                    d.Decide(placeOfProvision, "LAL Art. 42", "LAL Art. 6");
                    notes.Flag("cnPlaceOfProvisionAmbiguous");
                    d.Lower(Confidence.Medium);
                    d.Reason($"The business has no relevant operations where the consumer lives, so the law of the place of provision ({placeOfProvision}) governs; for cross-border dispatch that place is debated (LAL Art. 42).",
                        $"经营者在消费者经常居所地没有从事相关经营活动，故适用商品或服务提供地法律（{placeOfProvision}）；跨境发货时提供地如何认定尚有争议（第42条）。");
                }
                else
                {
                    d.Decide(f.BuyerLaw, "LAL Art. 42");
                    if (activity == YesNoUnknown.Unknown)
                    {
                        d.Lower(Confidence.Medium);
                    }
                    d.Reason($"A consumer contract is governed by the law of the consumer's habitual residence ({f.BuyerLaw}) (LAL Art. 42).",
                        $"消费者合同适用消费者经常居所地法律（{f.BuyerLaw}）（第42条）。");
                }
                if (r.ChoiceOfLaw is { } imposed && imposed.Value != d.Law)
                {
                    notes.Flag("cnBusinessChoiceInB2c");
                    d.Lower(Confidence.Medium);
                    d.Reason($"A choice of {imposed.Value} imposed by the business is not given effect: only the consumer may choose, and only the place-of-provision law (LAL Art. 42).",
                        $"经营者单方设定的{imposed.Value}法律选择不予适用：只有消费者可以选择，且只能选择提供地法律（第42条）。");
                }
                return true;
            }
            case Regime.JpAgral:
            {
                d.Lower(Confidence.Medium);
                if (r.ChoiceOfLaw is { } choice && choice.Value != f.BuyerLaw)
                {
                    d.Decide(choice.Value, "AGRAL Art. 7", "AGRAL Art. 11(1)");
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "mandatory consumer provisions the consumer invokes", "AGRAL Art. 11(1)", RequiresConsumerInvocation: true));
                    d.Reason($"The chosen law ({choice.Value}) governs; the consumer may still invoke the mandatory provisions of {f.BuyerLaw} (AGRAL Art. 11(1)).",
                        $"适用所选择的法律（{choice.Value}）；消费者仍可主张适用{f.BuyerLaw}的强制性规定（《法律适用通则法》第11条第1款）。");
                }
                else
                {
                    d.Decide(f.BuyerLaw, "AGRAL Art. 11(2)");
                    d.Reason($"With no choice, the law of the consumer's habitual residence ({f.BuyerLaw}) governs (AGRAL Art. 11(2)).",
                        $"未选择法律时，适用消费者经常居所地法律（{f.BuyerLaw}）（第11条第2款）。");
                }
                return true;
            }
            case Regime.KrPila or Regime.RuCc:
            {
                var article = d.Regime == Regime.KrPila ? "PILA Art. 47" : "Civil Code Art. 1212";
                if (directs == YesNoUnknown.No)
                {
                    return false;
                }
                d.Lower(Confidence.Medium);
                if (r.ChoiceOfLaw is { } choice && choice.Value != f.BuyerLaw)
                {
                    d.Decide(choice.Value, article);
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "mandatory consumer protection of the consumer's country", article));
                    d.Reason($"The chosen law ({choice.Value}) governs but cannot deprive the consumer of the mandatory protection of {f.BuyerLaw} ({article}).",
                        $"适用所选择的法律（{choice.Value}），但不得剥夺消费者依{f.BuyerLaw}享有的强制性保护（{article}）。");
                }
                else
                {
                    d.Decide(f.BuyerLaw, article);
                    d.Reason($"The business targeted the consumer's country, so the consumer's law ({f.BuyerLaw}) governs ({article}).",
                        $"经营者以消费者所在国为目标市场，因此适用消费者本国法律（{f.BuyerLaw}）（{article}）。");
                }
                return true;
            }
            case Regime.UsState:
            {
                d.Lower(Confidence.Low);
                notes.Flag("usStateLawVaries");
                if (f.BuyerLaw == "US-NY")
                {
                    d.Decide("US-NY", "NY UCC § 1-301");
                    d.Reason("New York's UCC § 1-301 applies New York law to a consumer resident in New York.",
                        "纽约州《统一商法典》第1-301条规定，居住在纽约州的消费者适用纽约州法律。");
                    return true;
                }
                if (r.ChoiceOfLaw is { } choice)
                {
                    d.Decide(choice.Value, "UCC § 1-301(a)", "Restatement (Second) Conflict of Laws § 187");
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "non-waivable consumer statutes where a fundamental policy", "Restatement (Second) Conflict of Laws § 187(2)(b)"));
                    CheckReasonableRelation(choice, f, notes, d);
                    d.Reason($"The chosen law ({choice.Value}) governs if the sale bears a reasonable relation to it; the consumer's state may still apply its fundamental consumer policies.",
                        $"若交易与所选法律（{choice.Value}）有合理联系则适用该法；消费者所在州仍可适用其基本消费者保护政策。");
                }
                else
                {
                    d.Decide(f.BuyerLaw, "UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188");
                    d.Reason($"With no choice, a US court would likely apply the law of the state with the most significant relationship, the consumer's ({f.BuyerLaw}).",
                        $"未选择法律时，美国法院很可能适用关系最密切的州法律，即消费者所在州（{f.BuyerLaw}）。");
                }
                return true;
            }
            case Regime.SgCommonLaw:
            {
                d.Lower(Confidence.Medium);
                if (r.ChoiceOfLaw is { } choice)
                {
                    d.Decide(choice.Value, "common law: express choice");
                    if (r.Buyer.Country.Value == "SG")
                    {
                        d.Overlays.Add(new MandatoryOverlay("SG", "Unfair Contract Terms Act", "UCTA s.27(2)"));
                    }
                    d.Reason($"Singapore gives effect to the express choice ({choice.Value}); its Unfair Contract Terms Act still protects a consumer resident there.",
                        $"新加坡承认明示选择的法律（{choice.Value}）；其《不公平合同条款法》仍保护在当地居住的消费者。");
                }
                else
                {
                    d.Decide(f.BuyerLaw, "common law: closest and most real connection");
                    d.Reason($"With no choice, the law with the closest and most real connection applies, likely the consumer's ({f.BuyerLaw}).",
                        $"未选择法律时，适用关系最密切、最真实的法律，很可能是消费者所在地法律（{f.BuyerLaw}）。");
                }
                return true;
            }
            default:
            {
                notes.Flag("genericRegime");
                d.Lower(Confidence.Low);
                d.Decide(r.ChoiceOfLaw?.Value ?? f.SellerLaw, r.ChoiceOfLaw is null ? "closest connection (characteristic performance)" : "party autonomy");
                d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "the consumer's mandatory protection (advisory)", "consumer protection of the consumer's country"));
                d.Reason($"The engine has no specific rules for courts in {d.Regime} here; it applies the closest connection and treats the consumer's own law ({f.BuyerLaw}) as a floor.",
                    $"本引擎没有该法院地的具体规则；按最密切联系原则处理，并以消费者本国法律（{f.BuyerLaw}）作为保护底线。");
                return true;
            }
        }
    }

    // ---- R4 / R5 -------------------------------------------------------------------------------------------------

    private static void ChosenLaw(Decision d, Facts f, LawCode choice, Notes notes)
    {
        if (choice.Country is null)
        {
            notes.Flag("nonStateRules");
            d.Lower(Confidence.Medium);
            d.Decide(choice.Value, "Hague Principles Art. 3");
            d.Reason($"The parties chose non-state rules ({choice.Value}); businesses may do so, in arbitration in particular (Hague Principles Art. 3).",
                $"当事人选择了非国家法规则（{choice.Value}）；商事主体可以这样选择，尤其是在仲裁中（《海牙原则》第3条）。");
            return;
        }
        var basis = d.Regime switch
        {
            Regime.EuRomeI => ["Rome I Art. 3"],
            Regime.UkRomeI => ["UK Rome I Art. 3"],
            Regime.RomeConvention => ["Rome Convention Art. 3"],
            Regime.CnLal => ["LAL Art. 3", "LAL Art. 41"],
            Regime.JpAgral => ["AGRAL Art. 7"],
            Regime.KrPila => ["PILA Art. 45"],
            Regime.RuCc => ["Civil Code Art. 1210"],
            Regime.UsState => ["UCC § 1-301(a)", "Restatement (Second) Conflict of Laws § 187"],
            Regime.SgCommonLaw => ["common law: express choice"],
            _ => new[] { "party autonomy (Hague Principles Art. 2)" },
        };
        d.Decide(choice.Value, basis);
        if (d.Regime == Regime.UsState)
        {
            CheckReasonableRelation(choice, f, notes, d);
        }
        if (d.Regime == Regime.Generic)
        {
            d.Lower(Confidence.Low);
            notes.Flag("genericRegime");
        }
        d.Reason($"The parties chose {choice.Value}, and that choice governs the contract ({string.Join("; ", basis)}).",
            $"当事人选择了{choice.Value}法律，合同适用该选择（{string.Join("；", basis)}）。");
    }

    private static void ObjectiveLaw(Decision d, Facts f, string forum)
    {
        var r = f.Request;
        if (d.Regime == Regime.UsState && (r.Buyer.Country.Value == forum || r.Seller.Country.Value == forum))
        {
            // UCC § 1-301(b): absent agreement, a US court applies its own state's code to a sale with an appropriate relation to it.
            var forumLaw = r.Seller.Country.Value == forum ? f.SellerLaw : f.BuyerLaw;
            d.Decide(forumLaw, "UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188");
            d.Lower(Confidence.Medium);
            d.Reason($"With no choice, a US court applies its own state's Uniform Commercial Code to a sale with an appropriate relation to that state ({forumLaw}).",
                $"未选择法律时，美国法院对与本州有适当联系的买卖适用本州《统一商法典》（{forumLaw}）。");
            return;
        }
        var goods = r.ContractType is ContractType.Goods or ContractType.Mixed or ContractType.Auction;
        var basis = d.Regime switch
        {
            Regime.EuRomeI => [goods ? "Rome I Art. 4(1)(a)" : "Rome I Art. 4(1)(b)"],
            Regime.UkRomeI => [goods ? "UK Rome I Art. 4(1)(a)" : "UK Rome I Art. 4(1)(b)"],
            Regime.RomeConvention => ["Rome Convention Art. 4(2)"],
            Regime.CnLal => ["LAL Art. 41"],
            Regime.JpAgral => ["AGRAL Art. 8"],
            Regime.KrPila => ["PILA Art. 46"],
            Regime.RuCc => ["Civil Code Art. 1211"],
            Regime.UsState => ["UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188"],
            Regime.SgCommonLaw => ["common law: closest and most real connection"],
            _ => new[] { "closest connection (characteristic performance)" },
        };
        d.Decide(f.SellerLaw, basis);
        if (d.Regime is Regime.UsState or Regime.SgCommonLaw)
        {
            d.Lower(Confidence.Medium);
        }
        if (d.Regime == Regime.Generic)
        {
            d.Lower(Confidence.Low);
        }
        d.Reason(goods
                ? $"With no effective choice, a sale of goods is governed by the law of the seller's habitual residence ({f.SellerLaw}), the party whose performance characterises the contract."
                : $"With no effective choice, a contract for services or digital content is governed by the law of the provider's habitual residence ({f.SellerLaw}).",
            goods
                ? $"没有有效的法律选择时，货物买卖适用卖方经常居所地法律（{f.SellerLaw}），即履行最能体现合同特征一方的法律。"
                : $"没有有效的法律选择时，服务或数字内容合同适用提供方经常居所地法律（{f.SellerLaw}）。");
    }

    private static void CheckReasonableRelation(LawCode choice, Facts f, Notes notes, Decision d)
    {
        var country = choice.Country?.Value;
        if (country != f.Request.Buyer.Country.Value && country != f.Request.Seller.Country.Value)
        {
            notes.Flag("choiceMayLackReasonableRelation");
            d.Lower(Confidence.Low);
        }
    }

    // ---- R2: the CISG ------------------------------------------------------------------------------------------

    private (CisgApplication Cisg, IReadOnlyList<string> Basis) CisgLayer(Facts f, string forum, string governingLaw, Notes notes)
    {
        var r = f.Request;
        var date = r.ContractDate;
        (CisgApplication, IReadOnlyList<string>) No(string basis, string en, string zh)
        {
            notes.Reason(en, zh);
            return (CisgApplication.DoesNotApply, [basis]);
        }

        if (r.ContractType is ContractType.Services or ContractType.Carriage or ContractType.PackageTravel)
        {
            return No("CISG Art. 3", "The CISG covers sales of goods, not services.", "《联合国国际货物销售合同公约》（CISG）只适用于货物买卖，不适用于服务。");
        }
        if (r.ContractType == ContractType.DigitalContent)
        {
            notes.Flag("digitalGoodsCisgContested");
            return No("CISG Art. 3", "Whether the CISG covers digital content is contested; it is treated as not applying.",
                "CISG是否适用于数字内容存在争议；此处按不适用处理。");
        }
        if (r.BuyerType == BuyerType.Consumer && (r.BuyerPurposePersonalKnown ?? YesNoUnknown.Yes) != YesNoUnknown.No)
        {
            return No("CISG Art. 2(a)", "The CISG does not apply to goods bought for personal, family or household use (Art. 2(a)).",
                "CISG不适用于购买供私人、家人或家庭使用的货物（第2条(a)项）。");
        }
        if (r.ContractType == ContractType.Auction)
        {
            notes.Flag("onlineAuctionCharacterisation");
            return No("CISG Art. 2(b)", "The CISG does not apply to sales by auction (Art. 2(b)); whether an online auction is one is debated.",
                "CISG不适用于拍卖（第2条(b)项）；网上拍卖是否属于拍卖尚有争议。");
        }
        if (r.CisgExpresslyExcluded)
        {
            return No("CISG Art. 6", "The parties excluded the CISG (Art. 6).", "当事人排除了CISG的适用（第6条）。");
        }
        if (r.ChoiceOfLaw is { Country: { } chosen } && !Data.IsCisgState(chosen.Value, date))
        {
            return No("CISG Art. 6", $"Choosing the law of a non-Contracting State ({chosen.Value}) excludes the CISG (Art. 6; CISG-AC Opinion 16).",
                $"选择非缔约国（{chosen.Value}）的法律即排除了CISG（第6条；CISG咨询委员会第16号意见）。");
        }
        var buyer = r.Buyer.Country.Value;
        var seller = r.Seller.Country.Value;
        if (buyer == seller)
        {
            return No("CISG Art. 1(1)", "Both parties are in the same state: the sale is not international.", "双方位于同一国家：该买卖不具有国际性。");
        }
        if (Data.CisgStatusDisputed.Contains(buyer) || Data.CisgStatusDisputed.Contains(seller))
        {
            notes.Flag("cisgStatusDisputed");
            notes.Lower(Confidence.Medium);
            notes.Reason("A party is in a place whose CISG status is disputed.", "一方所在地的CISG缔约地位存在争议。");
            return (CisgApplication.Uncertain, ["CISG Art. 1"]);
        }

        var buyerState = Data.IsCisgState(buyer, date);
        var sellerState = Data.IsCisgState(seller, date);
        if (buyerState && sellerState)
        {
            if (Data.CisgStates[buyer].Article92PartIIIExcluded || Data.CisgStates[seller].Article92PartIIIExcluded)
            {
                notes.Reason("A party's state is not bound by the CISG's Part III (Art. 92): only its rules on formation apply.",
                    "一方所在国声明不受CISG第三部分约束（第92条）：只适用关于合同订立的规则。");
                return (CisgApplication.FormationOnly, ["CISG Art. 1(1)(a)", "CISG Art. 92"]);
            }
            if (Data.NordicArticle94.Contains(buyer) && Data.NordicArticle94.Contains(seller))
            {
                return No("CISG Art. 94", "Trade between the Nordic states is excluded by their Art. 94 declarations.",
                    "北欧国家之间的贸易依其第94条声明排除CISG。");
            }
            var basis = new List<string> { "CISG Art. 1(1)(a)" };
            if (r.ChoiceOfLaw is not null)
            {
                basis.Add("CISG Art. 6");
                notes.Reason("Choosing the law of a Contracting State does not exclude the CISG (CISG-AC Opinion 16).",
                    "选择缔约国的法律并不排除CISG（CISG咨询委员会第16号意见）。");
                if (buyer == "CN" || seller == "CN" || forum == "CN")
                {
                    notes.Flag("cnCourtPracticeVaries");
                }
            }
            if (r.ContractType == ContractType.Mixed)
            {
                notes.Flag("mixedContract");
                notes.Lower(Confidence.Medium);
            }
            notes.Reason($"Both parties are in CISG Contracting States, so the CISG governs the sale (Art. 1(1)(a)); {governingLaw} fills its gaps.",
                $"双方均位于CISG缔约国，因此该买卖适用CISG（第1条第1款(a)项）；其未规定的事项适用{governingLaw}法律。");
            return (CisgApplication.Applies, basis);
        }

        // R2.6: one party outside; Art. 1(1)(b) via the law the conflict rules found, unless an Art. 95 reservation bars it.
        var lawCountry = LawCode.TryParse(governingLaw, out var law) ? law.Country?.Value : null;
        if (lawCountry is null || !Data.IsCisgState(lawCountry, date))
        {
            return No("CISG Art. 1(1)", "A party is not in a Contracting State and the applicable law is not a Contracting State's: the CISG does not apply.",
                "一方不在缔约国，且适用的法律也不是缔约国法律：CISG不适用。");
        }
        notes.Lower(Confidence.Medium);
        if (Data.HasArticle95(forum, date) || Data.HasArticle95(lawCountry, date))
        {
            return No("CISG Art. 95", $"The CISG could apply only through Art. 1(1)(b), which an Art. 95 reservation ({(Data.HasArticle95(lawCountry, date) ? lawCountry : forum)}) excludes.",
                $"CISG只能通过第1条第1款(b)项适用，而第95条保留（{(Data.HasArticle95(lawCountry, date) ? lawCountry : forum)}）排除了这一途径。");
        }
        notes.Reason($"The conflict rules lead to the law of a Contracting State ({lawCountry}), so the CISG applies (Art. 1(1)(b)).",
            $"冲突规则指向缔约国（{lawCountry}）的法律，因此适用CISG（第1条第1款(b)项）。");
        return (CisgApplication.Applies, ["CISG Art. 1(1)(b)"]);
    }

    // ---- R6.1 ----------------------------------------------------------------------------------------------------

    private MandatoryOverlay ForumOverlay(string regime, string forum, Facts f)
    {
        var law = forum == f.Request.Buyer.Country.Value ? f.BuyerLaw
            : forum == f.Request.Seller.Country.Value ? f.SellerLaw
            : Data.LawOf(CountryCode.Parse(forum), null).Law;
        var basis = regime switch
        {
            Regime.EuRomeI => "Rome I Art. 9(2)",
            Regime.UkRomeI => "UK Rome I Art. 9(2)",
            Regime.RomeConvention => "Rome Convention Art. 7(2)",
            Regime.CnLal => "LAL Art. 4",
            _ => "overriding mandatory rules of the forum",
        };
        return new MandatoryOverlay(law, "overriding mandatory provisions of the forum", basis);
    }

    // ---- working state ----------------------------------------------------------------------------------------

    private sealed class Facts
    {
        public Facts(AssessmentRequest request, LegalData data)
        {
            Request = request;
            var (buyerLaw, buyerAssumed) = data.LawOf(request.Buyer.Country, request.Buyer.Subdivision);
            var (sellerLaw, sellerAssumed) = data.LawOf(request.Seller.Country, request.Seller.Subdivision);
            BuyerLaw = buyerLaw;
            SellerLaw = sellerLaw;
            UnitAssumed = (buyerAssumed && data.LegalUnits[request.Buyer.Country.Value].Required)
                || (sellerAssumed && data.LegalUnits[request.Seller.Country.Value].Required);
        }

        public AssessmentRequest Request { get; }

        public string BuyerLaw { get; }

        public string SellerLaw { get; }

        public bool UnitAssumed { get; }
    }

    private sealed class Decision(string regime)
    {
        public string Regime { get; } = regime;
        public string Law { get; private set; } = "";
        public List<string> Basis { get; } = [];
        public List<MandatoryOverlay> Overlays { get; } = [];
        public List<Reason> Reasons { get; } = [];
        public Confidence Confidence { get; private set; } = Confidence.High;

        public void Decide(string law, params IEnumerable<string> basis)
        {
            Law = law;
            Basis.AddRange(basis);
        }

        public void Reason(string en, string zh) => Reasons.Add(new Reason(en, zh));

        public void Lower(Confidence to) => Confidence = (Confidence)Math.Max((int)Confidence, (int)to);
    }

    private sealed class Notes
    {
        private readonly List<string> _flags = [];

        public List<Reason> Reasons { get; } = [];

        public IReadOnlyList<string> Flags => _flags;

        public Confidence Confidence { get; private set; } = Confidence.High;

        public void Flag(string flag)
        {
            if (!_flags.Contains(flag))
            {
                _flags.Add(flag);
            }
        }

        public void Reason(string en, string zh) => Reasons.Add(new Reason(en, zh));

        public void Lower(Confidence to) => Confidence = (Confidence)Math.Max((int)Confidence, (int)to);
    }
}
