namespace Odr.Web.Infrastructure.Security;

/// <summary>
/// The headers every response carries, pages and API alike. The policy allows only this site's own scripts, styles,
/// images and connections (the chat's WebSocket included): no inline script, no plug-ins, no framing by other sites,
/// forms posting only here. Inline <c>style</c> attributes stay allowed (<c>style-src-attr</c>); they cannot run code.
/// HSTS is added outside development by <c>UseHsts</c>. Private responses are not stored by any cache (<see cref="IsPrivate"/>).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar) starts itself with an inline script and styles its own elements inline; it still loads
    /// nothing from elsewhere. Only that path gets this policy.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Operations.Operations.ApiReferencePath)
                ? ApiReferencePolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // An endpoint that chose its own caching keeps it: static files theirs, antiforgery and the error page no-store.
            if (headers.CacheControl.Count == 0 && IsPrivate(context))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// Whether no cache (the browser's, a proxy's) may keep the response: anything answered to a signed-in caller (a
    /// bearer token or the sign-in cookie), and every file download (evidence, documents, a chain, a CSV export). Public,
    /// anonymous resources (static files, verification, public records) stay cacheable.
    /// </summary>
    private static bool IsPrivate(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0
        || context.User.Identity?.IsAuthenticated == true
        || context.Response.Headers.ContentDisposition.Count > 0;
}
