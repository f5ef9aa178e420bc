using System.Text;
using Tally.Collector.Tests.Http;

namespace Tally.Collector.Tests.Hostile;

/// <summary>
/// The hand-written hostile corpus: malformed, truncated, mis-encoded, deeply nested, huge and
/// mistyped bodies and broken gzip, each with the answer it must get.
/// </summary>
internal static class HostileCorpus
{
    public static IEnumerable<HostileCase> All()
    {
        string good = Bodies.Track("corpus-user");
        yield return Json("empty body", "", 400, "invalid_json");
        yield return Json("whitespace only", "   \n\t ", 400, "invalid_json");
        yield return Json("truncated JSON", Bodies.Batch(good)[..40], 400, "invalid_json");
        yield return Json("trailing garbage", Bodies.Batch(good) + " {}", 400, "invalid_json");
        yield return Json("NaN literal", """{"batch":[{"type":"track","anonymousId":"u","event":"e","properties":{"x":NaN}}]}""", 400, "invalid_json");
        yield return Json("comment", """{"batch":[] /* hi */}""", 400, "invalid_json");
        yield return Json("top-level array", $"[{good}]", 400, "invalid_body");
        yield return Json("top-level null", "null", 400, "invalid_body");
        yield return Json("top-level string", "\"batch\"", 400, "invalid_body");
        yield return Json("batch is an object", """{"batch":{}}""", 400, "invalid_body");
        yield return Json("no batch", """{"events":[]}""", 400, "invalid_body");
        yield return Json("writeKey is a number", $$"""{"writeKey":5,"batch":[{{good}}]}""", 400, "invalid_body");
        yield return Json("batch context is a string", $$"""{"context":"x","batch":[{{good}}]}""", 400, "invalid_body");
        yield return Raw("invalid UTF-8 in an event name", Splice(good, "corpus-user", [0xC3, 0x28]), 400, "invalid_json");
        yield return Raw("overlong UTF-8 encoding of '/'", Splice(good, "corpus-user", [0xC0, 0xAF]), 400, "invalid_json");
        yield return Raw("UTF-8 surrogate half", Splice(good, "corpus-user", [0xED, 0xA0, 0x80]), 400, "invalid_json");
        yield return Raw("raw NUL inside a string", Splice(good, "corpus-user", [0x00]), 400, "invalid_json");
        yield return Json("escaped lone surrogate in the user id", good.Replace("corpus-user", "\\ud800"), 400, "invalid_json", batch: true);
        yield return Json("escaped surrogate pair (an emoji) is fine", good.Replace("corpus-user", "\\ud83d\\ude00"), 200, "none", batch: true);
        yield return Json("escaped lone low surrogate in properties", Bodies.Track("u", extra: ",\"properties\":{\"x\":\"\\\\\\udc00\"}"), 400, "invalid_json", batch: true);
        yield return Json("10,000 levels of nesting", Bodies.Batch(Nested(10_000)), 400, "invalid_json");
        yield return Json("nesting just under the reader's limit", Bodies.Batch(Nested(60)), 200, "none");
        yield return Json("huge number in properties", Bodies.Track("u", extra: ""","properties":{"n":1e999999}"""), 200, "none", batch: true);
        yield return Json("huge number as a timestamp", """{"batch":[{"type":"track","anonymousId":"u","event":"e","timestamp":1e999999}]}""", 200, "invalid_timestamp");
        yield return Json("huge number as screen width (screen is not kept)", """{"batch":[{"type":"track","anonymousId":"u","event":"e","context":{"screen":{"width":1e999999}}}]}""", 200, "none");
        yield return Json("user id over the string limit", Bodies.Batch(Bodies.Track(new string('u', 2_000))), 200, "field_too_long");
        yield return Gz("one event of 1 MB", Encoding.UTF8.GetBytes(Bodies.Batch(Bodies.Track(new string('u', 1_000_000)))), 413, "event_too_large");
        yield return Json("10,000 properties", Bodies.Batch(Bodies.Track("u", extra: ",\"properties\":{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"p{i}\":{i}")) + "}")), 413, "event_too_large");
        yield return Gz("10,001 events", Encoding.UTF8.GetBytes(Bodies.Batch(Enumerable.Repeat("""{"type":"track","anonymousId":"u","event":"e"}""", 10_001).ToArray())), 400, "too_many_events");
        yield return Json("event name is a number (kept as its text, as Segment allows)", """{"batch":[{"type":"track","anonymousId":"u","event":42}]}""", 200, "none");
        yield return Json("event name is a boolean", """{"batch":[{"type":"track","anonymousId":"u","event":true}]}""", 200, "invalid_field");
        yield return Json("user id is an object", """{"batch":[{"type":"track","anonymousId":{},"event":"e"}]}""", 200, "invalid_field");
        yield return Json("type is an array", """{"batch":[{"type":["track"],"anonymousId":"u","event":"e"}]}""", 200, "unknown_type");
        yield return Json("context is a string", """{"batch":[{"type":"track","anonymousId":"u","event":"e","context":"x"}]}""", 200, "invalid_field");
        yield return Json("batch element is a number", "{\"batch\":[42]}", 200, "not_an_object");
        yield return Raw("gzip bomb (100 MB of zeros)", Bodies.GzipBomb(100L * 1024 * 1024), 413, "decompressed_too_large", gzip: true);
        yield return Raw("truncated gzip", Truncate(Bodies.Compress(Encoding.UTF8.GetBytes(Bodies.Batch(good))), 0.6), 400, "invalid_gzip", gzip: true);
        yield return Raw("gzip header then garbage", [0x1F, 0x8B, 0x08, 0x00, .. Encoding.ASCII.GetBytes("not deflate at all, just text")], 400, "invalid_gzip", gzip: true);
        yield return Raw("plain JSON labelled gzip", Encoding.UTF8.GetBytes(Bodies.Batch(good)), 400, "invalid_gzip", gzip: true);
        yield return Gz("gzip inside gzip", Bodies.Compress(Encoding.UTF8.GetBytes(Bodies.Batch(good))), 400, "invalid_json");
        yield return Raw("body over the wire limit", new byte[600 * 1024], 413, "body_too_large");
    }

    private static HostileCase Json(string name, string json, int status, string reason, bool batch = false) =>
        new(name, Encoding.UTF8.GetBytes(batch ? Bodies.Batch(json) : json), Gzip: false, status, reason);

    private static HostileCase Raw(string name, byte[] body, int status, string reason, bool gzip = false) =>
        new(name, body, gzip, status, reason);

    private static HostileCase Gz(string name, byte[] raw, int status, string reason) =>
        new(name, Bodies.Compress(raw), Gzip: true, status, reason);

    /// <summary>A batch body whose first occurrence of <paramref name="marker"/> is replaced by raw bytes.</summary>
    private static byte[] Splice(string eventJson, string marker, byte[] bytes)
    {
        byte[] body = Encoding.UTF8.GetBytes(Bodies.Batch(eventJson));
        int at = body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        return [.. body[..at], .. bytes, .. body[(at + marker.Length)..]];
    }

    private static string Nested(int depth) =>
        Bodies.Track("u", extra: ",\"properties\":{\"deep\":" + new string('[', depth) + new string(']', depth) + "}");

    private static byte[] Truncate(byte[] bytes, double keep) => bytes[..(int)(bytes.Length * keep)];
}
