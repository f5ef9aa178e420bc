using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tally.Core.Apps;
using Tally.Query.Diagnostics;

namespace Tally.Query.Http;

/// <summary>
/// Authenticates every query endpoint and, on routes with an <c>{appId}</c>, checks the caller may
/// read that app: 401 without a valid token, 403 for another app's data, 404 for an unknown app
/// (admin only: a read key never learns which other apps exist). Also turns
/// <see cref="BadParameterException"/> into a 400 naming the parameter.
/// </summary>
internal sealed class AccessFilter(QueryAuthenticator authenticator, IAppRegistry apps, ILogger<AccessFilter> logger) : IEndpointFilter
{
    public const string AppIdRouteValue = "appId";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (access, error) = await authenticator.AuthenticateAsync(http.Request, http.RequestAborted);
        if (access is null)
        {
            return Refuse(http, StatusCodes.Status401Unauthorized, error!);
        }
        if (http.Request.RouteValues.TryGetValue(AppIdRouteValue, out var value) && value is string appId)
        {
            if (!access.CanRead(appId))
            {
                return Refuse(http, StatusCodes.Status403Forbidden,
                    new QueryError("forbidden", "This read key belongs to another app."));
            }
            if (access.IsAdmin && !(await apps.ListAsync(http.RequestAborted)).Any(a => a.Id == appId))
            {
                return Refuse(http, StatusCodes.Status404NotFound, new QueryError("unknown_app", $"No app has id '{appId}'."));
            }
        }
        http.Items[typeof(QueryAccess)] = access;
        try
        {
            return await next(context);
        }
        catch (BadParameterException ex)
        {
            return QueryErrors.BadParameter(ex.Parameter, ex.Message);
        }
    }

    private object Refuse(HttpContext http, int statusCode, QueryError error)
    {
        logger.AccessRefused(http.Request.Path, statusCode, error.Error);
        return TypedResults.Json(error, statusCode: statusCode);
    }
}

internal static class QueryAccessExtensions
{
    /// <summary>The caller, as <see cref="AccessFilter"/> authenticated it.</summary>
    public static QueryAccess GetQueryAccess(this HttpContext http) =>
        http.Items[typeof(QueryAccess)] as QueryAccess
            ?? throw new InvalidOperationException("The endpoint runs without the query AccessFilter.");
}
