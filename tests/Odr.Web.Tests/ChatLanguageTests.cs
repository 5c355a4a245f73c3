using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure.Json;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Tests;

/// <summary>The chat's refusals and live texts, the verify page and file sizes in the reader's language.</summary>
public class ChatLanguageTests(ChatLimitFactory factory) : IClassFixture<ChatLimitFactory>
{
    /// <summary>A hub connection opened in <paramref name="culture"/> (the query's culture, as a page's link sets it).</summary>
    private async Task<HubConnection> ConnectAsync(string email, string culture)
    {
        var server = factory.Server;
        var token = await factory.TokenForAsync(email);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, $"{DisputeChatHub.Path}?culture={culture}&access_token={Uri.EscapeDataString(token)}"), HttpTransportType.WebSockets, options =>
            {
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, ct) => await server.CreateWebSocketClient().ConnectAsync(context.Uri, ct);
            })
            .AddJsonProtocol(options => OdrJson.Configure(options.PayloadSerializerOptions))
            .Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task TheHubsRefusals_AreInTheCallersLanguage()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var caseId = Guid.Parse((string)(await Filings.FileAsync(buyer))["id"]!);
        await using var chinese = await ConnectAsync("buyer@demo.odr", "zh-Hans");
        await using var english = await ConnectAsync("buyer@demo.odr", "en");

        var empty = await Assert.ThrowsAsync<HubException>(() => chinese.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "  "));
        Assert.EndsWith("消息不能为空。", empty.Message, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<HubException>(() => chinese.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, new string('x', 4001)));
        Assert.EndsWith("消息最多 4000 个字符。", tooLong.Message, StringComparison.Ordinal);
        var notYours = await Assert.ThrowsAsync<HubException>(() => chinese.InvokeAsync("JoinCase", Guid.NewGuid()));
        Assert.EndsWith("该案件不存在，或您不是该案件的当事人。", notYours.Message, StringComparison.Ordinal);

        var englishTooLong = await Assert.ThrowsAsync<HubException>(() => english.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, new string('x', 4001)));
        Assert.EndsWith("A message has at most 4000 characters.", englishTooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCasePagesLiveChat_CarriesItsTextsAndTimeLayout_InTheViewersLanguage()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var caseId = (string)(await Filings.FileAsync(buyer))["id"]!;
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var page = await browser.GetStringAsync($"/Cases/Details/{caseId}?culture=zh-Hans");
        Assert.Contains("data-time-zone=\"UTC\"", page, StringComparison.Ordinal);
        var attribute = System.Text.RegularExpressions.Regex.Match(page, "data-texts=\"([^\"]*)\"").Groups[1].Value;
        var texts = JsonNode.Parse(System.Net.WebUtility.HtmlDecode(attribute))!;
        Assert.Equal("正在重新连接…", (string)texts["reconnecting"]!);
        Assert.Equal("实时聊天暂不可用；表单仍可使用。", (string)texts["unavailable"]!);
        Assert.Equal("案件已进入{0}阶段。请刷新页面查看后续步骤。", (string)texts["caseMoved"]!);
        Assert.Equal("yyyy年M月d日 HH:mm", (string)texts["dateTime"]!);
        Assert.Equal("买家", (string)texts["roles"]!["buyer"]!);
        Assert.Equal("调解", (string)texts["stages"]!["mediation"]!);
    }

    [Fact]
    public async Task TheVerifyPage_SaysItsResultInChinese()
    {
        var browser = factory.CreateClient();
        var page = await browser.GetStringAsync("/Verify?code=AAAA-BBBB-CCCC-DDDD&culture=zh-Hans");
        Assert.Contains("本服务未签发过与验证码 AAAA-BBBB-CCCC-DDDD 相符的文件。", page, StringComparison.Ordinal);
        Assert.Contains("文件只要有任何改动", page, StringComparison.Ordinal);
        Assert.DoesNotContain("The service issued", page, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer matches", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApisValidationProblems_AreInChinese_ForAChineseRequest()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { amount = new { value = "abc" } }) };
        request.Headers.AcceptLanguage.ParseAdd("zh-Hans");
        var problem = (await (await buyer.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("有一个或多个字段无效。", (string)problem["title"]!);
        Assert.Equal("此值的类型不符，或不是允许的值之一。", (string)problem["errors"]!["amount.value"]![0]!);

        using var empty = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { }) };
        empty.Headers.AcceptLanguage.ParseAdd("zh-Hans");
        var missing = (await (await buyer.SendAsync(empty)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("投诉中有缺失或无效的字段。", (string)missing["title"]!);
    }

    [Theory]
    [InlineData("en", 0, "0 KB")]
    [InlineData("en", 500, "0.5 KB")]
    [InlineData("en", 20, "0.1 KB")]
    [InlineData("en", 250_000, "244.1 KB")]
    [InlineData("en", 2_621_440, "2.5 MB")]
    [InlineData("zh-Hans", 500, "0.5 KB")]
    public void FileSizes_AreInKilobytesOrMegabytes_WithNoWordToTranslate(string culture, long bytes, string expected)
    {
        using var language = Languages.Use(culture);
        Assert.Equal(expected, CaseText.Size(bytes));
    }
}
