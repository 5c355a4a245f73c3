using Microsoft.Extensions.Options;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Pdf;
using Odr.Workflows;

namespace Odr.Web.Features.Rulings;

public static class RulingsFeature
{
    /// <summary>The outcomes' signed documents: their font, certificate, store and composer, issued through the outbox.</summary>
    public static IServiceCollection AddRulings(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DocumentOptions>>().Value;
            return DocumentFont.Find(options) ?? throw new InvalidOperationException(
                $"The documents' fonts are missing: {string.Join(", ", DocumentFont.Missing(options))}. Install the Debian packages "
                + "(scripts/run.sh and scripts/test.sh do) or set Odr:Documents:LatinFontFile, LatinBoldFontFile and ChineseFontFile.");
        });
        services.AddSingleton(sp => DocumentCertificate.Load(sp.GetRequiredService<IOptions<DocumentOptions>>().Value,
            Path.Combine(dataDirectory, "keys"), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Odr.Documents")));
        services.AddSingleton(sp => new DocumentStore(Path.Combine(dataDirectory, "documents"), sp.GetRequiredService<ILogger<DocumentStore>>()));
        services.AddSingleton<DocumentComposer>();
        services.AddWorkflowCommandHandler<IssueCaseDocument, IssueCaseDocumentHandler>();
        services.AddDomainEventSubscriber<OutcomeDocumentSubscriber>();
        return services;
    }
}
