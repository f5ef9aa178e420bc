using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Tally.Collector.Http;

/// <summary>A collector error as a typed result: status code, JSON <see cref="ErrorResponse"/> and, for 429 and 503, <c>Retry-After</c>.</summary>
public sealed class ErrorResult : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ErrorResponse>, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private ErrorResult(int statusCode, ErrorResponse value, int? retryAfterSeconds)
    {
        StatusCode = statusCode;
        Value = value;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public ErrorResponse Value { get; }

    object? IValueHttpResult.Value => Value;

    public int? RetryAfterSeconds { get; }

    public string ContentType => "application/json; charset=utf-8";

    public static ErrorResult For(RequestError error) =>
        new(error.StatusCode, new ErrorResponse(false, error.Code, error.Message), retryAfterSeconds: null);

    public static ErrorResult Unavailable(string message, int retryAfterSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, new ErrorResponse(false, "unavailable", message), retryAfterSeconds);

    public static ErrorResult Overloaded(string message, int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, new ErrorResponse(false, "overloaded", message), retryAfterSeconds);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return response.WriteAsJsonAsync(Value, CollectorJsonContext.Default.ErrorResponse, ContentType, httpContext.RequestAborted);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        foreach (int status in (int[])[400, 401, 408, 413, 415, 429, 503])
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ErrorResponse), ["application/json"]));
        }
    }
}
