namespace Tally.Core.Events;

/// <summary>Why one event of an otherwise good batch was sent to the dead-letter store.</summary>
public enum RejectReason
{
    MissingType = 1,
    UnknownType,
    InvalidTimestamp,
    MissingUser,
    InvalidField,
    FieldTooLong,
    MissingEventName,
    NotAnObject,
}

public static class RejectReasons
{
    /// <summary>The stable, snake_case code used in API responses and the dead-letter store.</summary>
    public static string Code(this RejectReason reason) => reason switch
    {
        RejectReason.MissingType => "missing_type",
        RejectReason.UnknownType => "unknown_type",
        RejectReason.InvalidTimestamp => "invalid_timestamp",
        RejectReason.MissingUser => "missing_user",
        RejectReason.InvalidField => "invalid_field",
        RejectReason.FieldTooLong => "field_too_long",
        RejectReason.MissingEventName => "missing_event_name",
        RejectReason.NotAnObject => "not_an_object",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };
}
