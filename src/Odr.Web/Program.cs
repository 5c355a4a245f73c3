using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Odr.Web.Features.Accounts;
using Odr.Web.Features.Admin;
using Odr.Web.Features.Appeals;
using Odr.Web.Features.Arbitration;
using Odr.Web.Features.Audit;
using Odr.Web.Features.Chat;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.Marketplaces;
using Odr.Web.Features.Mediation;
using Odr.Web.Features.Negotiation;
using Odr.Web.Features.Neutrals;
using Odr.Web.Features.Notices;
using Odr.Web.Features.PublicRecords;
using Odr.Web.Features.Sellers;
using Odr.Web.Features.Regulators;
using Odr.Web.Features.Rulings;
using Odr.Web.Features.Response;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Cluster;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Json;
using Odr.Web.Infrastructure.Operations;
using Odr.Web.Infrastructure.Persistence;
using Odr.Web.Infrastructure.Pdf;
using Odr.Web.Infrastructure.Security;
using Odr.Web.Infrastructure.Startup;
using Odr.Web.Infrastructure.Storage;
using Odr.Workflows;
using Odr.Workflows.Scheduling;

var builder = WebApplication.CreateBuilder(args);
builder.AddOperations();
builder.Services.AddOdrSettings(builder.Configuration);
var configuration = builder.Configuration;
var dataDirectory = DatabaseSetup.ResolveDataDirectory(configuration, builder.Environment);

builder.Services.AddSingleton<TimeProvider>(new MicrosecondClock());
// Requests are small JSON or forms; the endpoints that take files (evidence, verifying a document, the filing and case
// pages) raise the limit for themselves. Larger bodies get a 413 before they are read.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = configuration.GetValue("Odr:Limits:MaxRequestBytes", 1L << 20));

// Infrastructure: the database (with the case history's subscriber), the workflow runtime, accounts, the host.
var database = DatabaseSetup.OptionsOf(configuration);
builder.Services.AddOdrDatabase(configuration, database, builder.Environment);
builder.Services.AddStartupTasks();
builder.Services.AddWorkflows<OdrDbContext>();
// Nodes share the data folder (evidence, documents, keys); one application name lets each read the others' cookies and tokens.
builder.Services.AddDataProtection().SetApplicationName("odr").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
builder.Services.AddOdrIdentity();
var publicUrls = new PublicUrls(configuration["Odr:PublicBaseUrl"] ?? PublicUrls.DefaultBaseUrl);
builder.Services.AddSingleton(publicUrls);
builder.Services.AddOdrProxyAndHosts(configuration, builder.Environment, publicUrls);
builder.Services.AddOdrRateLimiting();
builder.Services.AddOdrApi();
builder.Services.AddOdrPages();
builder.Services.AddHealthChecks()
    .AddDbContextCheck<OdrDbContext>("database")
    .AddCheck<WorkflowRuntimeHealthCheck<OdrDbContext>>("workflows");
var evidenceRoot = Directory.CreateDirectory(Path.Combine(dataDirectory, "evidence")).FullName;
builder.Services.AddSingleton(services => new EvidenceStore(evidenceRoot, services.GetRequiredService<ILogger<EvidenceStore>>()));

// Mail: the sender of notices and of Identity's account e-mails.
builder.Services.AddSingleton(new MailDirectory(Directory.CreateDirectory(Path.Combine(dataDirectory, "mail")).FullName));
builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
builder.Services.AddTransient<IdentityEmailSender>();
builder.Services.AddTransient<IEmailSender<OdrUser>>(services => services.GetRequiredService<IdentityEmailSender>());

// SignalR (the case chat and live case pages).
builder.Logging.AddFilter(HubCallLogging.DispatcherCategory, level => level < LogLevel.Error && level >= LogLevel.Information);
var signalR = builder.Services.AddSignalR(hubs => hubs.AddFilter<HubCallLogging>()).AddJsonProtocol(options => OdrJson.Configure(options.PayloadSerializerOptions));
// Several nodes: SignalR's Redis backplane (the chat feature then keeps its rate limit in Redis too). Without Redis:
// SignalR's in-process manager, right for one node (docs/adr/007).
if (Redis.ConnectionStringOf(configuration) is { } redis)
{
    signalR.AddRedis(redis);
}

// Features: each registers its services, settings, policies and its reactions to case events (IDomainEventSubscriber).
// Disputes first: its subscriber starts a filed case's workflow, whose outbox the later ones write to.
builder.Services.AddDisputes(configuration);
builder.Services.AddNeutrals(configuration);
builder.Services.AddNegotiation(configuration);
builder.Services.AddGoverningLaw(configuration);
builder.Services.AddNotices();
builder.Services.AddRulings(dataDirectory);
builder.Services.AddAppeals();
builder.Services.AddChat(configuration);
builder.Services.AddRegulators(dataDirectory);
builder.Services.AddAudit();
builder.Services.AddAdmin();
builder.Services.AddPublicRecords();
builder.Services.AddSellers();
builder.Services.AddAccounts(configuration);
builder.Services.AddMarketplaces(builder.Configuration, builder.Environment);

var app = builder.Build();

// The startup tasks the infrastructure and the features registered (migrations, backfills, roles, demo data, shared keys),
// in order, one node at a time.
await StartupTasks.RunAsync(app.Services, database, app.Logger, app.Lifetime.ApplicationStopping);

// First: everything after it (rate limits, the sign-in lockout, HTTPS redirects) sees the client a known proxy forwarded.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseHubOriginCheck(DisputeChatHub.Path);
app.UseRequestLocalization();
app.UseExceptionHandler("/Error");
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"),
    api => api.UseStatusCodePages());
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
    pages => pages.UseStatusCodePagesWithReExecute("/StatusCode"));
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
// Routing after the error and status-code middleware, so their re-executed requests are routed to the error pages.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapStaticAssets();
app.MapOpenApi();
app.MapOperations();
app.MapAccounts();
app.MapDisputes();
app.MapResponse();
app.MapNegotiation();
app.MapMediation();
app.MapArbitration();
app.MapAppeals();
app.MapWorkflowAdmin();
app.MapGoverningLaw();
app.MapCaseGoverningLaw();
app.MapDocuments();
app.MapChat();
app.MapAudit();
app.MapRegulators();
app.MapSellerProfiles();
app.MapPublicRecords();
app.MapMarketplaces();
app.MapRazorPages().WithStaticAssets();

if (database.Provider == DatabaseProvider.Postgres && Redis.ConnectionStringOf(configuration) is null)
{
    // PostgreSQL is how several nodes share cases and work; without Redis their chat does not cross between them.
    app.Logger.LogWarning("No {RedisSetting}: if this is one of several nodes, chat messages and closed connections reach only "
        + "this node's clients and each node keeps its own chat rate limit; set {RedisSetting} on every node (docs/adr/007)",
        Redis.Setting, Redis.Setting);
}
app.Logger.LogInformation("Documents are drawn in {Font} and signed by {Certificate}",
    app.Services.GetRequiredService<DocumentFont>().Path,
    app.Services.GetRequiredService<System.Security.Cryptography.X509Certificates.X509Certificate2>().Subject);
app.Logger.LogInformation("ODR service data in {DataDirectory}; mail {MailMode}", dataDirectory,
    string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<MailOptions>>().Value.Smtp.Host)
        ? $"written as .eml files to {app.Services.GetRequiredService<MailDirectory>().Path}"
        : "sent by SMTP");

await app.RunAsync();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
