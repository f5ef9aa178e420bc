using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tally.Query.Diagnostics;

namespace Tally.Query.Http;

/// <summary>
/// Runs after <see cref="AccessFilter"/> on endpoints that manage apps or read dead letters (which
/// hold raw events of any app): a read key, even of the app concerned, gets 403.
/// </summary>
internal sealed class AdminOnlyFilter(ILogger<AdminOnlyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.GetQueryAccess().IsAdmin)
        {
            logger.AccessRefused(http.Request.Path, StatusCodes.Status403Forbidden, "admin_only");
            return QueryErrors.Of(StatusCodes.Status403Forbidden, "admin_only", "Only the admin token may do this.");
        }
        return await next(context);
    }
}
