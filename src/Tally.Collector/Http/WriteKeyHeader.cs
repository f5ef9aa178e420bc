using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tally.Collector.Http;

/// <summary>Segment sends the write key as the HTTP Basic user name with an empty password: <c>Basic base64(key:)</c>.</summary>
internal static class WriteKeyHeader
{
    /// <summary>The write key of an <c>Authorization: Basic</c> header, or null when there is no Basic header.</summary>
    public static string? Read(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var encoded = authorization.AsSpan(Scheme.Length).Trim();
        // Write keys are short; a header this size is not a write key, and the bound keeps the stack allocation small.
        const int MaxEncodedLength = 1024;
        Span<byte> decoded = stackalloc byte[Base64.GetMaxDecodedFromUtf8Length(MaxEncodedLength)];
        if (encoded.Length > MaxEncodedLength || !Convert.TryFromBase64Chars(encoded, decoded, out int length))
        {
            throw InvalidKey("The Authorization header is not valid Basic credentials.");
        }
        var credentials = decoded[..length];
        int colon = credentials.IndexOf((byte)':');
        var user = colon < 0 ? credentials : credentials[..colon];
        return user.IsEmpty ? null : Encoding.UTF8.GetString(user);
    }

    public static RequestRejectedException MissingKey() =>
        new(new RequestError(StatusCodes.Status401Unauthorized, "missing_write_key",
            "Send the write key as the Basic auth user name or as \"writeKey\" in the body."));

    public static RequestRejectedException InvalidKey(string message = "The write key is not known.") =>
        new(new RequestError(StatusCodes.Status401Unauthorized, "invalid_write_key", message));
}
