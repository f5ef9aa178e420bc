using System.Text.Json.Serialization;

namespace Tally.Collector.Http;

/// <summary>
/// Segment's success body <c>{"success":true}</c>; when some events were dead-lettered it also
/// says how many and why (a capped list), which Segment SDKs ignore.
/// </summary>
public sealed record IngestResponse(
    bool Success,
    int? Rejected = null,
    IReadOnlyList<EventError>? Errors = null);

/// <summary>Why the event at <paramref name="Index"/> of the batch was rejected.</summary>
public sealed record EventError(int Index, string Reason, string Message);

/// <summary>Every error body: <c>{"success":false,"error":"&lt;code&gt;","message":"&lt;human reason&gt;"}</c>.</summary>
public sealed record ErrorResponse(bool Success, string Error, string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class CollectorJsonContext : JsonSerializerContext;
