using System.Security.Cryptography;

namespace AdventureServer.Inference.Models;

/// <summary>The SHA-256 the hub announces for a file, and the one a downloaded file has.</summary>
internal static class ContentDigest
{
    /// <summary>The header in which the hub puts an LFS file's SHA-256 (its ETag is then the redirect's).</summary>
    public const string LinkedEtagHeader = "X-Linked-Etag";

    /// <summary>The hub's <c>X-Linked-Etag</c> as a SHA-256, if it is one.</summary>
    public static string? LinkedSha256(HttpResponseMessage response) =>
        response.Headers.TryGetValues(LinkedEtagHeader, out var values) ? AsSha256(values.FirstOrDefault()) : null;

    /// <summary>The <c>ETag</c> as a SHA-256, if it is one (a plain git file's ETag is a 40-hex blob id and is not).</summary>
    public static string? EtagSha256(HttpResponseMessage response) => AsSha256(response.Headers.ETag?.Tag);

    /// <summary>A 64-hex digest in lower case from an entity tag such as <c>W/"ab12…"</c>, or null.</summary>
    public static string? AsSha256(string? entityTag)
    {
        if (entityTag is null)
        {
            return null;
        }

        var tag = entityTag.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        tag = tag.Trim('"');
        return tag.Length == 64 && tag.All(char.IsAsciiHexDigit) ? tag.ToLowerInvariant() : null;
    }

    /// <summary>The file's SHA-256 in lower-case hex.</summary>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
