using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// Instants as the viewer reads them: in their time zone (the <c>odr-tz</c> cookie, set by the preferences page or
/// by the browser's own zone through site.js; UTC until one is known) and in their language, with the time left.
/// </summary>
public sealed class ViewerClock(IHttpContextAccessor http, TimeProvider time, IStringLocalizer<Text> t)
{
    public const string CookieName = "odr-tz";

    private TimeZoneInfo? _zone;

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeZoneInfo Zone => _zone ??= FindZone(http.HttpContext?.Request.Cookies[CookieName]) ?? TimeZoneInfo.Utc;

    /// <summary>A time zone by its IANA name, or none when the name is unknown here.</summary>
    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>An instant in the viewer's zone, in their language's format (<c>format.dateTime</c>), with the zone named.</summary>
    public string When(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        return t["format.when", local.ToString(t["format.dateTime"], CultureInfo.CurrentCulture), Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id];
    }

    public string Date(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString(t["format.shortDate"], CultureInfo.CurrentCulture);

    /// <summary>A calendar date (an order's date) in the viewer's language.</summary>
    public string Date(DateOnly date) => date.ToString(t["format.shortDate"], CultureInfo.CurrentCulture);

    /// <summary>Time left until <paramref name="deadline"/>: days and hours, or hours and minutes when less than a day.</summary>
    public string TimeLeft(DateTimeOffset deadline)
    {
        var left = deadline - Now;
        if (left <= TimeSpan.Zero)
        {
            return t["the deadline has passed"];
        }
        return left.TotalDays >= 1
            ? t["{0} d {1} h left", left.Days, left.Hours]
            : t["{0} h {1} min left", left.Hours, Math.Max(1, left.Minutes)];
    }
}
