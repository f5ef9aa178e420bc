namespace Tally.Core.Apps;

/// <summary>An app registered with Tally. Its keys are never stored, only their hashes.</summary>
public sealed record AppInfo(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A new app with its keys in clear text; shown to the operator once, at creation.</summary>
public sealed record CreatedApp(AppInfo App, string WriteKey, string ReadKey);
