using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// The notices a running case was missing, through the real SMTP server: an offer rejected (to its maker), a mediator's
/// proposal (to both parties), evidence that answers the arbitrator's request (to the arbitrator), and the seller's report
/// that the outcome was carried out (to the buyer).
/// </summary>
public sealed class CaseNoticeTests(SmtpWebFactory factory) : IClassFixture<SmtpWebFactory>
{
    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static void AssertOneMail(SmtpWebFactory factory, string address, string number, string subject, string body)
    {
        var mail = Assert.Single(factory.Smtp.MessagesTo(address), m => m.Subject!.StartsWith($"[{number}]", StringComparison.Ordinal)
            && m.Subject.Contains(subject, StringComparison.Ordinal));
        Assert.Contains(body, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://odr.example/Cases/Details/", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedOffers_Proposals_AnsweredEvidenceRequests_AndTheSellersReport_AreEachNoticedToWhomItConcerns()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        var number = (string)filed["number"]!;
        var url = $"/api/cases/{filed["id"]}";
        var responded = await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new
        {
            action = "counterOffer", offer = new { remedy = new { type = "partialRefund", amount = new { value = 20m, currency = "EUR" } } },
            consentToArbitration = true,
        }));
        await OkAsync(await buyer.PostAsync($"{url}/offers/{responded["offers"]![0]!["id"]}/reject", null));
        await factory.DrainWorkflowsAsync();
        // The seller reads Chinese: the subject carries both languages, the body Chinese.
        AssertOneMail(factory, "seller@demo.odr", number, "您的提议被拒绝 / Your offer was rejected", "对方拒绝了您的提议（部分退款");
        Assert.DoesNotContain(factory.Smtp.MessagesTo("buyer@demo.odr"), m => m.Subject!.Contains("Your offer was rejected", StringComparison.Ordinal));

        await OkAsync(await buyer.PostAsJsonAsync($"{url}/escalate", new { reason = "No progress." }));
        await factory.DrainWorkflowsAsync();
        var mediator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!));
        await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/proposals", new
        {
            remedy = new { type = "partialRefund", amount = new { value = 40m, currency = "EUR" } }, note = "Halfway.",
        }));
        await factory.DrainWorkflowsAsync();
        AssertOneMail(factory, "buyer@demo.odr", number, "The mediator proposes terms", "The mediator proposes: Partial refund: 40.00 EUR.");
        AssertOneMail(factory, "seller@demo.odr", number, "调解员提出了和解方案", "调解员提出：部分退款");

        await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/impasse", new { note = "No agreement." }));
        await factory.DrainWorkflowsAsync();
        var arbitratorId = Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]!);
        var arbitrator = await factory.ClientForUserAsync(arbitratorId);
        var arbitratorEmail = await factory.EmailOfAsync(arbitratorId);
        await OkAsync(await arbitrator.PostAsJsonAsync($"{url}/evidence-requests", new { from = "buyer", request = "The carrier's letter.", dueInDays = 5 }));
        Assert.True((await buyer.PostAsync($"{url}/evidence", EvidenceUploads.Upload(EvidenceUploads.Pdf, "carrier-letter.pdf", "application/pdf"))).IsSuccessStatusCode);
        await factory.DrainWorkflowsAsync();
        var answered = Assert.Single(factory.Smtp.MessagesTo(arbitratorEmail), m => m.Subject!.Contains("A party sent the evidence you asked for", StringComparison.Ordinal));
        Assert.Contains("carrier-letter.pdf", answered.TextBody, StringComparison.Ordinal);

        await OkAsync(await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "fullRefund", governingLaw = "DE", reasons = "Not delivered." }));
        await factory.DrainWorkflowsAsync();
        await OkAsync(await seller.PostAsJsonAsync($"{url}/performance", new { paymentReference = "SEPA-2026-118", note = "Refunded." }));
        await factory.DrainWorkflowsAsync();
        AssertOneMail(factory, "buyer@demo.odr", number, "The seller says the outcome was carried out", "Payment reference: SEPA-2026-118.");
    }
}
