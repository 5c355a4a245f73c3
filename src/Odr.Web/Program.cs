using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Odr.Web.Features.Accounts;
using Odr.Web.Features.Admin;
using Odr.Web.Features.Arbitration;
using Odr.Web.Features.Audit;
using Odr.Web.Features.Chat;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Features.GoverningLaw;
using Odr.Domain.GoverningLaw;
using Odr.Web;
using Odr.Web.Features.Mediation;
using Odr.Web.Features.Negotiation;
using Odr.Web.Features.Neutrals;
using Odr.Web.Features.PublicRecords;
using Odr.Web.Features.Regulators;
using Odr.Web.Features.Notices;
using Odr.Web.Features.Rulings;
using Odr.Web.Infrastructure.Pdf;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Forms;
using Odr.Web.Infrastructure.Cluster;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Json;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Operations;
using Odr.Web.Infrastructure.Persistence;
using Odr.Web.Infrastructure.Problems;
using Odr.Web.Infrastructure.Security;
using Odr.Web.Infrastructure.Storage;
using Odr.Workflows;
using Odr.Workflows.Runtime;
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

var database = DatabaseSetup.OptionsOf(configuration);
builder.Services.AddOdrDatabase(configuration, database, builder.Environment);
// Nodes share the data folder (evidence, documents, keys); one application name lets each read the others' cookies and tokens.
builder.Services.AddDataProtection().SetApplicationName("odr").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

builder.Services
    .AddIdentityApiEndpoints<OdrUser>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 8;
        // The lockout's numbers: PasswordSignIn counts wrong passwords per account and client address with them.
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        options.SignIn.RequireConfirmedAccount = false; // a buyer may file at once; a seller's access needs the confirmed address
    })
    .AddRoles<OdrRole>()
    .AddEntityFrameworkStores<OdrDbContext>();
// Pages sign in with the cookie and are challenged to the sign-in page; the API's policies name the bearer scheme.
builder.Services.AddAuthentication(options =>
{
    options.DefaultScheme = IdentityConstants.ApplicationScheme;
    options.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
});
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.LoginPath = "/Account/Login";
    cookie.LogoutPath = "/Account/Logout";
    cookie.AccessDeniedPath = "/Account/AccessDenied";
    cookie.Cookie.HttpOnly = true;
    cookie.Cookie.SameSite = SameSiteMode.Lax;
});
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ApiAuthorization.Authenticated, policy => policy
        .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
        .RequireAuthenticatedUser())
    .AddPolicy(ApiAuthorization.Buyer, policy => policy
        .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
        .RequireAuthenticatedUser()
        .RequireRole(Roles.Buyer))
    .AddPolicy(DisputeChatHub.HubPolicy, policy => policy
        .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme)
        .RequireAuthenticatedUser())
    .AddPolicy(AuditEndpoints.AuditorPolicy, policy => policy
        .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
        .RequireAuthenticatedUser()
        .RequireRole(Roles.Regulator, Roles.Admin))
    .AddPolicy(RegulatorEndpoints.RegulatorPolicy, policy => policy
        .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
        .RequireAuthenticatedUser()
        .RequireRole(Roles.Regulator))
    .AddPolicy(WorkflowAdminEndpoints.AdminPolicy, policy => policy
        .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
        .RequireAuthenticatedUser()
        .RequireRole(Roles.Admin));
// A cookie made before the account's security stamp changed (sign-out, a new password, a confirmed address) ends at
// its next request, as a bearer token does (BearerTokens).
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
builder.Services.AddTransient<IdentityEmailSender>();
builder.Services.AddTransient<IEmailSender<OdrUser>>(services => services.GetRequiredService<IdentityEmailSender>());
var publicUrls = new PublicUrls(configuration["Odr:PublicBaseUrl"] ?? PublicUrls.DefaultBaseUrl);
builder.Services.AddSingleton(publicUrls);
builder.Services.AddOdrProxyAndHosts(configuration, builder.Environment, publicUrls);

builder.Services.AddSingleton(new MailDirectory(Directory.CreateDirectory(Path.Combine(dataDirectory, "mail")).FullName));
builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
var evidenceRoot = Directory.CreateDirectory(Path.Combine(dataDirectory, "evidence")).FullName;
builder.Services.AddSingleton(services => new EvidenceStore(evidenceRoot, services.GetRequiredService<ILogger<EvidenceStore>>()));

builder.Services.AddWorkflows<OdrDbContext>();
builder.Services.AddWorkflowDefinition<DisputeWorkflowV1>();
builder.Services.AddWorkflowCommandHandler<ExpireCaseDeadline, ExpireCaseDeadlineHandler>();
builder.Services.AddWorkflowCommandHandler<SendDeadlineReminder, SendDeadlineReminderHandler>();
builder.Services.AddWorkflowCommandHandler<AssignNeutral, AssignNeutralHandler>();
builder.Services.AddWorkflowCommandHandler<LapseEvidenceRequest, LapseEvidenceRequestHandler>();
builder.Services.Configure<NeutralPoolOptions>(configuration.GetSection("Odr:Neutrals"));
builder.Services.AddScoped<NeutralPool>();

builder.Services.Configure<GoverningLawOptions>(configuration.GetSection("Odr:GoverningLaw"));
builder.Services.AddSingleton(sp => new GoverningLawEngine(LegalDataFile.Load(
    Path.GetFullPath(sp.GetRequiredService<IOptions<GoverningLawOptions>>().Value.DataFile, AppContext.BaseDirectory))));
builder.Services.AddRateLimiter(options =>
{
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    options.AddPolicy(GoverningLawEndpoints.AnonymousRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
        ClientAddress.Of(context),
        _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue("Odr:RateLimits:AnonymousPerMinute", 120),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    // Sign-in, registration and the other account forms: per client address, on what is posted (guessing passwords
    // across accounts). Identity's lockout stops guessing one account's password from many addresses.
    options.AddPolicy(AccountEndpoints.SignInRateLimit, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
        ? RateLimitPartition.GetNoLimiter("reading")
        : RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = configuration.GetValue("Odr:RateLimits:SignInPerMinute", 20),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    options.OnRejected = async (context, ct) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (!context.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            return; // pages: the status-code page explains the 429
        }
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = $"Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds." },
        });
    };
});

builder.Services.AddSingleton(sp => DocumentFont.Find(sp.GetRequiredService<IOptions<DocumentOptions>>().Value.FontFile)
    ?? throw new InvalidOperationException("No Chinese-capable TrueType font for documents: install Debian's fonts-arphic-gbsn00lp "
        + "(the run and test scripts do) or set Odr:Documents:FontFile."));
builder.Services.AddSingleton(sp => DocumentCertificate.Load(sp.GetRequiredService<IOptions<DocumentOptions>>().Value,
    Path.Combine(dataDirectory, "keys"), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Odr.Documents")));
builder.Services.AddSingleton(services => new DocumentStore(Path.Combine(dataDirectory, "documents"), services.GetRequiredService<ILogger<DocumentStore>>()));
builder.Services.AddSingleton<DocumentComposer>();
builder.Services.AddWorkflowCommandHandler<IssueCaseDocument, IssueCaseDocumentHandler>();
builder.Services.AddSingleton<NoticeComposer>();
builder.Services.AddWorkflowCommandHandler<SendNotice, SendNoticeHandler>();
builder.Services.AddWorkflowDeadLetterHandler<SendNotice, SendNoticeDeadLetterHandler>();

builder.Services.AddSingleton<InMemoryChatRateLimiter>();
builder.Services.AddSingleton<ChatConnections>();
builder.Services.AddSingleton<IAccountChangeListener>(sp => sp.GetRequiredService<ChatConnections>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<ChatConnections>());
builder.Services.AddScoped<ChatService>();
builder.Services.AddWorkflowCommandHandler<PushCaseUpdate, PushCaseUpdateHandler>();
builder.Logging.AddFilter(HubCallLogging.DispatcherCategory, level => level < LogLevel.Error && level >= LogLevel.Information);
var signalR = builder.Services.AddSignalR(hubs => hubs.AddFilter<HubCallLogging>()).AddJsonProtocol(options => OdrJson.Configure(options.PayloadSerializerOptions));
// Several nodes: SignalR's Redis backplane, and the chat rate limit kept in Redis as one limit across nodes. Without
// Redis: SignalR's in-process manager and each node's own limit, right for one node (docs/adr/007).
if (Redis.ConnectionStringOf(configuration) is { } redis)
{
    signalR.AddRedis(redis);
    builder.Services.AddSingleton<IChatRateLimiter, RedisChatRateLimiter>();
}
else
{
    builder.Services.AddSingleton<IChatRateLimiter>(sp => sp.GetRequiredService<InMemoryChatRateLimiter>());
}
// Bearer tokens (the API, and the hub's query string) end when the account's security stamp changes.
builder.Services.Configure<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme, BearerTokens.Configure);

builder.Services.AddScoped<ChainVerifier>();
builder.Services.AddSingleton(new Pseudonyms(Path.Combine(dataDirectory, "keys")));
builder.Services.AddScoped<RegulatorCaseView>();
builder.Services.AddScoped<Statistics>();
builder.Services.AddSingleton<StatisticsCache>();
builder.Services.AddScoped<PublicRecords>();

builder.Services.AddScoped<CaseAccess>();
builder.Services.AddScoped<CaseActions>();
builder.Services.AddScoped<NeutralRoster>();
builder.Services.AddScoped<FileCaseHandler>();
builder.Services.AddScoped<AddEvidenceHandler>();
builder.Services.AddScoped<AccountService>();
builder.Services.AddScoped<PasswordSignIn>();
builder.Services.AddScoped<RefreshTokens>();
builder.Services.AddScoped<DemoSeeder>();
builder.Services.AddScoped<DemoCases>();

builder.Services.Configure<JsonOptions>(options => OdrJson.Configure(options.SerializerOptions));
// Malformed bodies reach the exception handler, which names the bad field, instead of an empty 400.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks()
    .AddDbContextCheck<OdrDbContext>("database")
    .AddCheck<WorkflowRuntimeHealthCheck<OdrDbContext>>("workflows");
builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
builder.Services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizerFactory, TextLocalizerFactory>();
// Pages carry Chinese as characters, not as &#x...; entities (still HTML-encoded where markup could be injected).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
    options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ViewerClock>();
builder.Services.AddScoped<LanguageChoice>();
builder.Services.Configure<RequestLocalizationOptions>(options =>
{
    options.DefaultRequestCulture = new RequestCulture(Languages.English);
    options.SupportedCultures = Languages.Supported;
    options.SupportedUICultures = Languages.Supported;
    options.FallBackToParentCultures = true; // zh-CN, zh-SG → zh-Hans
    options.FallBackToParentUICultures = true;
    // The switcher's cookie first, then the browser's languages (the query string's ?culture= is kept for links).
    options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(),
        new AcceptLanguageHeaderRequestCultureProvider()];
});
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Cases");
}).AddMvcOptions(options =>
{
    // Page forms' text under the same rule as JSON bodies' (PlainText): one line unless marked, 400 naming the field.
    options.ModelBinderProviders.Insert(0, new PlainTextModelBinderProvider());
    options.Filters.Add<RefusedTextFilter>();
});

var app = builder.Build();

await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
    var stopping = app.Lifetime.ApplicationStopping;
    await DatabaseSetup.WaitUntilReachableAsync(db, database.StartupPatience, app.Logger, stopping);
    await using (await DatabaseSetup.TakeStartupLockAsync(db, stopping))
    {
        await DatabaseSetup.MigrateAsync(db, stopping);
        await StageTimes.BackfillAsync(db, stopping);
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        await seeder.EnsureRolesAsync();
        if (configuration.GetValue("Odr:Demo:Seed", app.Environment.IsDevelopment()))
        {
            await seeder.SeedDemoAccountsAsync();
            await seeder.SeedDemoNeutralsAsync();
            if (configuration.GetValue("Odr:Demo:SeedCases", false))
            {
                await scope.ServiceProvider.GetRequiredService<DemoCases>().SeedAsync(stopping);
            }
        }
        // Keys the nodes share are made once, by the first node to start: the data-protection key ring (cookies,
        // tokens) and the documents' signing certificate. Made lazily, two nodes starting together would make two.
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Odr.Startup").Protect([1]);
        app.Services.GetRequiredService<System.Security.Cryptography.X509Certificates.X509Certificate2>();
    }
}

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
app.MapNegotiation();
app.MapMediation();
app.MapArbitration();
app.MapWorkflowAdmin();
app.MapGoverningLaw();
app.MapDocuments();
app.MapChat();
app.MapAudit();
app.MapRegulators();
app.MapPublicRecords();
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
