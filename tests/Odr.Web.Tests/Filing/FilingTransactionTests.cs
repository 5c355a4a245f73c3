using Odr.Web.Tests.Marketplaces;

namespace Odr.Web.Tests.Filing;

/// <summary>
/// The filing's transaction holds the year's case-number row from the number to the commit: every other filing waits on
/// that row meanwhile (bench/analysis.md, filing on PostgreSQL). So after the number it only writes.
/// </summary>
public sealed class FilingTransactionTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public async Task AfterTheCaseNumber_TheFilingOnlyWrites_ReadingNothingANewCaseCannotHave()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        using var statements = new ContextStatements();

        var filed = await Filings.FileAsync(buyer);

        var run = StatementsAfterTheNumber(statements, (string)filed["id"]!);
        // Neither the end of the case's history, nor its workflow instance, nor the notices' command keys: none can be
        // stored before the case is; nor a savepoint around the one save.
        Assert.All(run, statement => Assert.StartsWith("INSERT INTO", statement.Text, StringComparison.Ordinal));
    }

    /// <summary>A marketplace's filing, which also queues its webhook and the buyer's invitation, only writes too.</summary>
    [Fact]
    public async Task AfterTheCaseNumber_AMarketplacesFilingOnlyWrites()
    {
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "NumberRowMart");
        using var statements = new ContextStatements();

        var filed = await marketplace.FileAsync("NR-1");

        var run = StatementsAfterTheNumber(statements, (string)filed["id"]!);
        Assert.Contains(run, statement => statement.Text.Contains("INSERT INTO \"WebhookDeliveries\"", StringComparison.Ordinal));
        Assert.All(run, statement => Assert.StartsWith("INSERT INTO", statement.Text, StringComparison.Ordinal));
    }

    /// <summary>
    /// What the request's own context ran after it took the number: the one that inserted the case (other test classes
    /// file beside this one). On PostgreSQL the save is one batch of statements, so the case's INSERT is inside it.
    /// </summary>
    internal static List<Statement> StatementsAfterTheNumber(ContextStatements statements, string caseId)
    {
        var filing = statements.ByContext.Values.Select(run => run.ToList()).Single(run => run.Any(statement =>
            statement.Text.Contains("INSERT INTO \"Cases\"", StringComparison.Ordinal)
            && statement.Values.Any(v => string.Equals(v?.ToString(), caseId, StringComparison.OrdinalIgnoreCase))));
        var afterNumber = filing.SkipWhile(s => !s.Text.Contains("INSERT INTO \"CaseNumberSequences\"", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Contains(afterNumber, s => s.Text.Contains("INSERT INTO \"Cases\"", StringComparison.Ordinal));
        return afterNumber;
    }
}
