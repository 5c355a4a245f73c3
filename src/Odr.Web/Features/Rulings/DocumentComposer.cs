using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Pdf;

namespace Odr.Web.Features.Rulings;

/// <summary>The people a document names, looked up by the handler: display names are not part of the case.</summary>
/// <summary>The people a document names, looked up by the handler; the seller as someone vouches for it (none: as the buyer stated it).</summary>
public sealed record DocumentPeople(string BuyerName, string? MediatorName, string? ArbitratorName, Sellers.SellerIdentity? Seller = null);

/// <summary>
/// Lays out a settlement agreement, an arbitral award or a mediator's recommendation: the case, the parties and the
/// neutral, the claim, the timeline, the governing law, the terms or decision, compliance, and how to verify it.
/// Written in the case's language from the one resource set (<c>pdf.…</c> and the case's labels); in a language other
/// than English every heading and label also carries its English, so that either reader finds their way. What the
/// parties wrote is kept as they wrote it.
/// </summary>
public sealed class DocumentComposer(PublicUrls urls, X509Certificate2 certificate, DocumentFont font, IStringLocalizer<Text> t)
{
    /// <param name="culture">The language to write in: the case's unless another is asked for (the pseudo-locale's test).</param>
    /// <param name="texts">Given, receives every text the document says (the pseudo-locale's test reads them).</param>
    public byte[] Compose(DisputeCase c, DocumentKind kind, DocumentPeople people, IReadOnlyList<CaseEvent> history, string verificationCode,
        DateTimeOffset issuedAt, string? culture = null, List<string>? texts = null)
    {
        font.InstallOnce();
        using var language = Languages.Use(culture ?? Languages.FromCaseLanguage(c.Language));
        string Date(DateTimeOffset at) => at.UtcDateTime.ToString(t["format.dateTimeUtc"], CultureInfo.CurrentCulture);

        using var pdf = new PdfWriter($"{English($"pdf.title.{kind}")} — {c.Number}", t["pdf.subtitle", c.Number]);
        pdf.Title(L($"pdf.title.{kind}"));
        pdf.Paragraph(t["pdf.subtitle", c.Number]);

        pdf.Heading(L("pdf.theCase"));
        pdf.Row(L("pdf.caseNumber"), c.Number.ToString());
        pdf.Row(L("pdf.marketplaceAndOrder"), $"{c.Order.Marketplace}, {c.Order.OrderReference}, {c.Order.OrderDate.ToString(t["format.date"], CultureInfo.CurrentCulture)}");
        pdf.Row(L("pdf.item"), c.Order.Item);
        pdf.Row(L("pdf.amountPaid"), c.Order.AmountPaid.ToString());
        pdf.Row(L("pdf.claim"), t.Claim(c.ClaimType));
        pdf.Row(L("pdf.remedyRequested"), t.RemedyText(c.RequestedRemedy));
        pdf.Row(L("pdf.filed"), Date(c.CreatedAt));

        pdf.Heading(L("pdf.theParties"));
        pdf.Row(L("pdf.buyer"), t["pdf.party", people.BuyerName, t.BuyerKind(c.Buyer.Type), CaseText.Country(c.Buyer.Country)]);
        // Named only as someone answers for it: the seller itself or a marketplace; else marked as the buyer's words.
        var sellerType = people.Seller?.Type ?? c.Seller.Type;
        var sellerCountry = people.Seller is { } stated ? Domain.Common.CountryCode.Parse(stated.Country) : c.Seller.Country;
        pdf.Row(L("pdf.seller"), t["pdf.party", Sellers.SellerDisplay.Name(t, c, people.Seller), t.SellerKind(sellerType), CaseText.Country(sellerCountry)]);
        if (people.MediatorName is { } mediator)
        {
            pdf.Row(L("pdf.mediator"), mediator);
        }
        if (people.ArbitratorName is { } arbitrator && kind == DocumentKind.Ruling)
        {
            pdf.Row(L("pdf.arbitrator"), arbitrator);
        }

        pdf.Heading(L("pdf.theComplaint"));
        pdf.Paragraph(c.Description);

        pdf.Heading(L("pdf.timeline"));
        foreach (var e in history.Where(e => HistoryText.TurningPoints.Contains(e.Type)))
        {
            using var canonical = JsonDocument.Parse(e.Canonical);
            pdf.Row(Date(e.At), t.Describe(e.Type, canonical.RootElement.GetProperty("data")));
        }

        pdf.Heading(L("pdf.governingLaw"));
        if (c.ConfirmedGoverningLaw is { } confirmed)
        {
            pdf.Row(L("pdf.confirmedByArbitrator"), $"{t.Law(confirmed.Value)}{t["punctuation.bracketed", confirmed.Value]}");
        }
        if (c.GoverningLawSuggestion is { } suggestion)
        {
            pdf.Row(L("pdf.servicesSuggestion"), t["pdf.suggestion", t.Law(suggestion.GoverningLaw), suggestion.GoverningLaw, t[$"confidence.{suggestion.Confidence}"]]);
            pdf.Row(L("pdf.legalBasis"), string.Join("; ", suggestion.Basis));
            pdf.Row(L("pdf.cisg"), t.Cisg(suggestion.Cisg));
            foreach (var overlay in suggestion.MandatoryOverlays)
            {
                pdf.Row(L("pdf.appliesRegardless"), $"{t.Law(overlay.Law)}{t["punctuation.colon"]}{t.OverlayScope(overlay.Scope)}{t["punctuation.bracketed", overlay.Basis]}");
            }
        }

        switch (kind)
        {
            case DocumentKind.Settlement:
                pdf.Heading(L("pdf.agreedTerms"));
                pdf.Row(L("pdf.terms"), t.RemedyText(c.AgreedRemedy!));
                pdf.Row(L("pdf.reachedAt"), t.SettledAt(c.SettledAt ?? SettlementStage.Mediation));
                pdf.Paragraph(t["pdf.settlementText"]);
                break;
            case DocumentKind.Ruling:
                pdf.Heading(L("pdf.decisionHeading"));
                pdf.Row(L("pdf.decision"), t.Decision(c.AwardDecision!.Value));
                if (c.AwardAmount is { } amount)
                {
                    pdf.Row(L("pdf.amount"), amount.ToString());
                }
                pdf.Row(L("pdf.applicableLaw"), $"{t.Law(c.AwardGoverningLaw!.Value.Value)}{t["punctuation.bracketed", c.AwardGoverningLaw.Value.Value]}");
                pdf.Heading(L("pdf.reasons"));
                pdf.Paragraph(c.AwardReasons!);
                pdf.Paragraph(t["pdf.awardBinding"]);
                break;
            case DocumentKind.AppealDecision:
                Appeals.AppealDocument.Write(pdf, c, L, t, people.ArbitratorName);
                break;
            default:
                pdf.Heading(L("pdf.recommendation"));
                pdf.Paragraph(c.MediatorRecommendation ?? t["pdf.noRecommendation"]);
                pdf.Paragraph(t["pdf.recommendationText"]);
                break;
        }

        if (c.Stage == DisputeStage.Compliance && c.Deadline is { } complianceDeadline)
        {
            pdf.Heading(L("pdf.compliance"));
            pdf.Row(L("pdf.complianceDeadline"), Date(complianceDeadline));
            pdf.Paragraph(t["pdf.complianceText"]);
        }

        pdf.Heading(L("pdf.issueAndVerification"));
        pdf.Row(L("pdf.issued"), Date(issuedAt));
        pdf.Row(L("pdf.verificationCode"), verificationCode);
        var url = urls.Verify(verificationCode);
        pdf.QrCode(url, t["pdf.verify", url]);
        var signed = pdf.SignAndSave($"{c.Number} · {verificationCode}", L("pdf.pageOf"), certificate);
        texts?.AddRange(pdf.Texts);
        return signed;
    }

    /// <summary>A heading or label: in the document's language, with the English beside it when that is another language.</summary>
    private string L(string key) => Languages.WantsEnglishBeside(CultureInfo.CurrentUICulture) ? $"{English(key)} / {t[key]}" : t[key];

    private string English(string key)
    {
        using var english = Languages.Use(Languages.English);
        return t[key];
    }
}
