using Microsoft.Extensions.Options;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Pdf;
using Odr.Web.Infrastructure.Storage;
using Odr.Workflows.Runtime;

namespace Odr.Web.Infrastructure.Operations;

/// <summary>
/// The service's settings, bound from configuration and checked when the service starts: a bad value stops the start
/// with a message naming the setting (<c>ValidateOnStart</c>), instead of a failure the first time a case needs it.
/// A value of the wrong type (<c>abc</c> for a period) is refused by the binder, which names the setting too.
/// These are the infrastructure's settings; each feature adds its own with <see cref="AddSetting{T}"/>.
/// </summary>
public static class Settings
{
    public static IServiceCollection AddOdrSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSetting<EvidenceOptions>(configuration, "Odr:Evidence", rules => rules
            .Require(o => o.MaxBytes > 0, nameof(EvidenceOptions.MaxBytes), "must be a positive number of bytes", o => o.MaxBytes));
        services.AddSetting<MailOptions>(configuration, "Odr:Mail", rules => rules
            .Require(o => o.FromIsAnAddress(), nameof(MailOptions.From), "must be an e-mail address, e.g. ODR Service <no-reply@example.org>", o => o.From)
            .Require(o => o.Smtp.Port is > 0 and < 65536, "Smtp:Port", "must be a TCP port (1 to 65535)", o => o.Smtp.Port)
            .Require(o => !(o.Smtp.EnableSsl && o.Smtp.Security == MailKit.Security.SecureSocketOptions.None), "Smtp:Security",
                "must not be None while Smtp:EnableSsl is true (EnableSsl asks for STARTTLS)", o => o.Smtp.Security)
            .Require(o => o.Smtp.CertificateSha256 is null || System.Text.RegularExpressions.Regex.IsMatch(o.Smtp.CertificateSha256, "^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$"),
                "Smtp:CertificateSha256", "must be a SHA-256 fingerprint: 64 hexadecimal digits, with or without colons", o => o.Smtp.CertificateSha256));
        services.AddSetting<WorkflowOptions>(configuration, "Odr:Workflows", rules => rules
            .Require(o => o.PollInterval > TimeSpan.Zero, nameof(WorkflowOptions.PollInterval), "must be a positive period", o => o.PollInterval)
            .Require(o => o.LeaseDuration > TimeSpan.Zero, nameof(WorkflowOptions.LeaseDuration), "must be a positive period", o => o.LeaseDuration)
            .Require(o => o.CommandTimeout > TimeSpan.Zero, nameof(WorkflowOptions.CommandTimeout), "must be a positive period", o => o.CommandTimeout)
            .Require(o => o.MaxRetryDelay > TimeSpan.Zero, nameof(WorkflowOptions.MaxRetryDelay), "must be a positive period", o => o.MaxRetryDelay)
            .Require(o => o.BatchSize >= 1, nameof(WorkflowOptions.BatchSize), "must be at least 1", o => o.BatchSize)
            .Require(o => o.Concurrency >= 1, nameof(WorkflowOptions.Concurrency), "must be at least 1", o => o.Concurrency)
            .Require(o => o.CommandSlots >= 1, nameof(WorkflowOptions.CommandSlots), "must be at least 1", o => o.CommandSlots)
            .Require(o => o.CommandSlotsByType.Values.All(slots => slots >= 1), nameof(WorkflowOptions.CommandSlotsByType),
                "must give every command type at least 1 slot", o => string.Join(", ", o.CommandSlotsByType.Select(t => $"{t.Key}={t.Value}")))
            .Require(o => o.TimersPerTransaction >= 1, nameof(WorkflowOptions.TimersPerTransaction), "must be at least 1", o => o.TimersPerTransaction)
            .Require(o => o.MaxCommandAttempts >= 1, nameof(WorkflowOptions.MaxCommandAttempts), "must be at least 1", o => o.MaxCommandAttempts)
            .Require(o => o.ConflictRetries >= 0, nameof(WorkflowOptions.ConflictRetries), "must not be negative", o => o.ConflictRetries));
        services.AddSetting<DocumentOptions>(configuration, "Odr:Documents", rules => rules
            .Require(o => o.LatinFontFile is null || File.Exists(o.LatinFontFile), nameof(DocumentOptions.LatinFontFile), "must name a TrueType font file that exists", o => o.LatinFontFile)
            .Require(o => o.LatinBoldFontFile is null || File.Exists(o.LatinBoldFontFile), nameof(DocumentOptions.LatinBoldFontFile), "must name a TrueType font file that exists", o => o.LatinBoldFontFile)
            .Require(o => o.ChineseFontFile is null || File.Exists(o.ChineseFontFile), nameof(DocumentOptions.ChineseFontFile), "must name a TrueType font file that exists", o => o.ChineseFontFile)
            .Require(o => o.CertificateFile is null || File.Exists(o.CertificateFile), nameof(DocumentOptions.CertificateFile), "must name a PKCS#12 file that exists", o => o.CertificateFile));
        return services;
    }

    public static IServiceCollection AddSetting<T>(this IServiceCollection services, IConfiguration configuration, string section, Action<SettingRules<T>> rules)
        where T : class
    {
        var checks = new SettingRules<T>(section);
        rules(checks);
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(checks);
        return services;
    }
}

/// <summary>The rules one section's values must keep; each broken one is named with its full key and its value.</summary>
public sealed class SettingRules<T>(string section) : IValidateOptions<T> where T : class
{
    private readonly List<(Func<T, bool> Holds, string Key, string Rule, Func<T, object?> Value)> _rules = [];

    public SettingRules<T> Require(Func<T, bool> holds, string key, string rule, Func<T, object?> value)
    {
        _rules.Add((holds, key, rule, value));
        return this;
    }

    public ValidateOptionsResult Validate(string? name, T options)
    {
        var broken = _rules.Where(r => !r.Holds(options))
            .Select(r => $"{section}:{r.Key} {r.Rule} (it is '{r.Value(options)}').").ToList();
        return broken.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(broken);
    }
}
