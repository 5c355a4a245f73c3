using System.Reflection;
using System.Xml.Linq;

namespace Odr.Web.Tests;

/// <summary>The project boundaries of style.md, checked on every build.</summary>
public class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(Odr.Domain.Disputes.DisputeCase).Assembly;
    private static readonly Assembly Workflows = typeof(Odr.Workflows.Runtime.WorkflowOptions).Assembly;

    [Fact]
    public void Domain_ReferencesNothingButTheBaseLibrary()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name is "System.Runtime" or "System.Collections" or "System.Linq" or "System.Memory"
            || name.StartsWith("System.Runtime.", StringComparison.Ordinal), $"Odr.Domain references {name}"));
    }

    [Fact]
    public void Domain_ProjectHasNoPackageOrProjectReferences()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Odr.Domain", "Odr.Domain.csproj"));
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("ProjectReference"));
        Assert.Empty(project.Descendants("FrameworkReference"));
    }

    [Fact]
    public void Workflows_KnowsNothingOfDisputes()
    {
        Assert.DoesNotContain(Workflows.GetReferencedAssemblies(), a => a.Name == Domain.GetName().Name);
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Odr.Workflows", "Odr.Workflows.csproj"));
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void TestHelpers_LiveInTheTestProjects_NotTheProduct()
    {
        // The fake clock is Microsoft.Extensions.TimeProvider.Testing's; the step harness is tests/Shared.
        var product = new[] { Domain, Workflows, typeof(Program).Assembly };
        var helpers = product.SelectMany(a => a.GetTypes())
            .Where(t => t.Namespace?.Contains(".Testing", StringComparison.Ordinal) == true || t.Name.Contains("Fake", StringComparison.Ordinal))
            .Select(t => t.FullName).ToList();
        Assert.Empty(helpers);
    }

    [Fact]
    public void ThePdfLibrary_IsTheMitRelease()
    {
        // PDFsharp 6.5.0 and later are AGPL-3.0; the project is MIT (docs/adr/001), so it must stay on 6.2.x.
        var pdfsharp = typeof(PdfSharp.Pdf.PdfDocument).Assembly.GetName().Version!;
        Assert.True(pdfsharp.Major == 6 && pdfsharp.Minor <= 2, $"PDFsharp {pdfsharp} is not an MIT release");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Odr.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Odr.sln not found above the test output.");
    }
}
