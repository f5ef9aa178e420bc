namespace Tally.Core.Views;

/// <summary>A batch worker's claim on one day (see <see cref="IBatchLeases"/>).</summary>
/// <param name="Token">
/// The fencing token: every claim of the day gets a higher one, and a commit carrying an older
/// token fails. It, not <paramref name="ExpiresAt"/>, decides whether the lease still holds.
/// </param>
/// <param name="ArchiveVersion">The day's archive version when it was claimed: the version to compute.</param>
/// <param name="ExpiresAt">When another worker may claim the day unless the lease is renewed, on the store's clock.</param>
public sealed record BatchLease(DateOnly Day, string WorkerId, long Token, long ArchiveVersion, DateTimeOffset ExpiresAt);
