namespace Tally.Collector;

/// <summary>Cross-origin access for browser SDKs, bound from <c>Tally:Collector:Cors</c>.</summary>
public sealed class CollectorCorsOptions
{
    /// <summary>
    /// Origins (<c>https://app.example.com</c>) whose pages may post events; <c>*</c> allows any.
    /// Empty (the default): no CORS headers, so browsers refuse cross-origin posts.
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = [];
}
