using Microsoft.AspNetCore.SignalR.Client;
using Odr.Web.Features.Chat;

namespace Odr.Web.Tests;

public static partial class HubConnections
{
    /// <summary>Connects to the chat hub of the test server, signed in as a demo account by its bearer token.</summary>
    public static async Task<HubConnection> ConnectAsync(OdrWebFactory factory, string email)
    {
        var server = factory.Server;
        return await StartAsync(server.BaseAddress, DisputeChatHub.Path, await factory.TokenForAsync(email), options =>
        {
            options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            options.WebSocketFactory = async (context, ct) => await server.CreateWebSocketClient().ConnectAsync(context.Uri, ct);
        });
    }
}
