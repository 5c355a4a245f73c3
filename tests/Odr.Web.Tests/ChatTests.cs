using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Tests;

/// <summary>A chat limit small enough to reach in a test.</summary>
public class ChatLimitFactory : OdrWebFactory
{
    /// <summary>What the service logs.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>
    /// The rate limit for this class. The tests share their senders, so a low limit would fail whichever test came soon
    /// enough after another on a fast machine; the limit's own test uses a factory of its own.
    /// </summary>
    protected virtual string MessagesPerTenSeconds => "1000";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:Chat:MessagesPerTenSeconds"] = MessagesPerTenSeconds };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>A service that lets a person send five chat messages in ten seconds.</summary>
public sealed class FiveMessagesFactory : ChatLimitFactory
{
    protected override string MessagesPerTenSeconds => "5";
}

/// <summary>The case chat over real SignalR connections.</summary>
public class ChatTests(ChatLimitFactory factory) : IClassFixture<ChatLimitFactory>
{
    private sealed class Listener
    {
        public ConcurrentQueue<ChatMessageResponse> Messages { get; } = new();
        public ConcurrentQueue<CaseUpdatedResponse> Updates { get; } = new();
    }

    private static Listener Listen(HubConnection connection)
    {
        var listener = new Listener();
        connection.On<ChatMessageResponse>("messageReceived", listener.Messages.Enqueue);
        connection.On<CaseUpdatedResponse>("caseUpdated", listener.Updates.Enqueue);
        return listener;
    }

    private static Task WaitForAsync(Func<bool> condition) => Waiting.UntilAsync(condition, TimeSpan.FromSeconds(10), "a hub message");

    private async Task<(string Url, Guid CaseId)> FiledAsync(string buyerEmail = "buyer@demo.odr")
    {
        var buyer = await factory.ClientForAsync(buyerEmail);
        var filed = await Filings.FileAsync(buyer);
        await factory.DrainWorkflowsAsync();
        return ($"/api/cases/{filed["id"]}", Guid.Parse((string)filed["id"]!));
    }

    [Fact]
    public async Task TwoParties_ExchangeMessagesLive_AndTheTranscriptKeepsThem()
    {
        var (url, caseId) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await using var seller = await HubConnections.ConnectAsync(factory, "seller@demo.odr");
        var buyerHears = Listen(buyer);
        var sellerHears = Listen(seller);
        await buyer.InvokeAsync("JoinCase", caseId);
        await seller.InvokeAsync("JoinCase", caseId);

        var sent = await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Hello, where is my parcel? <b>not bold</b>");
        await seller.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "您好，包裹已于十月三日寄出。");

        await WaitForAsync(() => sellerHears.Messages.Count >= 2 && buyerHears.Messages.Count >= 2);
        var first = sellerHears.Messages.First();
        Assert.Equal((sent.Id, "Hello, where is my parcel? <b>not bold</b>", "Joint", "Buyer"),
            (first.Id, first.Text, first.Channel.ToString(), first.SenderRole.ToString()));
        Assert.Equal("Anna Becker", first.SenderName);

        var transcript = (await (await factory.ClientForAsync("seller@demo.odr")).GetFromJsonAsync<JsonArray>($"{url}/messages"))!;
        Assert.Equal(["Hello, where is my parcel? <b>not bold</b>", "您好，包裹已于十月三日寄出。"], transcript.Select(m => (string)m!["text"]!));
        var history = (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        var posted = history.Where(e => (string)e!["type"]! == "messagePosted").ToList();
        Assert.Equal(2, posted.Count);
        Assert.DoesNotContain("parcel", posted[0]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", (string)posted[0]!["data"]!["commitment"]!);
        Assert.Equal(["joint", "joint"], posted.Select(e => (string)e!["chain"]!));
    }

    /// <summary>
    /// A post reads the case's row, not its offers, proposals or evidence requests (a message changes no awaiting task),
    /// nor the end of the case's own chain (a message extends its channel's chain): four statements fewer a message. Nor
    /// does its save, in a transaction of its own, wrap itself in a savepoint (two more). Nor does it look for an earlier
    /// command with its digest's key, which names the new message (one more). And it takes one connection from the pool
    /// for all of them, not one for each read.
    /// </summary>
    [Fact]
    public async Task APost_ReadsNeitherTheCasesCollectionsNorTheEndOfItsChain_AndMakesNoSavepoint()
    {
        var (url, caseId) = await FiledAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        // Listening before the context runs anything: EF Core decides for a while whether anyone listens, from its first statement.
        using var statements = new ContextStatements(db);
        var buyer = await scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>().FindByEmailAsync("buyer@demo.odr");
        statements.Texts.Clear();
        var opensBefore = statements.Opens;

        await scope.ServiceProvider.GetRequiredService<ChatService>().PostAsync(buyer!, caseId, ChatChannel.Joint, "Is it on its way?", CancellationToken.None);

        var run = statements.Texts.ToList();
        Assert.Contains(run, sql => sql.Contains("INSERT INTO \"ChannelEvents\"", StringComparison.Ordinal));
        Assert.DoesNotContain(run, sql => new[] { "\"Offers\"", "\"MediationProposals\"", "\"EvidenceRequests\"", "\"CaseEvents\"" }
            .Any(table => sql.Contains(table, StringComparison.Ordinal)));
        Assert.DoesNotContain("SAVEPOINT", run);
        Assert.Contains(run, sql => sql.Contains("INSERT INTO \"WorkflowCommands\"", StringComparison.Ordinal));
        Assert.DoesNotContain(run, sql => sql.Contains("FROM \"WorkflowCommands\"", StringComparison.Ordinal));
        Assert.Equal(1, statements.Opens - opensBefore);
        var transcript = (await (await factory.ClientForAsync("seller@demo.odr")).GetFromJsonAsync<JsonArray>($"{url}/messages"))!;
        Assert.Equal(["Is it on its way?"], transcript.Select(m => (string)m!["text"]!));
    }

    /// <summary>A NUL (which PostgreSQL cannot store) in a live message is refused when the hub reads it; the connection goes on.</summary>
    [Fact]
    public async Task AMessageWithControlCharacters_IsRefused_AndTheConnectionGoesOn()
    {
        var (url, caseId) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await buyer.InvokeAsync("JoinCase", caseId);

        await Assert.ThrowsAsync<HubException>(() => buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "hello\u0000world"));
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "hello world");

        var transcript = (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"{url}/messages"))!;
        Assert.Equal(["hello world"], transcript.Select(m => (string)m!["text"]!));
    }

    [Fact]
    public async Task AStranger_CannotJoin_AndHearsNothing()
    {
        var (_, caseId) = await FiledAsync();
        await using var stranger = await HubConnections.ConnectAsync(factory, "buyer2@demo.odr");
        var strangerHears = Listen(stranger);
        var refused = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("JoinCase", caseId));
        Assert.Contains("not yours", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "hi"));

        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await buyer.InvokeAsync("JoinCase", caseId);
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "private to the parties");
        await ToEveryoneAsync("to everyone");
        await WaitForAsync(() => !strangerHears.Messages.IsEmpty);
        Assert.Equal(["to everyone"], strangerHears.Messages.Select(m => m.Text));
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await regulator.GetAsync($"/api/cases/{caseId}/messages")).StatusCode);
    }

    /// <summary>A case contested and escalated to mediation, with its mediator's e-mail address.</summary>
    private async Task<(string Url, Guid CaseId, string MediatorEmail)> InMediationAsync()
    {
        var (url, caseId) = await FiledAsync();
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var buyerApi = await factory.ClientForAsync("buyer@demo.odr");
        (await seller.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "No.", consentToArbitration = true })).EnsureSuccessStatusCode();
        (await buyerApi.PostAsJsonAsync($"{url}/escalate", new { reason = "Mediation please." })).EnsureSuccessStatusCode();
        await factory.DrainWorkflowsAsync();
        return (url, caseId, await factory.EmailOfAsync(Guid.Parse((string)(await buyerApi.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!)));
    }

    private sealed record Room(HubConnection Mediator, HubConnection Buyer, HubConnection Seller) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Mediator.DisposeAsync();
            await Buyer.DisposeAsync();
            await Seller.DisposeAsync();
        }
    }

    /// <summary>The mediator's, the buyer's and the seller's connections, each joined to the case.</summary>
    private async Task<Room> EveryoneInMediationAsync(Guid caseId, string mediatorEmail)
    {
        var mediator = await HubConnections.ConnectAsync(factory, mediatorEmail);
        var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        var seller = await HubConnections.ConnectAsync(factory, "seller@demo.odr");
        foreach (var connection in new[] { mediator, buyer, seller })
        {
            await connection.InvokeAsync("JoinCase", caseId);
        }
        return new Room(mediator, buyer, seller);
    }

    /// <summary>
    /// Checks each chain of a history view on its own, as a reader can: the case's (entries without <c>chain</c>) and each
    /// chat channel's. An entry without its <c>chain</c>, <c>previousHash</c> and <c>hash</c> is the text that was hashed.
    /// </summary>
    private static Dictionary<string, int> VerifiedChains(JsonArray history)
    {
        var previous = new Dictionary<string, string>();
        var lengths = new Dictionary<string, int>();
        foreach (var entry in history.Select(e => e!.AsObject()))
        {
            var chain = (string?)entry["chain"] ?? "case";
            var canonical = entry.DeepClone().AsObject();
            canonical.Remove("chain");
            canonical.Remove("previousHash");
            canonical.Remove("hash");
            Assert.Equal(previous.GetValueOrDefault(chain, new string('0', 64)), (string)entry["previousHash"]!);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes((string)entry["previousHash"]! + canonical.ToJsonString())));
            Assert.Equal(hash, (string)entry["hash"]!);
            previous[chain] = hash;
            lengths[chain] = lengths.GetValueOrDefault(chain) + 1;
        }
        return lengths;
    }

    /// <summary>
    /// A caucus leaves no trace where its readers are not: the other party's and a regulator's views of the history (and
    /// the regulator's chain download and case view) are the same, to the byte, before and after it; the regulator's hold
    /// no chat at all. Its readers see its own chain and can check it, as each of the others.
    /// </summary>
    [Fact]
    public async Task ACaucus_LeavesNoTraceInTheOtherPartysOrARegulatorsViews_AndItsReadersCanVerifyItsChain()
    {
        var (url, caseId, mediatorEmail) = await InMediationAsync();
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        await using var room = await EveryoneInMediationAsync(caseId, mediatorEmail);
        var (mediator, buyer, sellerHub) = (room.Mediator, room.Buyer, room.Seller);
        await mediator.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Joint session: welcome both.");
        await sellerHub.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "seller", "I could refund 20.");
        async Task<string[]> OutsidersViewsAsync() =>
        [
            await seller.GetStringAsync($"{url}/events"),
            await regulator.GetStringAsync($"{url}/events"),
            await regulator.GetStringAsync($"/api/audit/cases/{caseId}/chain"),
            await regulator.GetStringAsync(url),
        ];
        var before = await OutsidersViewsAsync();

        await mediator.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "What is the lowest refund you would accept?");
        var answer = await buyer.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "I'd accept 25");

        var after = await OutsidersViewsAsync();
        Assert.Equal(before, after);
        Assert.DoesNotContain(answer.Id.ToString(), string.Concat(after), StringComparison.Ordinal);
        Assert.All(after.Skip(1), view => Assert.DoesNotContain("messagePosted", view, StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, int> { ["joint"] = 1, ["caucusSeller"] = 1 },
            VerifiedChains(JsonNode.Parse(after[0])!.AsArray()).Where(c => c.Key != "case").ToDictionary());

        var buyerView = (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        Assert.Equal(new Dictionary<string, int> { ["joint"] = 1, ["caucusBuyer"] = 2 },
            VerifiedChains(buyerView).Where(c => c.Key != "case").ToDictionary());
        var answerEntry = buyerView.Single(e => (string?)e!["data"]!["messageId"] == answer.Id.ToString())!;
        Assert.Equal(("caucusBuyer", "buyer"), ((string)answerEntry["chain"]!, (string)answerEntry["actorRole"]!));
        // A salted commitment: the text's plain hash, which anyone could compute from a guess, is not it.
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("I'd accept 25"u8)),
            (string)answerEntry["data"]!["commitment"]!);
        var mediatorView = (await (await factory.ClientForAsync(mediatorEmail)).GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        Assert.Equal(new Dictionary<string, int> { ["joint"] = 1, ["caucusBuyer"] = 2, ["caucusSeller"] = 1 },
            VerifiedChains(mediatorView).Where(c => c.Key != "case").ToDictionary());
    }

    [Fact]
    public async Task TheMediatorsCaucusWithTheBuyer_IsInvisibleToTheSeller()
    {
        var (url, caseId, mediatorEmail) = await InMediationAsync();
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var buyerApi = await factory.ClientForAsync("buyer@demo.odr");

        await using var room = await EveryoneInMediationAsync(caseId, mediatorEmail);
        var (mediator, buyer, sellerHub) = (room.Mediator, room.Buyer, room.Seller);
        var buyerHears = Listen(buyer);
        var sellerHears = Listen(sellerHub);

        await mediator.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "What is the lowest refund you would accept?");
        await buyer.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "30 EUR would do.");
        await Assert.ThrowsAsync<HubException>(() => sellerHub.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "let me in"));
        await mediator.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Joint session: welcome both.");

        // The joint message went last: a caucus message reaching the seller would have arrived before it.
        await WaitForAsync(() => buyerHears.Messages.Count >= 3 && !sellerHears.Messages.IsEmpty);
        Assert.Equal(["Joint session: welcome both."], sellerHears.Messages.Select(m => m.Text));
        var sellerTranscript = (await seller.GetFromJsonAsync<JsonArray>($"{url}/messages"))!;
        Assert.DoesNotContain(sellerTranscript, m => ((string)m!["text"]!).Contains("30 EUR", StringComparison.Ordinal));
        var buyerTranscript = (await buyerApi.GetFromJsonAsync<JsonArray>($"{url}/messages"))!;
        Assert.Equal(3, buyerTranscript.Count);
    }

    /// <summary>
    /// Messages are numbered per channel: were they numbered per case, the seller would see a gap in the joint room's
    /// numbers wherever the buyer's caucus spoke, and so learn its count and timing.
    /// </summary>
    [Fact]
    public async Task TheNumbersASellerSees_ShowNoGapWhereTheBuyersCaucusSpoke()
    {
        var (url, caseId, mediatorEmail) = await InMediationAsync();
        var seller = await factory.ClientForAsync("seller@demo.odr");
        await using var room = await EveryoneInMediationAsync(caseId, mediatorEmail);

        var first = await room.Seller.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Joint one.");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await room.Mediator.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "Between us: what would you take?");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await room.Buyer.InvokeAsync<ChatMessageResponse>("SendCaucusMessage", caseId, "buyer", "25 EUR.");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await room.Mediator.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Joint two.");

        Assert.Equal(first.Seq + 1, second.Seq);
        var transcript = (await seller.GetFromJsonAsync<JsonArray>($"{url}/messages"))!;
        Assert.Equal([1, 2], transcript.Select(m => (int)m!["seq"]!));
        // The buyer reads both its channels, in the order things were said; after the least number it has seen in each.
        var everything = await room.Buyer.InvokeAsync<List<ChatMessageResponse>>("GetMessagesSince", caseId, 0);
        Assert.Equal(["Joint one.", "Between us: what would you take?", "25 EUR.", "Joint two."], everything.Select(m => m.Text));
        var afterFirst = await room.Buyer.InvokeAsync<List<ChatMessageResponse>>("GetMessagesSince", caseId, 1);
        Assert.Equal(["25 EUR.", "Joint two."], afterFirst.Select(m => m.Text));
    }

    [Fact]
    public async Task AReconnectingClient_GetsWhatItMissed_EachOnce()
    {
        var (_, caseId) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await buyer.InvokeAsync("JoinCase", caseId);
        var seen = await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "one");

        await using (var seller = await HubConnections.ConnectAsync(factory, "seller@demo.odr"))
        {
            await seller.InvokeAsync("JoinCase", caseId);
            await seller.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "two");
            await seller.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "three");
        }

        await using var again = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await again.InvokeAsync("JoinCase", caseId);
        var missed = await again.InvokeAsync<List<ChatMessageResponse>>("GetMessagesSince", caseId, seen.Seq);
        Assert.Equal(["two", "three"], missed.Select(m => m.Text));
        Assert.Equal(missed.Select(m => m.Seq).Distinct().Count(), missed.Count);
    }

    [Fact]
    public async Task Limits_LengthRateAndClosedCases_AreClearErrors()
    {
        await using var five = new FiveMessagesFactory();
        var filed = await Filings.FileAsync(await five.ClientForAsync("buyer2@demo.odr"));
        var (url, caseId) = ($"/api/cases/{filed["id"]}", Guid.Parse((string)filed["id"]!));
        await using var buyer = await HubConnections.ConnectAsync(five, "buyer2@demo.odr");
        await buyer.InvokeAsync("JoinCase", caseId);

        var tooLong = await Assert.ThrowsAsync<HubException>(() => buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, new string('x', 4001)));
        Assert.Contains("4000", tooLong.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "   "));
        var sent = 0;
        HubException? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            try
            {
                await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, $"message {i}");
                sent++;
            }
            catch (HubException e)
            {
                limited = e;
            }
        }
        Assert.True(limited is not null && sent <= 5, $"sent {sent} messages without a limit");
        Assert.Contains("too quickly", limited!.Message, StringComparison.Ordinal);

        var api = await five.ClientForAsync("buyer2@demo.odr");
        (await api.PostAsJsonAsync($"{url}/withdraw", new { })).EnsureSuccessStatusCode();
        // Once the rate window has passed (retried until the refusal is no longer the rate's), the refusal is the closed case's.
        HubException? closed = null;
        await Waiting.UntilAsync(async () =>
        {
            closed = await Assert.ThrowsAsync<HubException>(() => buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "still there?"));
            return !closed.Message.Contains("too quickly", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the rate window to pass");
        Assert.Contains("closed", closed!.Message, StringComparison.Ordinal);
        Assert.Equal(sent, (await api.GetFromJsonAsync<JsonArray>($"{url}/messages"))!.Count); // the transcript stays readable
    }

    [Fact]
    public async Task EveryTransition_PushesCaseUpdated_ToTheRoom()
    {
        var (url, caseId) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        var hears = Listen(buyer);
        await buyer.InvokeAsync("JoinCase", caseId);

        var seller = await factory.ClientForAsync("seller@demo.odr");
        (await seller.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "No.", consentToArbitration = true })).EnsureSuccessStatusCode();
        await factory.DrainWorkflowsAsync();

        await WaitForAsync(() => !hears.Updates.IsEmpty);
        var update = hears.Updates.Single();
        Assert.Equal((caseId, "Negotiation"), (update.CaseId, update.Stage.ToString()));
        Assert.NotNull(update.Deadline);
    }

    [Fact]
    public async Task IssuingTheSignedDocument_PushesDocumentIssued_ToTheCasesWatchers()
    {
        var (url, caseId) = await FiledAsync();
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        var pushed = new ConcurrentQueue<DocumentIssuedResponse>();
        buyer.On<DocumentIssuedResponse>("documentIssued", pushed.Enqueue);
        await buyer.InvokeAsync("JoinCase", caseId);

        var seller = await factory.ClientForAsync("seller@demo.odr");
        (await seller.PostAsJsonAsync($"{url}/response", new { action = "accept", statement = "Refunding.", consentToArbitration = false })).EnsureSuccessStatusCode();
        await factory.DrainWorkflowsAsync();

        await WaitForAsync(() => !pushed.IsEmpty);
        var issued = Assert.Single(pushed);
        var listed = Assert.Single((await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"{url}/documents"))!)!;
        Assert.Equal((caseId, (string)listed["id"]!, "settlement", (string)listed["verificationCode"]!, (string)listed["sha256"]!),
            (issued.CaseId, issued.Document.Id.ToString(), issued.Document.Kind.ToString().ToLowerInvariant(), issued.Document.VerificationCode,
                issued.Document.Sha256));
    }

    /// <summary>
    /// A message sent to every open connection, after what a test expects some connection not to receive: were that sent
    /// to it, it would have arrived first.
    /// </summary>
    private Task ToEveryoneAsync(string text) =>
        factory.Services.GetRequiredService<Microsoft.AspNetCore.SignalR.IHubContext<DisputeChatHub>>().Clients.All.SendAsync("messageReceived",
            new ChatMessageResponse(Guid.Empty, Guid.NewGuid(), 0, ChatChannel.Joint, CaseRole.System, "test", text, factory.Clock.GetUtcNow()));

    private static Task<Exception?> ClosedAsync(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    /// <summary>
    /// An arbitrator replaced for missing the deadline keeps its connection open and joined: it is sent nothing more of
    /// the case. To show that it received nothing, a later message sent to every connection must be the next to arrive.
    /// </summary>
    [Fact]
    public async Task AReplacedArbitrator_IsSentNothingMoreOfTheCase_OverItsOpenConnection()
    {
        var (url, caseId, mediatorEmail) = await InMediationAsync();
        (await (await factory.ClientForAsync(mediatorEmail)).PostAsJsonAsync($"{url}/mediation/impasse", new { note = "No agreement." })).EnsureSuccessStatusCode();
        await factory.DrainWorkflowsAsync();
        var buyerApi = await factory.ClientForAsync("buyer@demo.odr");
        var arbitratorId = (string)(await buyerApi.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]!;
        await using var arbitrator = await HubConnections.ConnectAsync(factory, await factory.EmailOfAsync(Guid.Parse(arbitratorId)));
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        var arbitratorHears = Listen(arbitrator);
        await arbitrator.InvokeAsync("JoinCase", caseId);
        await buyer.InvokeAsync("JoinCase", caseId);
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Before the deadline.");
        await WaitForAsync(() => !arbitratorHears.Messages.IsEmpty);

        await factory.AdvanceAsync(TimeSpan.FromDays(30));
        buyerApi = await factory.ClientForAsync("buyer@demo.odr"); // the earlier token has expired meanwhile
        Assert.NotEqual(arbitratorId, (string?)(await buyerApi.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]);
        await buyer.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "After the replacement.");

        await ToEveryoneAsync("to everyone");
        await WaitForAsync(() => arbitratorHears.Messages.Count >= 2);
        Assert.Equal(["Before the deadline.", "to everyone"], arbitratorHears.Messages.Select(m => m.Text));
    }

    /// <summary>
    /// A connection outlives the sign-in that opened it; when the account's security stamp changes, it is closed: a seller
    /// who changed its address (so is no longer the case's seller), an account signed out everywhere.
    /// </summary>
    [Fact]
    public async Task AConnection_IsClosed_WhenItsAccountsSecurityStampChanges()
    {
        var (_, caseId) = await FiledAsync();
        await using var seller = await HubConnections.ConnectAsync(factory, "seller@demo.odr");
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await seller.InvokeAsync("JoinCase", caseId);
        await buyer.InvokeAsync("JoinCase", caseId);
        var (sellerClosed, buyerClosed) = (ClosedAsync(seller), ClosedAsync(buyer));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>();
        var account = (await users.FindByEmailAsync("seller@demo.odr"))!;
        async Task ChangeEmailAsync(string email) =>
            Assert.True((await users.ChangeEmailAsync(account, email, await users.GenerateChangeEmailTokenAsync(account, email))).Succeeded);
        await ChangeEmailAsync("seller.new@demo.odr");
        try
        {
            await sellerClosed.WaitAsync(Waiting.LeastPatience);
        }
        finally
        {
            await ChangeEmailAsync("seller@demo.odr");
        }
        Assert.Equal(HubConnectionState.Connected, buyer.State);

        Assert.True((await users.UpdateSecurityStampAsync((await users.FindByEmailAsync("buyer@demo.odr"))!)).Succeeded);
        await buyerClosed.WaitAsync(Waiting.LeastPatience);
    }

    /// <summary>A stamp changed behind the service's back (no commit of its own to act on) is found by the node's periodic check.</summary>
    [Fact]
    public async Task AStampChangedBehindTheServicesBack_ClosesTheConnection_AtTheNextCheck()
    {
        await using var buyer = await HubConnections.ConnectAsync(factory, "buyer2@demo.odr");
        var closed = ClosedAsync(buyer);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OdrDbContext>().Database.ExecuteSqlRawAsync(
                "UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = 'CHANGED-BEHIND-THE-SERVICE' WHERE \"NormalizedEmail\" = 'BUYER2@DEMO.ODR'"));
        }
        // The check runs each minute on the service's clock: move it on, a minute at a time, until the connection is closed.
        await Waiting.UntilAsync(() =>
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            return closed.IsCompleted;
        }, TimeSpan.FromSeconds(10), "the periodic check to close the connection");
    }

    /// <summary>
    /// A page of another site cannot open the chat with the visitor's cookie (cross-site WebSocket hijacking): a browser's
    /// Origin must be the service's own (Odr:PublicBaseUrl) or the request's own host; a client without one is no browser.
    /// </summary>
    [Theory]
    [InlineData("https://evil.example", 403)]
    [InlineData("null", 403)]
    [InlineData("http://localhost:5081", 403)]
    [InlineData("http://localhost:5080", 200)]
    [InlineData("http://localhost", 200)]
    [InlineData(null, 200)]
    public async Task TheHub_RefusesAConnectionFromAnotherSitesPage(string? origin, int status)
    {
        var client = await factory.ClientForAsync("buyer@demo.odr");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/cases/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        var response = await client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        if (status == 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Origin", await response.ErrorFieldsAsync());
        }
    }

    [Fact]
    public async Task TheHub_RefusesAWebSocketFromAnotherSitesPage()
    {
        var token = await factory.TokenForAsync("buyer@demo.odr");
        var socket = factory.Server.CreateWebSocketClient();
        socket.ConfigureRequest = request => request.Headers.Origin = "https://evil.example";
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            socket.ConnectAsync(new Uri($"ws://localhost/hubs/cases?access_token={Uri.EscapeDataString(token)}"), CancellationToken.None));
    }

    /// <summary>A refused hub call is the caller's mistake, not the service's: logged at information with its reason, no stack trace.</summary>
    [Fact]
    public async Task ARefusedHubCall_IsLoggedAtInformation_WithoutAStackTrace()
    {
        var (_, caseId) = await FiledAsync();
        await using var stranger = await HubConnections.ConnectAsync(factory, "buyer2@demo.odr");
        factory.Logs.Entries.Clear();
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => stranger.InvokeAsync("JoinCase", caseId));

        var entries = factory.Logs.Entries.ToList();
        Assert.DoesNotContain(entries, e => e.Exception is Microsoft.AspNetCore.SignalR.HubException || (e.Level >= LogLevel.Warning && e.Category.Contains("SignalR", StringComparison.Ordinal)));
        Assert.Contains(entries, e => e is { Level: LogLevel.Information, Exception: null }
            && e.Message.Contains("Refused JoinCase", StringComparison.Ordinal) && e.Message.Contains("not yours", StringComparison.Ordinal));
    }
}
