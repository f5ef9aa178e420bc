using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tally.Core.Apps;

namespace Tally.Query.Http;

/// <summary>Who is asking: the admin (every app) or the holder of one app's read key.</summary>
public sealed record QueryAccess(bool IsAdmin, AppInfo? App)
{
    public bool CanRead(string appId) => IsAdmin || App?.Id == appId;
}

/// <summary>Resolves <c>Authorization: Bearer &lt;token&gt;</c> to a <see cref="QueryAccess"/>.</summary>
internal sealed class QueryAuthenticator(IAppRegistry apps, IOptions<QueryOptions> options)
{
    private const string Scheme = "Bearer ";

    // Hashed once: comparing fixed-length hashes keeps the comparison's time independent of the token's length.
    private readonly byte[]? _adminTokenHash = options.Value.AdminToken is { Length: > 0 } token
        ? SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()))
        : null;

    /// <returns>The access, or the 401 error to answer.</returns>
    public async ValueTask<(QueryAccess? Access, QueryError? Error)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, new QueryError("missing_token", "Send Authorization: Bearer <read key or admin token>."));
        }
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return (null, new QueryError("invalid_token", "The Authorization header must use the Bearer scheme."));
        }
        string token = header[Scheme.Length..].Trim();
        if (_adminTokenHash is not null
            && CryptographicOperations.FixedTimeEquals(_adminTokenHash, SHA256.HashData(Encoding.UTF8.GetBytes(token))))
        {
            return (new QueryAccess(IsAdmin: true, App: null), null);
        }
        var app = await apps.FindByReadKeyAsync(token, cancellationToken);
        return app is null
            ? (null, new QueryError("invalid_token", "The bearer token is neither a read key nor the admin token."))
            : (new QueryAccess(IsAdmin: false, app), null);
    }
}
