using System.Security.Cryptography;
using System.Text;

namespace Odr.Web.Features.Regulators;

/// <summary>
/// Stable pseudonyms for regulators' views and exports: the same person always gets the same one, and nobody without
/// the service's key can turn one back into a name or an address (HMAC-SHA256 with a key kept in the data folder).
/// </summary>
public sealed class Pseudonyms
{
    private readonly byte[] _key;

    public Pseudonyms(string keysDirectory)
    {
        var path = Path.Combine(keysDirectory, "pseudonym.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(keysDirectory);
            // Written aside and moved into place without overwriting: when two processes start on a new data folder
            // together, one key wins whole and both read it.
            var temporary = Path.Combine(keysDirectory, $"pseudonym.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temporary, RandomNumberGenerator.GetBytes(32));
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        _key = File.ReadAllBytes(path);
    }

    /// <summary><c>B-3F9A1C0D7E</c> for a buyer, <c>S-…</c> for a seller: a prefix and ten hex digits.</summary>
    public string Of(char prefix, string identity)
    {
        // The prefix is part of what is hashed, so one person's pseudonyms under different prefixes share nothing.
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{prefix}:{identity.ToLowerInvariant()}"));
        return $"{prefix}-{Convert.ToHexString(mac)[..10]}";
    }

    public string Buyer(Guid userId) => Of('B', userId.ToString());

    public string Seller(string email) => Of('S', email);

    /// <summary>
    /// The key of a seller's public record (<c>P-…</c>): derived like a pseudonym but with its own prefix, so a public
    /// record cannot be matched to the <c>S-</c> pseudonym in a regulator's export.
    /// </summary>
    public string SellerKey(string email) => Of('P', email);
}
