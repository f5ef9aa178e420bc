using System.Text.Json;
using System.Text.Json.Serialization;
using Tally.Query.Endpoints;

namespace Tally.Query.Http;

/// <summary>
/// Source-generated serialisation of the query API's bodies, with ASP.NET Core's web defaults (camelCase,
/// nulls written) so the JSON is what reflection wrote: a 90-point series per breakdown value was a
/// visible part of a request's CPU through the reflection-based converters.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MetricResponse))]
[JsonSerializable(typeof(RetentionResponse))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(AppsResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(QueryError))]
[JsonSerializable(typeof(CreateAppRequest))]
[JsonSerializable(typeof(CreatedAppResponse))]
[JsonSerializable(typeof(DeadLettersResponse))]
internal sealed partial class QueryJsonContext : JsonSerializerContext;
