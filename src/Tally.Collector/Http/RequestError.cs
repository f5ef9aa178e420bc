using Microsoft.AspNetCore.Http;

namespace Tally.Collector.Http;

/// <summary>Why a whole request was refused: the HTTP status, a stable snake_case code and a human reason.</summary>
public sealed record RequestError(int StatusCode, string Code, string Message)
{
    public static RequestError InvalidJson(string message) => new(StatusCodes.Status400BadRequest, "invalid_json", message);

    public static RequestError InvalidBody(string message) => new(StatusCodes.Status400BadRequest, "invalid_body", message);
}

/// <summary>
/// Thrown where bad input is detected deep inside body reading or parsing, and turned into
/// an explicit 4xx response by the endpoint. Never escapes the collector.
/// </summary>
public sealed class RequestRejectedException(RequestError error) : Exception(error.Message)
{
    public RequestError Error { get; } = error;
}
