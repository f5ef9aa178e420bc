namespace Tally.Bench.Payloads;

/// <summary>
/// One Segment batch body as UTF-8 JSON (<c>{"batch":[…],"sentAt":"…"}</c>), all from one
/// device as a mobile SDK sends them.
/// </summary>
/// <param name="Json">The uncompressed body.</param>
/// <param name="EventCount">Events in <c>batch</c>.</param>
/// <param name="AppIndex">Which generated app sent it (0 ≤ index &lt; <see cref="MobileEventGenerator.AppCount"/>), so a load tool can pick the matching write key.</param>
/// <param name="EventBytes">Bytes of the events themselves, without the envelope and separators.</param>
public sealed record GeneratedBatch(byte[] Json, int EventCount, int AppIndex, long EventBytes);
