namespace Tally.Host.Configuration;

/// <summary>The roles one Tally process can run. <c>tally up</c> runs them all by default.</summary>
[Flags]
public enum TallyRoles
{
    None = 0,
    Collector = 1,
    Speed = 2,
    Archive = 4,
    Query = 8,
    Batch = 16,
    All = Collector | Speed | Archive | Batch | Query,
}

public static class TallyRoleNames
{
    /// <summary>Every role name, for help and error messages.</summary>
    public const string Listing = "collector, speed, archive, batch, query";

    /// <summary>Parses a comma-separated list such as <c>collector,speed</c> (or <c>all</c>).</summary>
    /// <returns>False, with the first unknown name, when a name is not a role.</returns>
    public static bool TryParse(string? text, out TallyRoles roles, out string? unknown)
    {
        roles = TallyRoles.None;
        unknown = null;
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            TallyRoles? role = name.ToLowerInvariant() switch
            {
                "collector" => TallyRoles.Collector,
                "speed" => TallyRoles.Speed,
                "archive" => TallyRoles.Archive,
                "batch" => TallyRoles.Batch,
                "query" => TallyRoles.Query,
                "all" => TallyRoles.All,
                _ => null,
            };
            if (role is null)
            {
                unknown = name;
                return false;
            }
            roles |= role.Value;
        }
        if (roles == TallyRoles.None)
        {
            // An empty list runs nothing: report it like an unknown name.
            unknown = text ?? "";
            return false;
        }
        return true;
    }
}
