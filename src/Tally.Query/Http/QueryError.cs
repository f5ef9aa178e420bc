using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tally.Query.Http;

/// <summary>The JSON body of every 4xx answer.</summary>
/// <param name="Error">A stable code: <c>missing_token</c>, <c>invalid_token</c>, <c>forbidden</c>, <c>unknown_app</c>, <c>invalid_parameter</c>.</param>
/// <param name="Parameter">For <c>invalid_parameter</c>: the query or route parameter at fault.</param>
public sealed record QueryError(string Error, string Message, string? Parameter = null);

internal static class QueryErrors
{
    public static JsonHttpResult<QueryError> BadParameter(string parameter, string message) =>
        TypedResults.Json(new QueryError("invalid_parameter", message, parameter), statusCode: StatusCodes.Status400BadRequest);

    public static JsonHttpResult<QueryError> Of(int statusCode, string error, string message) =>
        TypedResults.Json(new QueryError(error, message), statusCode: statusCode);
}

/// <summary>A request parameter that does not parse or is out of range; the endpoint answers 400 naming it.</summary>
internal sealed class BadParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
