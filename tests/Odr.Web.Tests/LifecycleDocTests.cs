using Odr.Domain.Disputes;

namespace Odr.Web.Tests;

public class LifecycleDocTests
{
    /// <summary>docs/lifecycle.md embeds the diagram rendered from DisputeStageRules; a rule change must update the doc.</summary>
    [Fact]
    public void LifecycleDoc_ShowsTheDiagramOfTheTransitionTable()
    {
        var doc = File.ReadAllText(Path.Combine(ArchitectureTests.RepositoryRoot(), "docs", "lifecycle.md")).ReplaceLineEndings("\n");
        var expected = "```mermaid\n" + DisputeStageRules.ToMermaid() + "```";
        Assert.True(doc.Contains(expected, StringComparison.Ordinal),
            $"docs/lifecycle.md is out of date. Replace its diagram with:\n{expected}");
    }
}
