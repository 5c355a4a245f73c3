using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Tests.Marketplaces;

namespace Odr.Web.Tests.Sellers;

/// <summary>
/// Verified parties: a seller's public record, the regulators' figures and the documents name a seller only as the seller
/// itself or a marketplace states it; what a buyer types is labelled as the buyer's words and changes no record.
/// </summary>
public class VerifiedPartiesTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private async Task<JsonObject?> RecordAsync(string email)
    {
        var anonymous = factory.CreateClient();
        var found = await anonymous.GetAsync($"/api/sellers?email={Uri.EscapeDataString(email)}");
        if (found.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var key = (string)(await found.Content.ReadFromJsonAsync<JsonObject>())!["sellerKey"]!;
        return await anonymous.GetFromJsonAsync<JsonObject>($"/api/sellers/{key}/record");
    }

    /// <summary>A seller's account with a confirmed address and no profile, as after registering to answer a complaint.</summary>
    private async Task<HttpClient> NewSellerAsync(string email, bool confirmed = true)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>();
            var user = new OdrUser { UserName = email, Email = email, EmailConfirmed = confirmed, DisplayName = "New Seller" };
            Assert.True((await users.CreateAsync(user, DemoSeeder.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Seller)).Succeeded);
        }
        return await factory.ClientForAsync(email);
    }

    [Fact]
    public async Task BuyerFiling_WhenItRenamesOrHidesTheSeller_ChangesNothingOnItsPublicRecord()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        await Filings.FileAsync(buyer);
        var before = (await RecordAsync("seller@demo.odr"))!;
        Assert.Equal("Shenzhen Audio Co.", (string)before["name"]!);
        Assert.Equal("seller", (string)before["verifiedBy"]!);

        var renaming = Filings.Valid();
        renaming["seller"]!["name"] = "SCAMMERS - call +1-555-0100";
        var renamed = await Filings.FileAsync(buyer, renaming);
        var hiding = Filings.Valid();
        hiding["seller"]!["name"] = "Amazon EU S.a r.l.";
        hiding["seller"]!["type"] = "private";
        var hidden = await Filings.FileAsync(buyer, hiding);

        var after = (await RecordAsync("seller@demo.odr"))!;
        Assert.Equal("Shenzhen Audio Co.", (string)after["name"]!);
        Assert.Equal((int)before["disputesReceived"]! + 2, (int)after["disputesReceived"]!);
        var page = await factory.CreateClient().GetStringAsync($"/Sellers/{after["sellerKey"]}");
        Assert.DoesNotContain("SCAMMERS", page);

        // The case names the seller as its own profile states it; the regulator sees the stated type, not "private".
        var seen = await buyer.GetFromJsonAsync<JsonObject>($"/api/cases/{hidden["id"]}");
        Assert.Equal(("Shenzhen Audio Co.", "business", "seller"), ((string)seen!["seller"]!["name"]!, (string)seen["seller"]!["type"]!,
            (string)seen["seller"]!["verifiedBy"]!));
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var regulatorView = await regulator.GetFromJsonAsync<JsonObject>($"/api/cases/{hidden["id"]}");
        Assert.Equal("business", (string)regulatorView!["seller"]!["type"]!);
        var csv = await regulator.GetStringAsync("/api/stats/export.csv");
        Assert.DoesNotContain("SCAMMERS", csv);

        // The complaint's e-mail names the seller as its own profile does ("as stated by the seller"), not as the buyer typed it.
        await factory.DrainWorkflowsAsync();
        var notice = Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == "seller@demo.odr") && (m.Subject ?? "").Contains((string)renamed["number"]!, StringComparison.Ordinal));
        Assert.Contains("Shenzhen Audio Co.（卖家自述）", notice.TextBody); // the demo seller reads Chinese
        Assert.DoesNotContain("SCAMMERS", notice.TextBody);
    }

    [Fact]
    public async Task BuyerFiling_AgainstASellerNobodyVouchesFor_PublishesNoRecordAndLabelsTheBuyersWords()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid("unvouched@shop.example");
        filing["seller"]!["name"] = "SCAMMERS - call +1-555-0100";
        var filed = await Filings.FileAsync(buyer, filing);
        Assert.Null(await RecordAsync("unvouched@shop.example"));
        Assert.Null(filed["seller"]!["verifiedBy"]);

        var page = await (await factory.BrowserForAsync("buyer@demo.odr")).GetStringAsync($"/Cases/Details/{filed["id"]}");
        Assert.Contains("seller-unverified", page);
        Assert.Contains("as stated by the buyer", page);

        await factory.DrainWorkflowsAsync();
        var notice = Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == "unvouched@shop.example") && (m.Subject ?? "").Contains((string)filed["number"]!, StringComparison.Ordinal));
        Assert.Contains("SCAMMERS - call +1-555-0100 (as stated by the buyer)", notice.TextBody);
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        Assert.Equal("unverified", (string)(await regulator.GetFromJsonAsync<JsonObject>($"/api/cases/{filed["id"]}"))!["seller"]!["type"]!);
    }

    [Fact]
    public async Task Seller_WithoutAProfile_AnswersAndSeesItsRecord_ThenStatesItAndTheRecordIsPublishedUnderItsName()
    {
        var seller = await NewSellerAsync("newshop@sellers.example");
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid("newshop@sellers.example");
        filing["seller"]!["name"] = "Whatever The Buyer Typed";
        var filed = await Filings.FileAsync(buyer, filing);

        var answered = await seller.PostAsJsonAsync($"/api/cases/{filed["id"]}/response",
            new { action = "contest", statement = "Delivered, signed for.", consentToArbitration = true });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var own = (await seller.GetFromJsonAsync<JsonObject>("/api/sellers/me"))!;
        Assert.Null(own["profile"]);
        Assert.False((bool)own["published"]!);
        Assert.Equal(1, (int)own["record"]!["disputesReceived"]!);
        Assert.Null(await RecordAsync("newshop@sellers.example"));
        Assert.Contains("own-record", await (await factory.BrowserForAsync("newshop@sellers.example")).GetStringAsync("/Account/SellerProfile"));

        var stated = await seller.PutAsJsonAsync("/api/sellers/me", new { name = "New Shop GmbH", type = "business", country = "DE", registrationNumber = "HRB 12345" });
        Assert.Equal(HttpStatusCode.OK, stated.StatusCode);
        var record = (await RecordAsync("newshop@sellers.example"))!;
        Assert.Equal(("New Shop GmbH", "DE", "seller"), ((string)record["name"]!, (string)record["country"]!, (string)record["verifiedBy"]!));
        var seen = (await buyer.GetFromJsonAsync<JsonObject>($"/api/cases/{filed["id"]}"))!;
        Assert.Equal(("New Shop GmbH", "seller", "HRB 12345"), ((string)seen["seller"]!["name"]!, (string)seen["seller"]!["verifiedBy"]!,
            (string)seen["seller"]!["registrationNumber"]!));
        var page = await (await factory.BrowserForAsync("buyer@demo.odr")).GetStringAsync($"/Cases/Details/{filed["id"]}");
        Assert.Contains("New Shop GmbH", page);
        Assert.DoesNotContain("seller-unverified", page);

        // Saying it sells privately takes the record down; no buyer can do that.
        Assert.Equal(HttpStatusCode.OK, (await seller.PutAsJsonAsync("/api/sellers/me", new { name = "Jo Private", type = "private", country = "DE" })).StatusCode);
        Assert.Null(await RecordAsync("newshop@sellers.example"));
    }

    [Fact]
    public async Task MarketplaceFiling_CarriesItsVerification_IntoTheRecord()
    {
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "VouchMart");
        await marketplace.FileAsync("VOUCH-1", sellerEmail: "vouched@shop.example");
        var record = (await RecordAsync("vouched@shop.example"))!;
        Assert.Equal(("Shenzhen Audio Co.", "VouchMart"), ((string)record["name"]!, (string)record["verifiedBy"]!));

        var renaming = Filings.Valid("vouched@shop.example");
        renaming["seller"]!["name"] = "SCAMMERS - call +1-555-0100";
        renaming["seller"]!["type"] = "private";
        await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"), renaming);
        Assert.Equal("Shenzhen Audio Co.", (string)(await RecordAsync("vouched@shop.example"))!["name"]!);
    }

    [Fact]
    public async Task StateProfile_WhenInputIsBad_Answers400NamingEachField_AndUnconfirmedAddressesAreRefused()
    {
        var seller = await NewSellerAsync("badinput@sellers.example");
        var bad = await seller.PutAsJsonAsync("/api/sellers/me", new { name = "", country = "Germany", registrationNumber = new string('9', 65) });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Superset(new HashSet<string> { "name", "type", "country", "registrationNumber" }, await bad.ErrorFieldsAsync());
        var badType = await seller.PutAsync("/api/sellers/me", new StringContent("""{"name": "X", "type": "corporation", "country": "DE"}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("type", await badType.ErrorFieldsAsync());
        var tooLong = await seller.PutAsJsonAsync("/api/sellers/me", new { name = new string('n', 201), type = "business", country = "DE" });
        Assert.Contains("name", await tooLong.ErrorFieldsAsync());

        var unconfirmed = await NewUnconfirmedAsync("unconfirmed@sellers.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await unconfirmed.PutAsJsonAsync("/api/sellers/me", new { name = "X", type = "business", country = "DE" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PutAsJsonAsync("/api/sellers/me", new { name = "X" })).StatusCode);
    }

    /// <summary>An account whose address is not confirmed (it may sign in, and file as a buyer, but not speak for the address).</summary>
    private Task<HttpClient> NewUnconfirmedAsync(string email) => NewSellerAsync(email, confirmed: false);
}
