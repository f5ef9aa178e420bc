using System.Text.Json.Serialization;

namespace Tally.Host.Cli;

/// <summary>What <c>tally apps create --json</c> prints.</summary>
internal sealed record CreatedAppJson(string AppId, string Name, string WriteKey, string ReadKey);

/// <summary>One element of what <c>tally apps list --json</c> prints.</summary>
internal sealed record AppJson(string AppId, string Name, DateTimeOffset CreatedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CreatedAppJson))]
[JsonSerializable(typeof(AppJson[]))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
