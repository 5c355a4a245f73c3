using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Odr.Web.Features.Marketplaces;

/// <summary>
/// Standard Webhooks secrets and signatures (standardwebhooks.com): a secret is <c>whsec_</c> + base64 of 32 random bytes;
/// a signature is <c>v1,</c> + base64 of HMAC-SHA256(secret bytes, "<c>{webhook-id}.{webhook-timestamp}.{body}</c>"), and a
/// delivery carries one per secret in use, separated by spaces (the old and the new for a day after a rotation). Secrets
/// are kept protected with data protection, whose key ring the nodes share.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";
    private const string SignatureVersion = "v1";

    private readonly IDataProtector _protector = protection.CreateProtector("Odr.Marketplaces.WebhookSecret");

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>The <c>webhook-signature</c> header's value: one <c>v1,</c> signature per secret.</summary>
    public static string Sign(IEnumerable<string> secrets, string webhookId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => $"{SignatureVersion},{Convert.ToBase64String(Hmac(secret, webhookId, timestamp, body))}"));

    /// <summary>
    /// What a receiver does: true when one of the header's signatures is the secret's over this id, timestamp and body, and
    /// the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/> (an old delivery replayed later fails).
    /// </summary>
    public static bool Verify(string secret, string webhookId, string timestampHeader, string body, string signatureHeader,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Hmac(secret, webhookId, timestamp, body);
        foreach (var signature in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = signature.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && signature[..comma] == SignatureVersion && TryBase64(signature[(comma + 1)..], out var given)
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] Hmac(string secret, string webhookId, long timestamp, string body) =>
        HMACSHA256.HashData(SecretBytes(secret), Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}"));

    private static byte[] SecretBytes(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }
        return false;
    }
}
