namespace Tally.Bench.Payloads;

/// <summary>A ready-to-send request body: one gzip-compressed batch.</summary>
/// <param name="Gzip">The body as sent with <c>Content-Encoding: gzip</c>.</param>
/// <param name="JsonLength">Its size after decompression.</param>
/// <param name="EventCount">Events in the batch.</param>
/// <param name="AppIndex">Which generated app sent it; a load tool maps it to a write key.</param>
public sealed record Payload(byte[] Gzip, int JsonLength, int EventCount, int AppIndex);
