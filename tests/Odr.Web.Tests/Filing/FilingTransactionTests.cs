using System.Net;
using System.Net.Http.Json;

namespace Odr.Web.Tests.Filing;

/// <summary>
/// The filing's transaction holds the year's case-number row from the number to the commit: on PostgreSQL every other
/// filing waits on that row meanwhile (docs/performance.md, filing on PostgreSQL). So after the number it only writes.
/// </summary>
public sealed class FilingTransactionTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public async Task AfterTheCaseNumber_TheFilingOnlyWrites_ReadingNothingANewCaseCannotHave()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        using var statements = new ContextStatements();

        var response = await buyer.PostAsJsonAsync("/api/cases", Filings.Valid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Other test classes file beside this one: every filing seen through its save must hold, this one among them. (On
        // PostgreSQL the save is one batch of statements, so the case's INSERT is found inside it.)
        var filings = statements.ByContext.Values.Select(run => run.ToList())
            .Where(run => run.Any(sql => sql.Contains("INSERT INTO \"CaseNumberSequences\"", StringComparison.Ordinal))
                && run.Any(sql => sql.Contains("INSERT INTO \"Cases\"", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(filings);
        foreach (var filing in filings)
        {
            var afterNumber = filing.SkipWhile(sql => !sql.Contains("INSERT INTO \"CaseNumberSequences\"", StringComparison.Ordinal)).Skip(1).ToList();
            // Neither the end of the case's history, nor its workflow instance, nor the notices' command keys: none can be
            // stored before the case is; nor a savepoint around the one save.
            Assert.All(afterNumber, sql => Assert.StartsWith("INSERT INTO", sql, StringComparison.Ordinal));
        }
    }
}
