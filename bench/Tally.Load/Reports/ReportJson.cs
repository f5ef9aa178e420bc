using System.Text.Json.Serialization;

namespace Tally.Load.Reports;

/// <summary>The <c>--json</c> output format, also read back by <c>http --baseline</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HttpLoadReport))]
[JsonSerializable(typeof(DecodeReport))]
[JsonSerializable(typeof(FreshnessReport))]
internal sealed partial class ReportJson : JsonSerializerContext;
