namespace Odr.Web.Infrastructure.Security;

/// <summary>
/// The client's address as the rate limits and the sign-in lockout key it: the connection's peer, or the address a
/// configured reverse proxy forwarded (<see cref="ReverseProxy"/>); a forwarded header from anyone else is ignored.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
