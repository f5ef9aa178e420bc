using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tally.Core.Apps;
using Tally.Core.DeadLetters;
using Tally.Core.Events;
using Tally.Query.Http;

namespace Tally.Query.Endpoints;

/// <summary>The admin-only handlers: app management and the dead-letter store.</summary>
internal static class AdminEndpoints
{
    public const int DefaultDeadLetterLimit = 100;
    public const int MaxDeadLetterLimit = 1_000;

    public static async Task<Created<CreatedAppResponse>> CreateAppAsync(
        CreateAppRequest request, [FromServices] IAppRegistry apps, CancellationToken cancellationToken)
    {
        string name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new BadParameterException("name", "name must not be empty.");
        }
        CreatedApp created;
        try
        {
            created = await apps.CreateAsync(name, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new BadParameterException("name", e.Message);
        }
        var body = new CreatedAppResponse(created.App.Id, created.App.Name, created.App.CreatedAt, created.WriteKey, created.ReadKey);
        return TypedResults.Created($"/api/v1/apps/{created.App.Id}", body);
    }

    public static async Task<Ok<AppDeletionResult>> DeleteAppAsync(
        [Description("The app's id.")] string appId, [FromServices] AppDeletion deletion, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deletion.DeleteAsync(appId, cancellationToken));

    public static async Task<Results<Ok<DeadLettersResponse>, JsonHttpResult<QueryError>>> DeadLettersAsync(
        [Description("The app's id.")] string? app,
        [Description("How many, newest first (1-1000, default 100).")] int? limit,
        [FromServices] IAppRegistry apps,
        [FromServices] IDeadLetterStore deadLetters,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(app))
        {
            throw new BadParameterException(nameof(app), "app is required: the id of the app whose dead letters to list.");
        }
        if (limit is < 1 or > MaxDeadLetterLimit)
        {
            throw new BadParameterException(nameof(limit), $"limit must be between 1 and {MaxDeadLetterLimit}, not {limit}.");
        }
        if (!(await apps.ListAsync(cancellationToken)).Any(a => a.Id == app))
        {
            return QueryErrors.Of(StatusCodes.Status404NotFound, "unknown_app", $"No app has id '{app}'.");
        }
        var letters = await deadLetters.ListAsync(app, limit ?? DefaultDeadLetterLimit, cancellationToken);
        return TypedResults.Ok(new DeadLettersResponse(app, [.. letters.Select(ToResponse)]));
    }

    private static DeadLetterResponse ToResponse(DeadLetter letter) =>
        new(letter.Reason.Code(), letter.Detail, letter.ReceivedAt, System.Text.Encoding.UTF8.GetString(letter.RawEvent.Span));
}

public sealed record CreateAppRequest(string? Name);

/// <param name="WriteKey">For the SDK; shown only now (Tally stores its hash).</param>
/// <param name="ReadKey">For dashboards and the query API; shown only now.</param>
public sealed record CreatedAppResponse(string Id, string Name, DateTimeOffset CreatedAt, string WriteKey, string ReadKey);

public sealed record DeadLettersResponse(string AppId, IReadOnlyList<DeadLetterResponse> DeadLetters);

/// <param name="RawEvent">The event exactly as it arrived (JSON text).</param>
public sealed record DeadLetterResponse(string Reason, string Detail, DateTimeOffset ReceivedAt, string RawEvent);
