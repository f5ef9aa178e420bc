using System.Text.Json.Serialization;

namespace Tally.Collector.Http;

/// <summary>
/// Segment's success body <c>{"success":true}</c>; when some events were dead-lettered it also
/// says how many and why (a capped list), which Segment SDKs ignore.
/// </summary>
/// <remarks>
/// Names and ignore conditions are on the properties because the host's JSON options, not
/// this context's, apply to Ok results, and the wire format must not depend on the host.
/// </remarks>
public sealed record IngestResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("rejected"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rejected = null,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EventError>? Errors = null);

/// <summary>Why the event at <paramref name="Index"/> of the batch was rejected.</summary>
public sealed record EventError(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Every error body: <c>{"success":false,"error":"&lt;code&gt;","message":"&lt;human reason&gt;"}</c>.</summary>
public sealed record ErrorResponse(bool Success, string Error, string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class CollectorJsonContext : JsonSerializerContext;
