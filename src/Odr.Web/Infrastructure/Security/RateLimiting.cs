using System.Globalization;
using System.Threading.RateLimiting;

namespace Odr.Web.Infrastructure.Security;

public static class RateLimiting
{
    /// <summary>
    /// A fixed one-minute window per client address, with no queue; <paramref name="permitLimit"/> is read when a
    /// client's window is first made (configuration, e.g. <c>Odr:RateLimits:…PerMinute</c>).
    /// </summary>
    public static RateLimitPartition<string> PerClientPerMinute(HttpContext context, Func<int> permitLimit) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit(),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>How a refused request is answered (429 with Retry-After); the features add the policies they name.</summary>
    public static IServiceCollection AddOdrRateLimiting(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, ct) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            if (!context.HttpContext.Request.Path.StartsWithSegments("/api"))
            {
                return; // pages: the status-code page explains the 429
            }
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = $"Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds." },
            });
        };
    });
}
