namespace Tally.Simulator.Model;

/// <summary>What a custom event's properties describe; each kind draws realistic values of its own.</summary>
public enum PropertyKind
{
    /// <summary>No properties.</summary>
    None,

    /// <summary>A purchase: plan, price, currency.</summary>
    Purchase,

    /// <summary>Game progress: level, score, difficulty.</summary>
    Level,

    /// <summary>Content: category and source.</summary>
    Content,
}

/// <summary>A custom track event an app sends, how often relative to the others, and its properties.</summary>
public sealed record CustomEvent(string Name, double Weight, PropertyKind Properties);
