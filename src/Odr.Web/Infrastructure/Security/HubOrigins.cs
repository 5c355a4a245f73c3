namespace Odr.Web.Infrastructure.Security;

/// <summary>
/// Refuses a hub connection a page of another site opens. A browser sends the sign-in cookie with a cross-site WebSocket
/// (no CORS applies to it), so such a page could read the signed-in person's chat (cross-site WebSocket hijacking). A
/// browser always names the page's origin: it must be the service's own (<c>Odr:PublicBaseUrl</c>) or the request's own
/// host. A request without an Origin is not a browser's (a client with a bearer token) and is let through.
/// </summary>
public static class HubOrigins
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, PathString hubs) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(hubs), branch => branch.Use(async (context, next) =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length == 0 || IsOwn(origin, context.Request, context.RequestServices.GetRequiredService<PublicUrls>()))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site connection refused.",
                    Detail = "The Origin header names a site other than this service; the chat accepts connections from its own pages only.",
                    Extensions = { ["errors"] = new Dictionary<string, string[]> { ["Origin"] = ["Not this service's origin."] } },
                },
            });
        }));

    private static bool IsOwn(string origin, HttpRequest request, PublicUrls urls) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var given)
        && (SameOrigin(given, urls.BaseUrl) || SameOrigin(given, $"{request.Scheme}://{request.Host}"));

    private static bool SameOrigin(Uri given, string own) =>
        Uri.TryCreate(own, UriKind.Absolute, out var ours)
        && string.Equals(given.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(given.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase)
        && given.Port == ours.Port;
}
