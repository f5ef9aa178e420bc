using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Collector.Diagnostics;
using Tally.Collector.Ingestion;
using Tally.Collector.Parsing;
using Tally.Core.Apps;
using Tally.Core.Events;

namespace Tally.Collector.Http;

/// <summary>
/// One tracking API request: authenticate, read and parse the body, normalise, make durable,
/// and only then answer 200. Every bad-input path ends in an explicit 4xx.
/// </summary>
internal sealed class CollectorRequestHandler(
    IOptions<CollectorOptions> options,
    IAppRegistry apps,
    EventIngestor ingestor,
    AdmissionGate admission,
    CollectorMetrics metrics,
    TimeProvider time,
    ILogger<CollectorRequestHandler> logger)
{
    private readonly SegmentBatchParser _parser = new(options.Value.ToLimits());
    private readonly CollectorOptions _options = options.Value;
    private readonly MinDataRate _minBodyRate = new(
        options.Value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(options.Value.SlowBodyGracePeriodSeconds));

    /// <param name="singleType">The event type of a single-event endpoint; null for a batch.</param>
    public async Task<Results<Ok<IngestResponse>, ErrorResult>> HandleAsync(HttpContext context, EventType? singleType)
    {
        var result = await AdmitAsync(context, singleType);
        if (result.Result is ErrorResult error)
        {
            metrics.RequestAnswered(error.StatusCode, error.Value.Error);
        }
        else
        {
            metrics.RequestAnswered(StatusCodes.Status200OK, errorCode: null);
        }
        return result;
    }

    /// <summary>Refuses the request before its body is read when the collector already works on as many as it may.</summary>
    private async Task<Results<Ok<IngestResponse>, ErrorResult>> AdmitAsync(HttpContext context, EventType? singleType)
    {
        if (!admission.TryEnter())
        {
            return ErrorResult.Overloaded(
                $"The collector is handling {_options.MaxInFlightRequests} requests already. Retry later.", _options.OverloadRetryAfterSeconds);
        }
        try
        {
            if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } bodyRate)
            {
                bodyRate.MinDataRate = _minBodyRate;
            }
            return await ProcessAsync(context, singleType);
        }
        finally
        {
            admission.Exit();
        }
    }

    private async Task<Results<Ok<IngestResponse>, ErrorResult>> ProcessAsync(HttpContext context, EventType? singleType)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            var (app, request) = await ReceiveAsync(context.Request, singleType, cancellationToken);
            await ingestor.IngestAsync(app.Id, request, cancellationToken);
            return TypedResults.Ok(Acknowledge(request));
        }
        catch (RequestRejectedException e)
        {
            logger.RequestRefused(context.Request.Path, e.Error.StatusCode, e.Error.Code, e.Error.Message);
            return ErrorResult.For(e.Error);
        }
        catch (IngestionUnavailableException e)
        {
            return ErrorResult.Unavailable($"{e.Message} Retry later.", _options.RetryAfterSeconds);
        }
    }

    /// <summary>
    /// Authenticates and parses. A Basic header is checked before the body is read; a write key
    /// in the body can only be checked after parsing, so the app id is stamped last.
    /// The pooled body is returned before the (slow) append starts.
    /// </summary>
    private async Task<(AppInfo App, NormalisedRequest Request)> ReceiveAsync(
        HttpRequest httpRequest, EventType? singleType, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var app = await FindAppAsync(WriteKeyHeader.Read(httpRequest.Headers.Authorization), cancellationToken);
        using var body = await RequestBodyReader.ReadAsync(httpRequest, _parser.Limits, cancellationToken);
        var parsed = singleType is { } type ? _parser.ParseSingle(body.Memory, type) : _parser.ParseBatch(body.Memory);
        app ??= await FindAppAsync(parsed.WriteKey, cancellationToken) ?? throw WriteKeyHeader.MissingKey();
        return (app, parsed.Normalise(app.Id, receivedAt));
    }

    /// <summary>
    /// The app of <paramref name="writeKey"/>; null when no key was given; 401 when the key is unknown; 503 when the
    /// registry cannot be asked (its database restarting, a key not cached): the client retries, nothing is lost.
    /// </summary>
    private async ValueTask<AppInfo?> FindAppAsync(string? writeKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(writeKey))
        {
            return null;
        }
        AppInfo? app;
        try
        {
            app = await apps.FindByWriteKeyAsync(writeKey, cancellationToken);
        }
        // The registry's own failures (SQLite, PostgreSQL, disk); anything else is a bug and must surface.
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            logger.AppRegistryUnavailable(e);
            throw new IngestionUnavailableException("The app registry is unavailable.", e);
        }
        return app ?? throw WriteKeyHeader.InvalidKey();
    }

    private IngestResponse Acknowledge(NormalisedRequest request)
    {
        if (request.Rejected.Count == 0)
        {
            return new IngestResponse(Success: true);
        }
        var errors = request.Rejected
            .Take(_options.MaxReportedErrors)
            .Select(r => new EventError(r.Index, r.Letter.Reason.Code(), r.Letter.Detail))
            .ToArray();
        return new IngestResponse(Success: true, request.Rejected.Count, errors);
    }
}
