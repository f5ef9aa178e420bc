using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tally.Core.Apps;

/// <summary>Generates app ids and keys, and hashes keys for storage and lookup.</summary>
public static class AppKeys
{
    public const string AppIdPrefix = "app_";
    public const string WriteKeyPrefix = "wk_";
    public const string ReadKeyPrefix = "rk_";

    // 12 base32 characters = 60 random bits: ids are public and need only be unique, not secret.
    private const int AppIdRandomChars = 12;

    // 256 random bits: a key is a bearer secret and must not be guessable.
    private const int KeyRandomBytes = 32;

    // RFC 4648 base32 in lower case: URL-safe, and no characters a user could mistype as others.
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string NewAppId() =>
        AppIdPrefix + RandomNumberGenerator.GetString(Base32Alphabet, AppIdRandomChars);

    public static string NewWriteKey() => NewKey(WriteKeyPrefix);

    public static string NewReadKey() => NewKey(ReadKeyPrefix);

    /// <summary>
    /// SHA-256 of the key's UTF-8 bytes. A fast, unsalted hash is right here because keys carry
    /// 256 random bits: there is no dictionary to attack, so a slow password hash (PBKDF2, Argon2)
    /// would only slow the collector's per-request lookup without adding safety.
    /// </summary>
    public static KeyHash Hash(string key)
    {
        // Keys we issue are ~46 ASCII characters; anything much longer is not one of ours and is
        // hashed from the heap so a huge header cannot blow the stack.
        const int StackLimit = 256;
        var byteCount = System.Text.Encoding.UTF8.GetByteCount(key);
        var bytes = byteCount <= StackLimit ? stackalloc byte[StackLimit] : new byte[byteCount];
        var written = System.Text.Encoding.UTF8.GetBytes(key, bytes);

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], digest);
        return KeyHash.FromBytes(digest);
    }

    private static string NewKey(string prefix)
    {
        Span<byte> random = stackalloc byte[KeyRandomBytes];
        RandomNumberGenerator.Fill(random);
        return prefix + Base64Url.EncodeToString(random);
    }
}
