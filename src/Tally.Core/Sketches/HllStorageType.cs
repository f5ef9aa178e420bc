namespace Tally.Core.Sketches;

/// <summary>
/// The representations of the Aggregate Knowledge HLL storage format (schema version 1);
/// the values are the type nibble of the header byte.
/// </summary>
public enum HllStorageType : byte
{
    /// <summary>No element added yet: the three header bytes only.</summary>
    Empty = 1,

    /// <summary>The distinct 64-bit hashes themselves, sorted as signed integers: counts are exact.</summary>
    Explicit = 2,

    /// <summary>Only the non-zero registers, as bit-packed (index, value) pairs.</summary>
    Sparse = 3,

    /// <summary>Every register, bit-packed ("compressed" in postgresql-hll's source).</summary>
    Full = 4,
}
