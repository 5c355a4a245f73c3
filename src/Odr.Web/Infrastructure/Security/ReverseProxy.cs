using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace Odr.Web.Infrastructure.Security;

/// <summary>
/// Which requests the service believes about where they come from and which host they are for.
/// <list type="bullet">
/// <item>X-Forwarded-For and X-Forwarded-Proto are read only from the proxies in <c>Odr:ReverseProxy:KnownProxies</c>
/// (addresses) and <c>Odr:ReverseProxy:KnownNetworks</c> (CIDR), none by default (ASP.NET Core's default, loopback, is
/// dropped too: a client on the same host must not choose its address either). Behind a configured proxy the per-address rate
/// limits and the sign-in lockout key on the client the proxy saw; without one, on the connection's peer.</item>
/// <item>Outside Development only the public base URL's host is served, unless the operator set <c>AllowedHosts</c>: a
/// request for another Host gets a 400 before the application sees it.</item>
/// </list>
/// </summary>
public static class ReverseProxy
{
    public static void AddOdrProxyAndHosts(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        PublicUrls urls)
    {
        var proxies = Parse(configuration, "Odr:ReverseProxy:KnownProxies", IPAddress.Parse);
        var networks = Parse(configuration, "Odr:ReverseProxy:KnownNetworks", System.Net.IPNetwork.Parse);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no known proxy the headers are not read at all: ASP.NET Core takes empty lists as "trust anyone".
            options.ForwardedHeaders = proxies.Count + networks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });

        var allowedHosts = configuration["AllowedHosts"];
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(allowedHosts))
        {
            services.Configure<HostFilteringOptions>(options => options.AllowedHosts = [new Uri(urls.BaseUrl).Host]);
        }
    }

    private static List<T> Parse<T>(IConfiguration configuration, string key, Func<string, T> parse)
    {
        var section = configuration.GetSection(key);
        // A list (KnownProxies:0, KnownProxies:1) or one value with ';' or ',' between entries.
        var values = section.GetChildren().Select(child => child.Value).Append(section.Value)
            .SelectMany(value => (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var parsed = new List<T>();
        foreach (var value in values)
        {
            try
            {
                parsed.Add(parse(value));
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{key}: '{value}' is not an IP address or network (CIDR).", e);
            }
        }
        return parsed;
    }
}
