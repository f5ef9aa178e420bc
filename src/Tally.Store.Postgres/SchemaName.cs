using System.Text.RegularExpressions;

namespace Tally.Store.Postgres;

/// <summary>
/// Schema names are written into SQL text (identifiers cannot be parameters), so only plain
/// lower-case identifiers are accepted: they need no quoting and cannot inject anything.
/// </summary>
internal static partial class SchemaName
{
    // 63 bytes is PostgreSQL's identifier limit (NAMEDATALEN - 1); longer names would be truncated silently.
    public const string Rule = "a lower-case letter or underscore followed by up to 62 lower-case letters, digits or underscores";

    public static bool IsValid(string? schema) => schema is not null && Pattern().IsMatch(schema);

    public static string Validate(string schema, string parameterName) =>
        IsValid(schema) ? schema : throw new ArgumentException($"'{schema}' is not a valid schema name: use {Rule}.", parameterName);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
