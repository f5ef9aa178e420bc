using Tally.Bench.Payloads;

namespace Tally.Load.Decode;

/// <summary>
/// A way to decode one request body. Returns the events it found (the gunzip-only variant
/// vouches for them by the decompressed length), so the runner can check the work was done.
/// </summary>
internal sealed record DecodeVariant(string Name, string Description, Func<BareDecoder, Payload, int> DecodeBatch);

/// <summary>The bare-decode variants, cheapest first.</summary>
internal static class DecodeVariants
{
    public const string Gunzip = "gunzip";
    public const string Tokenize = "tokenize";
    public const string Document = "document";

    public static readonly IReadOnlyList<DecodeVariant> All =
    [
        new(
            Gunzip,
            "gunzip only (reference: the decompression share)",
            (decoder, payload) => decoder.Gunzip(payload.Gzip).Length == payload.JsonLength ? payload.EventCount : -1),
        new(
            Tokenize,
            "gunzip, then Utf8JsonReader over every token (the least any collector must do)",
            (decoder, payload) => decoder.GunzipAndTokenize(payload.Gzip)),
        new(
            Document,
            "gunzip, then JsonDocument.Parse (a generic full parse)",
            (decoder, payload) => decoder.GunzipAndParseDocument(payload.Gzip)),
    ];
}
