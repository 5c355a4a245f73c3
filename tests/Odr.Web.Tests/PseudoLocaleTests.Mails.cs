using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Notices;
using Odr.Web.Features.Rulings;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Tests;

/// <summary>Every e-mail (each notice kind to each reader, each account e-mail) and every document kind, in the pseudo-locale.</summary>
public sealed partial class PseudoLocaleTests
{
    /// <summary>The case each notice kind is about: one at the stage the notice is sent in.</summary>
    private static readonly Dictionary<NoticeKind, Func<DisputeCase, bool>> NoticeCase = new()
    {
        [NoticeKind.ComplaintFiled] = c => c.Stage == DisputeStage.AwaitingResponse,
        [NoticeKind.FilingReceipt] = c => c.Stage == DisputeStage.AwaitingResponse,
        [NoticeKind.ResponseReceived] = c => c.ResponseAction == ResponseAction.CounterOffer,
        [NoticeKind.OfferReceived] = c => c.Offers.Count > 0,
        [NoticeKind.OfferRejected] = c => c.Offers.Count > 0,
        [NoticeKind.ProposalReceived] = c => c.Proposals.Count > 0,
        [NoticeKind.DeadlineReminder] = c => c.Stage == DisputeStage.Negotiation,
        [NoticeKind.ComplianceReminder] = c => c.Stage == DisputeStage.Compliance,
        [NoticeKind.Escalated] = c => c.Stage == DisputeStage.Mediation,
        [NoticeKind.NeutralAssigned] = c => c.Stage == DisputeStage.Mediation && c.MediatorId is not null,
        [NoticeKind.EvidenceRequested] = c => c.EvidenceRequests.Count > 0,
        [NoticeKind.EvidenceAnswered] = c => c.Stage == DisputeStage.Arbitration,
        [NoticeKind.PerformanceReported] = c => c.Stage == DisputeStage.Compliance,
        [NoticeKind.Settlement] = c => c.AgreedRemedy is not null,
        [NoticeKind.Award] = c => c.AwardDecision is not null,
        [NoticeKind.Recommendation] = c => c.Stage == DisputeStage.Closed,
        [NoticeKind.CaseClosed] = c => c.Stage == DisputeStage.Closed && c.Outcome is not null,
        [NoticeKind.Appealed] = c => c.Stage == DisputeStage.Appeal,
        [NoticeKind.AppealDecision] = c => c.AppealDecision is not null,
        [NoticeKind.AwardFinal] = c => c.AwardDecision is not null,
    };

    [SqlitePassFact]
    public async Task EveryNotice_ToEveryReader_ComesThroughTheLanguageLayer()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var cases = await scope.ServiceProvider.GetRequiredService<OdrDbContext>().Cases.WithAggregate().AsNoTracking().AsSplitQuery().ToListAsync();
        var composer = scope.ServiceProvider.GetRequiredService<NoticeComposer>();
        var leaks = new List<string>();
        var composed = 0;
        foreach (var kind in Enum.GetValues<NoticeKind>())
        {
            Assert.True(NoticeCase.TryGetValue(kind, out var fits), $"The notice {kind} has no case in PseudoLocaleTests.NoticeCase: add one.");
            var c = cases.FirstOrDefault(fits) ?? throw new Xunit.Sdk.XunitException($"No seeded case fits the notice {kind}.");
            foreach (var reader in new[] { CaseRole.Buyer, CaseRole.Seller, CaseRole.Mediator, CaseRole.Arbitrator })
            {
                foreach (var hasAccount in new[] { true, false })
                {
                    var subject = kind switch
                    {
                        NoticeKind.OfferReceived or NoticeKind.OfferRejected => c.Offers[0].Id.Value,
                        NoticeKind.ProposalReceived => c.Proposals[0].Id.Value,
                        NoticeKind.EvidenceRequested => c.EvidenceRequests[0].Id.Value,
                        NoticeKind.NeutralAssigned => c.MediatorId!.Value.Value,
                        _ => (Guid?)null,
                    };
                    var notice = new SendNotice(c.Id.Value, kind, reader, c.Stage, site.Clock.GetUtcNow().AddDays(7), null, subject);
                    var mail = composer.Compose(notice, c, "Anna Becker", PseudoLocaleSite.Pseudo, hasAccount);
                    composed++;
                    var where = $"notice {kind} to the {reader}{(hasAccount ? "" : " (no account)")}";
                    leaks.AddRange(PseudoText.UnmarkedText(mail.Subject + "\n" + mail.Text, site.Data).Select(l => $"{where} (text): «{l}»"));
                    leaks.AddRange(PseudoText.Unmarked(mail.Html, site.Data).Select(l => $"{where} (HTML): «{l}»"));
                }
            }
        }
        output.WriteLine($"{composed} notices composed ({Enum.GetValues<NoticeKind>().Length} kinds)");
        Report(leaks);
    }

    /// <summary>The account e-mails: every <c>Send…</c> of the sender, each called here.</summary>
    [SqlitePassFact]
    public async Task EveryAccountEmail_ComesThroughTheLanguageLayer()
    {
        var outbox = new Outbox();
        var sender = ActivatorUtilities.CreateInstance<IdentityEmailSender>(site.Services, outbox);
        var user = new OdrUser { Email = "new@example.com", DisplayName = "Anna Becker" };
        var link = "https://odr.example/Account/ConfirmEmail?userId=1&amp;code=2";
        var calls = new Dictionary<string, Func<Task>>
        {
            [nameof(IdentityEmailSender.SendConfirmationLinkAsync)] = () => sender.SendConfirmationLinkAsync(user, user.Email, link),
            [nameof(IdentityEmailSender.SendAlreadyRegisteredAsync)] = () => sender.SendAlreadyRegisteredAsync(user.Email, link),
            [nameof(IdentityEmailSender.SendCaseInvitationAsync) + "/confirm"] = () => sender.SendCaseInvitationAsync(user.Email, "ODR-2026-7", "A-1", "ExampleMart", link, true),
            [nameof(IdentityEmailSender.SendCaseInvitationAsync)] = () => sender.SendCaseInvitationAsync(user.Email, "ODR-2026-7", "A-1", "ExampleMart", link, false),
            [nameof(IdentityEmailSender.SendPasswordResetLinkAsync)] = () => sender.SendPasswordResetLinkAsync(user, user.Email, link),
            [nameof(IdentityEmailSender.SendPasswordResetCodeAsync)] = () => sender.SendPasswordResetCodeAsync(user, user.Email, "123456"),
        };
        var methods = typeof(IdentityEmailSender).GetMethods().Where(m => m.Name.StartsWith("Send", StringComparison.Ordinal)).Select(m => m.Name).ToHashSet();
        Assert.True(methods.IsSubsetOf(calls.Keys), $"Account e-mails this test does not send: {string.Join(", ", methods.Except(calls.Keys))}");
        var leaks = new List<string>();
        foreach (var (name, call) in calls)
        {
            using (Languages.Use(PseudoLocaleSite.Pseudo))
            {
                await call();
            }
            var mail = outbox.Last!;
            leaks.AddRange(PseudoText.UnmarkedText(mail.Subject + "\n" + mail.TextBody, [.. site.Data, "ExampleMart", "A-1"]).Select(l => $"{name} (text): «{l}»"));
            leaks.AddRange(PseudoText.Unmarked(mail.HtmlBody ?? "", [.. site.Data, "ExampleMart", "A-1"]).Select(l => $"{name} (HTML): «{l}»"));
        }
        output.WriteLine($"{calls.Count} account e-mails composed");
        Report(leaks);
    }

    [SqlitePassFact]
    public async Task EveryDocumentKind_ComesThroughTheLanguageLayer()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var cases = await db.Cases.WithAggregate().AsNoTracking().AsSplitQuery().ToListAsync();
        var composer = scope.ServiceProvider.GetRequiredService<DocumentComposer>();
        var leaks = new List<string>();
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            var c = kind switch
            {
                DocumentKind.Settlement => cases.First(c => c.AgreedRemedy is not null),
                DocumentKind.Ruling => cases.First(c => c.AwardDecision is not null && c.Stage == DisputeStage.Compliance),
                DocumentKind.AppealDecision => cases.First(c => c.AppealDecision is not null),
                DocumentKind.Recommendation => cases.First(c => c.Stage == DisputeStage.Closed && c.MediatorId is not null && c.AgreedRemedy is null),
                _ => throw new Xunit.Sdk.XunitException($"The document kind {kind} has no case in this test: add one."),
            };
            var history = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == c.Id).OrderBy(e => e.Seq).ToListAsync();
            var people = new DocumentPeople("Anna Becker", "Maria Rossi", "James Okafor");
            // What the composer wrote, as it gave it to the PDF writer: the document's font need not have the marks' glyphs.
            var texts = new List<string>();
            composer.Compose(c, kind, people, history, "ABCD-EFGH-JKLM", site.Clock.GetUtcNow(), PseudoLocaleSite.Pseudo, texts);
            Assert.Contains(texts, text => text.Contains(PseudoLocalizerMarks.Open, StringComparison.Ordinal));
            leaks.AddRange(PseudoText.UnmarkedText(string.Join("\n", texts), [.. site.Data, "Anna Becker", "Maria Rossi", "James Okafor"])
                .Select(l => $"document {kind}: «{l}»"));
        }
        output.WriteLine($"{Enum.GetValues<DocumentKind>().Length} document kinds composed");
        Report(leaks);
    }

    private void Report(List<string> leaks)
    {
        foreach (var leak in leaks.Distinct())
        {
            output.WriteLine("LEAK " + leak);
        }
        Assert.True(leaks.Count == 0, $"{leaks.Distinct().Count()} texts bypassed the language layer (see the output), e.g. {leaks.FirstOrDefault()}");
    }

    private static class PseudoLocalizerMarks
    {
        public const string Open = "⟦";
    }

    private sealed class Outbox : IMailSender
    {
        public OutgoingMail? Last { get; private set; }

        public Task SendAsync(OutgoingMail mail, CancellationToken ct)
        {
            Last = mail;
            return Task.CompletedTask;
        }
    }
}
