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
        services.AddSingleton(sp => DocumentFont.Find(sp.GetRequiredService<IOptions<DocumentOptions>>().Value.FontFile)
            ?? throw new InvalidOperationException("No Chinese-capable TrueType font for documents: install Debian's fonts-arphic-gbsn00lp "
                + "(the run and test scripts do) or set Odr:Documents:FontFile."));
        services.AddSingleton(sp => DocumentCertificate.Load(sp.GetRequiredService<IOptions<DocumentOptions>>().Value,
            Path.Combine(dataDirectory, "keys"), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Odr.Documents")));
        services.AddSingleton(sp => new DocumentStore(Path.Combine(dataDirectory, "documents"), sp.GetRequiredService<ILogger<DocumentStore>>()));
        services.AddSingleton<DocumentComposer>();
        services.AddWorkflowCommandHandler<IssueCaseDocument, IssueCaseDocumentHandler>();
        services.AddDomainEventSubscriber<OutcomeDocumentSubscriber>();
        return services;
    }
}
