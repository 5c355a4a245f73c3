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
            ConsumerForumReason(Data.RegimeOf(primaryForum, request.ContractDate), primaryForum, request.Forum, notes);
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

    /// <summary>
    /// Why the consumer's courts come first, in the terms of the procedural law those courts apply: Brussels Ia in the
    /// EU (Denmark by its 2005 agreement), the Civil Jurisdiction and Judgments Act 1982 in the UK for proceedings after
    /// 2020; elsewhere rule F's own reason, with no foreign instrument cited.
    /// </summary>
    private static void ConsumerForumReason(string regime, string forum, CountryCode? clause, Notes notes)
    {
        var clauseElsewhere = clause is { } c && c.Value != forum;
        if (forum == "GB")
        {
            notes.Reason("This is a consumer contract, so the consumer's home courts and their conflict rules come first (Civil Jurisdiction and Judgments Act 1982 ss.15B–15E).",
                "这是消费者合同，因此首先适用消费者住所地法院及其冲突规则（英国《1982年民事管辖与判决法》第15B–15E条）。");
            if (clauseElsewhere)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("A forum clause agreed before the dispute does not take away the consumer's home courts (CJJA 1982 ss.15B–15E).",
                    "争议发生前约定的管辖条款不能剥夺消费者在其住所地法院起诉的权利（《1982年民事管辖与判决法》第15B–15E条）。");
            }
        }
        else if (regime is Regime.EuRomeI or Regime.RomeConvention)
        {
            notes.Reason("This is a consumer contract, so the consumer's home courts and their conflict rules come first (Brussels Ia Arts. 17–18).",
                "这是消费者合同，因此首先适用消费者住所地法院及其冲突规则（布鲁塞尔I条例重订版第17–18条）。");
            if (clauseElsewhere)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("A forum clause agreed before the dispute does not take away the consumer's home courts (Brussels Ia Art. 19).",
                    "争议发生前约定的管辖条款不能剥夺消费者在其住所地法院起诉的权利（布鲁塞尔I条例重订版第19条）。");
            }
        }
        else
        {
            notes.Reason($"This is a consumer contract, so the consumer's home courts are taken as the reference forum, and their conflict rules ({regime}) come first; whether those courts take the case is for their own procedural law.",
                $"这是消费者合同，因此以消费者住所地法院为参照法院，首先适用其冲突规则（{regime}）；该法院是否受理由其本国程序法决定。");
            if (clauseElsewhere)
            {
                notes.Flag("forumClauseNotBindingOnConsumer");
                notes.Reason("A forum clause agreed before the dispute may not bind the consumer; whether it does is for the procedural law of the consumer's courts.",
                    "争议发生前约定的管辖条款未必约束消费者；是否约束由消费者住所地法院的程序法决定。");
            }
        }
    }

    /// <summary>The governing law as a court applying <paramref name="regime"/> would find it (R3 for consumers, else R4/R5).</summary>
    private Decision DecideUnder(string regime, string forum, Facts facts, bool consumerContract, Notes notes)
    {
        var decision = new Decision(regime);
        if (consumerContract && ConsumerRule(decision, facts, forum, notes))
        {
            return decision;
        }
        if (facts.Request.ChoiceOfLaw is { } choice && ChosenLaw(decision, facts, choice, forum, notes))
        {
            return decision;
        }
        ObjectiveLaw(decision, facts, forum, notes);
        return decision;
    }

    // ---- R3: consumer contracts, per regime --------------------------------------------------------------------

    /// <summary>The articles of the Rome instruments' consumer rule, as each instrument numbers them.</summary>
    private sealed record RomeConsumerArticles(string Rule, string NoChoice, string Floor, string Conditions, string CarriageExcluded,
        string ServicesAbroadExcluded, string Choice, string AdrParagraph)
    {
        public static RomeConsumerArticles For(string regime) => regime switch
        {
            // Rome I Art. 6(1) no choice, 6(2) the floor, 6(3) no targeting, 6(4)(a) services abroad, 6(4)(b) carriage
            // (package travel carved back); Directive 2013/11/EU Art. 11(1)(b) refers to Rome I Art. 6(1)-(2).
            Regime.EuRomeI => new("Rome I Art. 6", "Rome I Art. 6(1)", "Rome I Art. 6(2)", "Rome I Art. 6(3)", "Rome I Art. 6(4)(b)",
                "Rome I Art. 6(4)(a)", "Rome I Art. 3", "Art. 11(1)(b)"),
            Regime.UkRomeI => new("UK Rome I Art. 6", "UK Rome I Art. 6(1)", "UK Rome I Art. 6(2)", "UK Rome I Art. 6(3)", "UK Rome I Art. 6(4)(b)",
                "UK Rome I Art. 6(4)(a)", "UK Rome I Art. 3", "Art. 11(1)(b)"),
            // Rome Convention Art. 5: 5(1) is the definition, 5(2) the floor under a choice (and the circumstances that
            // must exist), 5(3) the consumer's law without a choice, 5(4)(a) carriage, 5(4)(b) services abroad, 5(5)
            // package travel carved back; Directive 2013/11/EU Art. 11(1)(c) refers to Rome Convention Art. 5(1)-(3).
            _ => new("Rome Convention Art. 5", "Rome Convention Art. 5(3)", "Rome Convention Art. 5(2)", "Rome Convention Art. 5(2)",
                "Rome Convention Art. 5(4)(a)", "Rome Convention Art. 5(4)(b)", "Rome Convention Art. 3", "Art. 11(1)(c)"),
        };
    }

    /// <summary>Applies the regime's consumer rule; false when it does not decide (an exclusion, or no targeting).</summary>
    private bool ConsumerRule(Decision d, Facts f, string forum, Notes notes)
    {
        var r = f.Request;
        var directs = r.SellerDirectsToBuyerCountry ?? YesNoUnknown.Unknown;
        switch (d.Regime)
        {
            case Regime.EuRomeI or Regime.UkRomeI or Regime.RomeConvention:
            {
                var articles = RomeConsumerArticles.For(d.Regime);
                var excluded = r.ContractType == ContractType.Carriage ? articles.CarriageExcluded
                    : r.ContractType == ContractType.Services && r.ServicesExclusivelyOutsideConsumerCountry ? articles.ServicesAbroadExcluded
                    : null;
                if (excluded is not null)
                {
                    notes.Flag("art6Excluded");
                    d.Basis.Add(excluded);
                    d.Reason(r.ContractType == ContractType.Carriage
                            ? $"{excluded} excludes contracts of carriage (other than package travel) from the consumer rule: the general rules apply, with no consumer floor."
                            : $"{excluded} excludes services supplied to the consumer only outside the consumer's country: the general rules apply, with no consumer floor.",
                        r.ContractType == ContractType.Carriage
                            ? $"{excluded}将运输合同（包价旅游除外）排除在消费者规则之外：适用一般规则，不适用消费者保护底线。"
                            : $"{excluded}将完全在消费者所在国以外提供的服务排除在消费者规则之外：适用一般规则，不适用消费者保护底线。");
                    return false;
                }
                if (directs == YesNoUnknown.No)
                {
                    d.Lower(Confidence.Medium);
                    d.Basis.Add(articles.Conditions);
                    d.Reason($"The seller did not direct its business to the consumer's country, so the conditions of {articles.Conditions} are not met: the general rules apply, with no consumer floor.",
                        $"卖方未将经营活动指向消费者所在国，不满足{articles.Conditions}的条件：适用一般规则，不适用消费者保护底线。");
                    return false;
                }
                if (directs == YesNoUnknown.Unknown)
                {
                    notes.Flag("directingUncertain");
                    d.Lower(Confidence.Medium);
                    d.Reason("Whether the seller targeted the consumer's country is not known; the consumer rule is applied as the more protective reading.",
                        "不清楚卖方是否以消费者所在国为目标市场；按更有利于消费者的理解适用消费者规则。");
                }
                if (r.ContractType == ContractType.PackageTravel)
                {
                    d.Reason($"Package travel stays within the consumer rule although other carriage is excluded ({articles.Rule}).",
                        $"包价旅游虽含运输，仍适用消费者规则（{articles.Rule}）。");
                }
                AdrLegalityOverlay(d, f, articles);
                if (r.ChoiceOfLaw is not { } choice || choice.Value == f.BuyerLaw)
                {
                    d.Decide(f.BuyerLaw, articles.NoChoice);
                    d.Reason($"The seller directs its business to the consumer's country, so the law of the consumer's habitual residence ({f.BuyerLaw}) governs ({articles.NoChoice}).",
                        $"卖方将经营活动指向消费者所在国，因此适用消费者经常居所地法律（{f.BuyerLaw}）（{articles.NoChoice}）。");
                    return true;
                }
                d.Decide(choice.Value, articles.Choice, articles.Floor);
                d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "non-derogable consumer protection", articles.Floor));
                d.Reason($"The chosen law ({choice.Value}) governs, but it cannot take away the protection of the consumer's own law ({f.BuyerLaw}) ({articles.Floor}).",
                    $"适用所选择的法律（{choice.Value}），但不得剥夺消费者本国法律（{f.BuyerLaw}）给予的保护（{articles.Floor}）。");
                if (r.ChoiceOfLawSource != ChoiceOfLawSource.Negotiated)
                {
                    notes.Flag("unfairClauseRisk");
                    d.Basis.Add("CJEU C-191/15 VKI v Amazon EU");
                    d.Reason("A choice of law in standard terms that does not tell the consumer about this protection may be unfair (CJEU C-191/15).",
                        "格式条款中的法律选择若未告知消费者上述保护，可能构成不公平条款（欧盟法院C-191/15号案）。");
                }
                CraSection32(d, f, forum, choice);
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
                if (f.BuyerLaw == "US-NY" && UccReaches(f))
                {
                    d.Decide("US-NY", "NY UCC § 1-301");
                    d.Reason("New York's UCC § 1-301 applies New York law to a consumer resident in New York.",
                        "纽约州《统一商法典》第1-301条规定，居住在纽约州的消费者适用纽约州法律。");
                    return true;
                }
                if (r.ChoiceOfLaw is { } choice)
                {
                    d.Decide(choice.Value, UccReaches(f) ? ["UCC § 1-301(a)", "Restatement (Second) Conflict of Laws § 187"] : ["Restatement (Second) Conflict of Laws § 187"]);
                    d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "non-waivable consumer statutes where a fundamental policy", "Restatement (Second) Conflict of Laws § 187(2)(b)"));
                    CheckReasonableRelation(choice, f, notes, d);
                    d.Reason($"The chosen law ({choice.Value}) governs if the sale bears a reasonable relation to it; the consumer's state may still apply its fundamental consumer policies.",
                        $"若交易与所选法律（{choice.Value}）有合理联系则适用该法；消费者所在州仍可适用其基本消费者保护政策。");
                }
                else
                {
                    d.Decide(f.BuyerLaw, UccReaches(f) ? ["UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188"] : ["Restatement (Second) Conflict of Laws § 188"]);
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

    /// <summary>
    /// R6.3: an imposed outcome must not deprive the consumer of the protection of the mandatory law of the consumer's
    /// residence, but only where Rome I Art. 6(1)-(2) (or Rome Convention Art. 5(1)-(3)) chose the law, or where trader and
    /// consumer live in one Member State (Directive 2013/11/EU Art. 11(1)(a)-(c)); under Art. 6(3)-(4) it adds nothing.
    /// Called only from the consumer rule after its exclusions and conditions have passed.
    /// </summary>
    private void AdrLegalityOverlay(Decision d, Facts f, RomeConsumerArticles articles)
    {
        var buyer = f.Request.Buyer.Country.Value;
        var seller = f.Request.Seller.Country.Value;
        var date = f.Request.ContractDate;
        if (!Data.IsEu(buyer, date) || !Data.IsEu(seller, date))
        {
            return;
        }
        var paragraph = buyer == seller ? "Art. 11(1)(a)" : articles.AdrParagraph;
        d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw,
            $"an imposed (arbitral) outcome may not deprive the consumer of this law's mandatory protection ({paragraph}, as the law was found under {articles.Rule})",
            "Directive 2013/11/EU Art. 11"));
        // A party whose State has since left (the UK) was, at the contract's date, in a Member State for the Directive
        // (Withdrawal Agreement Art. 127(1), (6)); the Directive is not among the Agreement's separation provisions, so
        // its reach over a procedure after the transition is debated: say so, and apply the more protective reading.
        if (new[] { buyer, seller }.Distinct().FirstOrDefault(c => Data.EuMembership[c].Until is not null) is { } former)
        {
            var until = Data.EuMembership[former].Until!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            d.Reason($"At the contract's date {former} still counted as an EU Member State (until {until}, Withdrawal Agreement Art. 127), so the ADR Directive's rule is applied; whether it still reaches a procedure held after that date is debated, as the Directive is not among the Agreement's separation provisions.",
                $"合同订立时{former}仍被视为欧盟成员国（至{until}，《脱欧协议》第127条），因此适用《消费者ADR指令》第11条；由于该指令不在协议的分离条款之列，其是否适用于此后进行的程序尚有争议。");
        }
    }

    /// <summary>
    /// CRA 2015 s.32, applied by a UK court by the contract's date, not by the regime's label: from its commencement
    /// (1 Oct 2015) a chosen non-EEA law cannot take away Part 1 Chapter 2 (goods) where the sale has a close connection
    /// with the UK; from 1 Jan 2021 (SI 2018/1326) any law other than the UK's is treated alike, EEA laws included.
    /// The sources are in the data file (ukCraSection32).
    /// </summary>
    private void CraSection32(Decision d, Facts f, string forum, LawCode choice)
    {
        var r = f.Request;
        var s32 = Data.CraSection32;
        if (forum != "GB" || r.Buyer.Country.Value != "GB" || r.ContractDate < s32.InForceFrom
            || r.ContractType is not (ContractType.Goods or ContractType.Mixed or ContractType.Auction)
            || choice.Country is not { } chosen || chosen.Value == "GB")
        {
            return;
        }
        var amended = r.ContractDate >= s32.AmendedFrom;
        if (!amended && Data.IsEea(chosen.Value, r.ContractDate))
        {
            d.Reason($"CRA 2015 s.32 in its text before 2021 does not reach a choice of an EEA State's law ({choice.Value}); the consumer keeps the Art. 6(2) protection.",
                $"英国《2015年消费者权利法》第32条在2021年以前的文本不适用于选择欧洲经济区国家法律（{choice.Value}）的情形；消费者仍享有第6条第2款的保护。");
            return;
        }
        d.Overlays.Add(new MandatoryOverlay(f.BuyerLaw, "CRA 2015 Pt 1 Ch 2", "CRA s.32"));
        d.Reason(amended
                ? $"The Consumer Rights Act 2015's rules on goods still apply despite the choice of a law other than the UK's ({choice.Value}) (CRA s.32 as amended from 1 Jan 2021)."
                : $"The Consumer Rights Act 2015's rules on goods still apply despite the choice of a non-EEA law ({choice.Value}) (CRA s.32).",
            amended
                ? $"尽管选择了英国以外的法律（{choice.Value}），英国《2015年消费者权利法》关于商品的规定仍然适用（2021年1月1日起修订后的第32条）。"
                : $"尽管选择了欧洲经济区以外的法律（{choice.Value}），英国《2015年消费者权利法》关于商品的规定仍然适用（第32条）。");
    }

    // ---- R4 / R5 -------------------------------------------------------------------------------------------------

    /// <summary>Whether the contract is a sale of goods for the rules that distinguish goods (Rome I Art. 4(1)(a), UCC Article 2).</summary>
    private static bool IsGoods(ContractType type) => type is ContractType.Goods or ContractType.Auction;

    /// <summary>
    /// Whether a US court's own UCC reaches the question: § 1-301 belongs to the Uniform Commercial Code, which covers
    /// sales of goods (Article 2), and a court applies its state's § 1-301 to a transaction related to that state; with
    /// no party in the US, or for services, the Restatement (Second) alone is cited.
    /// </summary>
    private static bool UccReaches(Facts f) =>
        f.Request.ContractType is ContractType.Goods or ContractType.Auction or ContractType.Mixed
        && (f.Request.Buyer.Country.Value == "US" || f.Request.Seller.Country.Value == "US");

    /// <summary>R4: the parties' choice. False when the regime does not give it effect, so that the objective law applies.</summary>
    private bool ChosenLaw(Decision d, Facts f, LawCode choice, string forum, Notes notes)
    {
        if (choice.Country is null)
        {
            NonStateRules(d, f, choice, forum, notes);
            return true;
        }
        var r = f.Request;
        if (r.ContractType == ContractType.Carriage && d.Regime is Regime.EuRomeI or Regime.UkRomeI
            && Carriage(f, notes).Kind == CarriageKind.Passengers && !PassengerChoicePermitted(f, choice))
        {
            var article = d.Regime == Regime.UkRomeI ? "UK Rome I Art. 5(2)" : "Rome I Art. 5(2)";
            notes.Flag("carriageChoiceNotPermitted");
            d.Basis.Add(article);
            d.Reason($"For the carriage of passengers the parties may choose only the law of the passenger's or the carrier's residence, the carrier's central administration, or the place of departure or destination ({article}, second subparagraph); {choice.Value} is none of these, so the law is found as if there were no choice.",
                $"旅客运输合同的当事人只能选择旅客或承运人经常居所地、承运人管理中心所在地、出发地或目的地的法律（{article}第二段）；{choice.Value}均不属于，因此按未选择法律处理。");
            return false;
        }
        var usCode = UccReaches(f);
        var basis = d.Regime switch
        {
            Regime.EuRomeI => ["Rome I Art. 3"],
            Regime.UkRomeI => ["UK Rome I Art. 3"],
            Regime.RomeConvention => ["Rome Convention Art. 3"],
            Regime.CnLal => ["LAL Art. 3", "LAL Art. 41"],
            Regime.JpAgral => ["AGRAL Art. 7"],
            Regime.KrPila => ["PILA Art. 45"],
            Regime.RuCc => ["Civil Code Art. 1210"],
            Regime.UsState => usCode ? ["UCC § 1-301(a)", "Restatement (Second) Conflict of Laws § 187"] : ["Restatement (Second) Conflict of Laws § 187"],
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
        return true;
    }

    /// <summary>
    /// A choice of non-State rules (the UNIDROIT Principles) is debated: an arbitral tribunal, and so the service's own
    /// final stage, may apply them as the rules of law chosen (Hague Principles Art. 3); a court under Rome I treats
    /// them only as terms incorporated into the contract (Recital 13: Art. 3 lets the parties choose the law of a
    /// country) and applies the objective law. Both readings are given, the tribunal's first, at low confidence.
    /// </summary>
    private void NonStateRules(Decision d, Facts f, LawCode choice, string forum, Notes notes)
    {
        notes.Flag("nonStateRules");
        notes.Flag("nonStateRulesCourtVersusTribunal");
        d.Lower(Confidence.Low);
        d.Decide(choice.Value, "Hague Principles Art. 3");
        d.Reason($"The parties chose non-State rules ({choice.Value}); an arbitral tribunal, such as this service's final stage, may apply them as the rules of law chosen (Hague Principles Art. 3).",
            $"当事人选择了非国家法规则（{choice.Value}）；仲裁庭（包括本服务的最终阶段）可以将其作为所选择的法律规则适用（《海牙原则》第3条）。");
        var court = new Decision(d.Regime);
        ObjectiveLaw(court, f, forum, new Notes());
        var courtBasis = string.Join("; ", court.Basis);
        if (Regime.IsRome(d.Regime))
        {
            var recital = d.Regime switch { Regime.UkRomeI => "UK Rome I Recital 13", Regime.RomeConvention => "Rome Convention Art. 3(1)", _ => "Rome I Recital 13" };
            d.Reason($"A court would read it differently: only the law of a country can be chosen, the rules become terms of the contract ({recital}), and the law is {court.Law} ({courtBasis}).",
                $"法院的理解不同：只能选择某一国家的法律，所选规则仅作为合同条款（{recital}），准据法为{court.Law}（{courtBasis}）。");
        }
        else
        {
            d.Reason($"Whether a court applying {d.Regime} would give effect to such a choice is unsettled; if it would not, it would apply {court.Law} ({courtBasis}).",
                $"适用{d.Regime}的法院是否承认此类选择尚无定论；若不承认，将适用{court.Law}（{courtBasis}）。");
        }
    }

    /// <summary>Rome I Art. 5(2), second subparagraph: the five laws the parties to a carriage of passengers may choose.</summary>
    private static bool PassengerChoicePermitted(Facts f, LawCode choice)
    {
        var r = f.Request;
        var chosen = choice.Country!.Value.Value;
        return choice.Value == f.BuyerLaw || choice.Value == f.SellerLaw
            || chosen == r.CarriageFrom?.Value || chosen == r.CarriageTo?.Value;
    }

    /// <summary>The kind of carriage, assumed (and flagged) when not given: a consumer's ticket, a business's consignment.</summary>
    private static (CarriageKind Kind, bool Assumed) Carriage(Facts f, Notes notes)
    {
        if (f.Request.CarriageKind is { } kind)
        {
            return (kind, false);
        }
        notes.Flag("carriageKindAssumed");
        return (f.Request.BuyerType == BuyerType.Consumer ? CarriageKind.Passengers : CarriageKind.Goods, true);
    }

    /// <summary>
    /// Rome I Art. 5 (the same in UK Rome I): goods (5(1)) by the carrier's residence if the place of receipt or delivery
    /// or the consignor's residence is there, else the agreed place of delivery; passengers (5(2)) by the passenger's
    /// residence if the journey starts or ends there, else the carrier's. The Rome Convention has Art. 4(4) for goods
    /// and the general presumption (Art. 4(2)) for passengers. The buyer is the passenger or consignor, the seller the
    /// carrier. Art. 5(3)'s escape clause is mentioned, not applied.
    /// </summary>
    private void CarriageLaw(Decision d, Facts f, Notes notes)
    {
        var r = f.Request;
        var (kind, assumed) = Carriage(f, notes);
        var from = r.CarriageFrom?.Value;
        var to = r.CarriageTo?.Value;
        var buyer = r.Buyer.Country.Value;
        var seller = r.Seller.Country.Value;
        if (assumed)
        {
            d.Lower(Confidence.Medium);
            d.Reason($"Whether the carriage is of passengers or of goods was not given; it is taken as carriage of {(kind == CarriageKind.Passengers ? "passengers" : "goods")}.",
                $"未说明是旅客运输还是货物运输；此处按{(kind == CarriageKind.Passengers ? "旅客" : "货物")}运输处理。");
        }
        if (from is null || to is null)
        {
            notes.Flag("carriagePlacesUnknown");
            d.Lower(Confidence.Medium);
        }
        if (d.Regime == Regime.RomeConvention)
        {
            if (kind == CarriageKind.Goods && (from == seller || to == seller || buyer == seller))
            {
                d.Decide(f.SellerLaw, "Rome Convention Art. 4(4)");
                d.Reason($"For the carriage of goods the carrier's country ({f.SellerLaw}) is presumed the most closely connected, as the place of loading or discharge or the consignor is there (Rome Convention Art. 4(4)).",
                    $"货物运输合同推定与承运人所在国（{f.SellerLaw}）联系最密切，因为装货地、卸货地或发货人位于该国（《罗马公约》第4条第4款）。");
                return;
            }
            d.Decide(f.SellerLaw, "Rome Convention Art. 4(2)");
            d.Lower(Confidence.Medium);
            d.Reason($"The carrier performs the characteristic obligation, so its country's law ({f.SellerLaw}) is presumed to govern (Rome Convention Art. 4(2)); for goods, Art. 4(4)'s conditions are not shown and the closest connection (Art. 4(1)) decides.",
                $"承运人履行特征性义务，推定适用其所在国法律（{f.SellerLaw}）（《罗马公约》第4条第2款）；货物运输未满足第4条第4款的条件时，按最密切联系（第4条第1款）确定。");
            return;
        }
        var prefix = d.Regime == Regime.UkRomeI ? "UK Rome I" : "Rome I";
        if (kind == CarriageKind.Passengers)
        {
            if (from == buyer || to == buyer)
            {
                d.Decide(f.BuyerLaw, $"{prefix} Art. 5(2)");
                d.Reason($"The journey starts or ends in the passenger's country, so its law ({f.BuyerLaw}) governs the carriage of passengers ({prefix} Art. 5(2)); a manifestly closer connection could displace it (Art. 5(3)).",
                    $"行程在旅客所在国出发或到达，因此旅客运输合同适用该国法律（{f.BuyerLaw}）（{prefix}第5条第2款）；如有明显更密切的联系，可依第5条第3款另行确定。");
                return;
            }
            d.Decide(f.SellerLaw, $"{prefix} Art. 5(2)");
            d.Reason(from is null || to is null
                    ? $"The places of departure and destination were not given; if neither is in the passenger's country, the carrier's law ({f.SellerLaw}) governs ({prefix} Art. 5(2)), otherwise the passenger's ({f.BuyerLaw})."
                    : $"The journey neither starts nor ends in the passenger's country, so the law of the carrier's residence ({f.SellerLaw}) governs ({prefix} Art. 5(2)).",
                from is null || to is null
                    ? $"未提供出发地和目的地；若均不在旅客所在国，适用承运人所在地法律（{f.SellerLaw}）（{prefix}第5条第2款），否则适用旅客所在国法律（{f.BuyerLaw}）。"
                    : $"行程既不在旅客所在国出发也不在该国到达，因此适用承运人经常居所地法律（{f.SellerLaw}）（{prefix}第5条第2款）。");
            return;
        }
        if (from == seller || to == seller || buyer == seller)
        {
            d.Decide(f.SellerLaw, $"{prefix} Art. 5(1)");
            d.Reason($"The carrier's country ({f.SellerLaw}) is also the place of receipt or delivery or the consignor's, so its law governs the carriage of goods ({prefix} Art. 5(1)).",
                $"承运人所在国（{f.SellerLaw}）同时也是接收地、交付地或发货人所在地，因此货物运输合同适用该国法律（{prefix}第5条第1款）。");
            return;
        }
        if (to is not null)
        {
            var deliveryLaw = Data.LawOf(CountryCode.Parse(to), null).Law;
            d.Decide(deliveryLaw, $"{prefix} Art. 5(1)");
            d.Reason($"Neither the place of receipt or delivery nor the consignor is in the carrier's country, so the law of the agreed place of delivery ({deliveryLaw}) governs ({prefix} Art. 5(1)).",
                $"接收地、交付地和发货人均不在承运人所在国，因此适用约定交付地法律（{deliveryLaw}）（{prefix}第5条第1款）。");
            return;
        }
        d.Decide(f.SellerLaw, $"{prefix} Art. 5(1)");
        d.Reason($"The places of receipt and delivery were not given; the carrier's law ({f.SellerLaw}) governs if either is in its country, otherwise the law of the agreed place of delivery ({prefix} Art. 5(1)).",
            $"未提供接收地和交付地；若其中之一位于承运人所在国，适用承运人所在地法律（{f.SellerLaw}），否则适用约定交付地法律（{prefix}第5条第1款）。");
    }

    private void ObjectiveLaw(Decision d, Facts f, string forum, Notes notes)
    {
        var r = f.Request;
        if (r.ContractType == ContractType.Carriage && Regime.IsRome(d.Regime))
        {
            CarriageLaw(d, f, notes);
            return;
        }
        var usCode = UccReaches(f);
        if (d.Regime == Regime.UsState && usCode && (r.Buyer.Country.Value == forum || r.Seller.Country.Value == forum))
        {
            // UCC § 1-301(b): absent agreement, a US court applies its own state's code to a sale with an appropriate relation to it.
            var forumLaw = r.Seller.Country.Value == forum ? f.SellerLaw : f.BuyerLaw;
            d.Decide(forumLaw, "UCC § 1-301(b)", "Restatement (Second) Conflict of Laws § 188");
            d.Lower(Confidence.Medium);
            d.Reason($"With no choice, a US court applies its own state's Uniform Commercial Code to a sale with an appropriate relation to that state ({forumLaw}).",
                $"未选择法律时，美国法院对与本州有适当联系的买卖适用本州《统一商法典》（{forumLaw}）。");
            return;
        }
        var goods = IsGoods(r.ContractType);
        // Rome I Art. 4(1)(a) sale of goods, 4(1)(b) services; a mixed contract, and digital content (goods, services or
        // neither: unsettled), fall to Art. 4(2), the characteristic performer, who is the supplier on every reading.
        var romeArticle = goods ? "Art. 4(1)(a)"
            : r.ContractType is ContractType.Services or ContractType.PackageTravel or ContractType.Carriage ? "Art. 4(1)(b)"
            : "Art. 4(2)";
        var basis = d.Regime switch
        {
            Regime.EuRomeI => [$"Rome I {romeArticle}"],
            Regime.UkRomeI => [$"UK Rome I {romeArticle}"],
            Regime.RomeConvention => ["Rome Convention Art. 4(2)"],
            Regime.CnLal => ["LAL Art. 41"],
            Regime.JpAgral => ["AGRAL Art. 8"],
            Regime.KrPila => ["PILA Art. 46"],
            Regime.RuCc => ["Civil Code Art. 1211"],
            Regime.UsState => ["Restatement (Second) Conflict of Laws § 188"],
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
        if (r.ContractType == ContractType.Auction && Regime.IsRome(d.Regime) && d.Regime != Regime.RomeConvention)
        {
            d.Reason("A sale by auction is governed by the law of the place of the auction if it can be determined (Art. 4(1)(g)); an online auction has no such place, so the seller's law applies.",
                "拍卖合同适用拍卖地法律（若能确定）（第4条第1款(g)项）；网上拍卖无法确定拍卖地，因此适用卖方所在地法律。");
        }
        d.Reason(goods
                ? $"With no effective choice, a sale of goods is governed by the law of the seller's habitual residence ({f.SellerLaw}), the party whose performance characterises the contract."
                : $"With no effective choice, a contract for services or digital content is governed by the law of the provider's habitual residence ({f.SellerLaw}), the party whose performance characterises the contract.",
            goods
                ? $"没有有效的法律选择时，货物买卖适用卖方经常居所地法律（{f.SellerLaw}），即履行最能体现合同特征一方的法律。"
                : $"没有有效的法律选择时，服务或数字内容合同适用提供方经常居所地法律（{f.SellerLaw}），即履行最能体现合同特征一方的法律。");
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
        if (r.BuyerType == BuyerType.Consumer && (r.BuyerPurposePersonalKnown ?? YesNoUnknown.Yes) != YesNoUnknown.No)
        {
            return No("CISG Art. 2(a)", "The CISG does not apply to goods bought for personal, family or household use (Art. 2(a)).",
                "CISG不适用于购买供私人、家人或家庭使用的货物（第2条(a)项）。");
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
        // Art. 1(1): places of business in different States. A territory (Hong Kong, Macao) is part of its State.
        var buyer = r.Buyer.Country.Value;
        var seller = r.Seller.Country.Value;
        var buyerState = Data.StateOf(buyer);
        var sellerState = Data.StateOf(seller);
        if (buyerState == sellerState)
        {
            return No("CISG Art. 1(1)", buyer == seller
                    ? "Both parties are in the same State: the sale is not international."
                    : $"{buyer} and {seller} are parts of one State ({buyerState}): the CISG needs places of business in different States (Art. 1(1)).",
                buyer == seller
                    ? "双方位于同一国家：该买卖不具有国际性。"
                    : $"{buyer}与{seller}同属一个国家（{buyerState}）：CISG要求双方营业地位于不同国家（第1条第1款）。");
        }

        var (cisg, basis) = CisgScope(f, forum, governingLaw, buyer, seller, buyerState, sellerState, notes);
        if (cisg is not (CisgApplication.Applies or CisgApplication.FormationOnly))
        {
            return (cisg, basis);
        }
        var list = basis.ToList();
        // The debated characterisations: the Convention would apply if these are sales of goods not by auction.
        if (r.ContractType == ContractType.DigitalContent)
        {
            notes.Flag("digitalGoodsCisgContested");
            notes.Lower(Confidence.Medium);
            notes.Reason("Whether downloaded software or other digital content is \"goods\" under the CISG is contested: on one reading it is (standard software has been treated as goods), and the CISG applies; on the other it is not, and national law alone governs.",
                "下载的软件或其他数字内容是否属于CISG所称的\"货物\"存在争议：一种观点认为属于（标准软件曾被视为货物），因此适用CISG；另一种观点认为不属于，仅适用国内法。");
            list.Add("CISG Art. 3");
            return (CisgApplication.Uncertain, list);
        }
        if (r.ContractType == ContractType.Auction)
        {
            notes.Flag("onlineAuctionCharacterisation");
            notes.Lower(Confidence.Medium);
            notes.Reason("The CISG does not apply to sales by auction (Art. 2(b)); whether a timed platform \"auction\" is one is debated: if it is, national law alone governs; if it is a sale to the highest offer at a fixed time without an auctioneer, the CISG applies.",
                "CISG不适用于拍卖（第2条(b)项）；平台上的限时\"拍卖\"是否属于拍卖尚有争议：若属于，仅适用国内法；若只是在固定时间向最高出价者出售而无拍卖人，则适用CISG。");
            list.Add("CISG Art. 2(b)");
            return (CisgApplication.Uncertain, list);
        }
        // Art. 96 (with Art. 12): the Convention's freedom from form (Arts. 11, 29, Part II) does not apply where a party
        // has its place of business in a declaring State; which form rule then applies is itself debated.
        var writing = new[] { buyer, seller }.Where(c => Data.HasArticle96(c, date)).ToList();
        if (writing.Count > 0)
        {
            notes.Flag("cisgWritingRequirement");
            list.AddRange(["CISG Art. 12", "CISG Art. 96"]);
            notes.Reason($"{string.Join(", ", writing)} made an Art. 96 declaration: the CISG's rules that a contract, its change or its ending need no particular form (Arts. 11, 29) do not apply (Art. 12). On one reading the declaring State's writing requirement then applies; on the other, the form rules of the law the conflict rules designate.",
                $"{string.Join("、", writing)}作出了第96条声明：CISG关于合同订立、变更或终止无需特定形式的规定（第11条、第29条）不适用（第12条）。一种观点认为应适用声明国的书面形式要求；另一种观点认为应适用冲突规则所指向法律的形式规则。");
        }
        return (cisg, list);
    }

    /// <summary>Art. 1(1)(a) between Contracting States (with Arts. 92 and 94), else Art. 1(1)(b) subject to Art. 95.</summary>
    private (CisgApplication Cisg, IReadOnlyList<string> Basis) CisgScope(Facts f, string forum, string governingLaw, string buyer, string seller,
        string buyerState, string sellerState, Notes notes)
    {
        var r = f.Request;
        var date = r.ContractDate;
        (CisgApplication, IReadOnlyList<string>) No(string basis, string en, string zh)
        {
            notes.Reason(en, zh);
            return (CisgApplication.DoesNotApply, [basis]);
        }
        // A place whose status is disputed (Taiwan) is not established as a Contracting State for Art. 1(1)(a), but the
        // Convention can still apply through Art. 1(1)(b) whatever that status.
        var disputed = new[] { buyer, seller }.FirstOrDefault(Data.CisgStatusDisputed.Contains);
        var buyerIsState = disputed != buyer && Data.IsCisgState(buyer, date);
        var sellerIsState = disputed != seller && Data.IsCisgState(seller, date);
        if (disputed is null && buyerIsState && sellerIsState)
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
                if (buyerState == "CN" || sellerState == "CN" || forum == "CN")
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
            var partII = new[] { buyer, seller }.Where(c => Data.HasPartIIExclusion(c, date)).ToList();
            if (partII.Count > 0)
            {
                PartIINotApplicable(partII, basis, notes);
            }
            return (CisgApplication.Applies, basis);
        }

        // R2.6: Art. 1(1)(b) via the law the conflict rules found, unless an Art. 95 declaration bars it.
        var lawCountry = LawCode.TryParse(governingLaw, out var law) ? law.Country?.Value : null;
        if (lawCountry is null || !Data.IsCisgState(lawCountry, date) || Data.CisgStatusDisputed.Contains(lawCountry))
        {
            if (disputed is not null)
            {
                return Disputed(disputed, notes);
            }
            return No("CISG Art. 1(1)", "A party is not in a Contracting State and the applicable law is not a Contracting State's: the CISG does not apply.",
                "一方不在缔约国，且适用的法律也不是缔约国法律：CISG不适用。");
        }
        notes.Lower(Confidence.Medium);
        if (Data.Article95Bars(lawCountry, date, buyerState, sellerState))
        {
            if (disputed is not null)
            {
                return Disputed(disputed, notes);
            }
            return No("CISG Art. 95", $"The CISG could apply only through Art. 1(1)(b), and the designated State ({lawCountry}) declared under Art. 95 that it is not bound by it.",
                $"CISG只能通过第1条第1款(b)项适用，而被指向的国家（{lawCountry}）已依第95条声明不受该项约束。");
        }
        if (Data.Article95Bars(forum, date, buyerState, sellerState))
        {
            // Debated: a court of an Art. 95 State is not bound by Art. 1(1)(b); but applying a Contracting State's law,
            // it may apply the CISG as part of that law, as that State's own courts would.
            notes.Flag("article95ForumApplyingContractingStateLaw");
            notes.Reason($"A court in {forum}, an Art. 95 State, need not apply the CISG through Art. 1(1)(b). On one reading it therefore applies {lawCountry}'s domestic sales law; on the other it applies {lawCountry}'s law as that State's courts would, CISG included.",
                $"{forum}为第95条保留国，其法院无须依第1条第1款(b)项适用CISG。一种观点认为其应适用{lawCountry}的国内买卖法；另一种观点认为应像{lawCountry}法院那样适用其法律，包括CISG。");
            return (CisgApplication.Uncertain, ["CISG Art. 1(1)(b)", "CISG Art. 95"]);
        }
        var viaBasis = new List<string> { "CISG Art. 1(1)(b)" };
        if (disputed is not null)
        {
            notes.Flag("cisgStatusDisputed");
            notes.Reason($"{disputed}'s status under the CISG is disputed, but that does not matter here: the conflict rules lead to the law of a Contracting State ({lawCountry}), so the CISG applies through Art. 1(1)(b).",
                $"{disputed}在CISG下的地位存在争议，但在此无关紧要：冲突规则指向缔约国（{lawCountry}）的法律，因此CISG依第1条第1款(b)项适用。");
        }
        else
        {
            notes.Reason($"The conflict rules lead to the law of a Contracting State ({lawCountry}), so the CISG applies (Art. 1(1)(b)).",
                $"冲突规则指向缔约国（{lawCountry}）的法律，因此适用CISG（第1条第1款(b)项）。");
        }
        if (Data.HasPartIIExclusion(lawCountry, date))
        {
            PartIINotApplicable([lawCountry], viaBasis, notes);
        }
        return (CisgApplication.Applies, viaBasis);
    }

    private static (CisgApplication, IReadOnlyList<string>) Disputed(string place, Notes notes)
    {
        notes.Flag("cisgStatusDisputed");
        notes.Lower(Confidence.Medium);
        notes.Reason($"{place}'s status under the CISG is disputed and Art. 1(1)(b) does not settle the question here.",
            $"{place}在CISG下的缔约地位存在争议，且本案无法通过第1条第1款(b)项解决。");
        return (CisgApplication.Uncertain, ["CISG Art. 1"]);
    }

    /// <summary>
    /// Art. 92(2): a State that declared itself not bound by Part II is not a Contracting State for formation. The
    /// Nordic States did until their withdrawals (2012–2014); formation then follows the national law found.
    /// </summary>
    private static void PartIINotApplicable(IReadOnlyList<string> states, List<string> basis, Notes notes)
    {
        notes.Flag("cisgPartIINotApplicable");
        basis.Add("CISG Art. 92");
        notes.Reason($"{string.Join(", ", states)} had declared under Art. 92 that it is not bound by Part II: the CISG's rules on formation do not apply, and formation follows the national law the conflict rules find.",
            $"{string.Join("、", states)}曾依第92条声明不受第二部分约束：CISG关于合同订立的规则不适用，合同订立适用冲突规则指向的国内法。");
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
