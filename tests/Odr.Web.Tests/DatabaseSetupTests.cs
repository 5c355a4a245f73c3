using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

public class DatabaseSetupTests
{
    /// <summary>Switching the provider to PostgreSQL but keeping the default SQLite connection string says so at start.</summary>
    [Theory]
    [InlineData("Data Source=App_Data/odr.db")]
    [InlineData("not a connection string")]
    public void Postgres_WithAConnectionStringThatIsNotOne_FailsAtStartNamingTheSetting(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Odr:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Odr"] = connectionString,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddOdrDatabase(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath() }));

        Assert.Contains("ConnectionStrings:Odr is not a PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }
}
