using System.Security.Cryptography;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Features.Rulings;

/// <summary>Issued PDFs on disk, under names made from their ids. Written once, never changed.</summary>
public sealed class DocumentStore(string root, ILogger<DocumentStore> logger)
{
    public string Root { get; } = root;

    public async Task WriteAsync(DocumentId id, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        var path = PathOf(id);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Opens an issued document; a missing or unreadable one is <see cref="StoredFileUnreadableException"/>.</summary>
    public Stream OpenRead(DocumentId id) => StoredFiles.OpenRead(PathOf(id), "document", logger);

    public void Delete(DocumentId id) => File.Delete(PathOf(id));

    private string PathOf(DocumentId id) => Path.Combine(Root, id.Value.ToString("N") + ".pdf");

    /// <summary>A code people can read aloud and type: 16 Crockford base-32 characters in groups of four.</summary>
    public static string NewVerificationCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> code = stackalloc char[19];
        var position = 0;
        for (var i = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                code[position++] = '-';
            }
            code[position++] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
        return new string(code);
    }
}
