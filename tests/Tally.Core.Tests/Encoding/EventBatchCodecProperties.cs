using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Core.Encoding;
using Tally.Core.Events;

namespace Tally.Core.Tests.Encoding;

public class EventBatchCodecProperties
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    // Whole code points only (ASCII, Latin, CJK, an astral emoji, long runs): a lone surrogate
    // is not a string a JSON parser can hand us.
    private static Gen<string> Text =>
        Gen.ArrayOf(Gen.Elements("a", "Z", "0", " ", "ü", "漢", "😀", "\"", "\0", new string('x', 200)))
            .Select(parts => string.Concat(parts));

    private static Gen<string?> OptionalText =>
        Gen.OneOf(Gen.Constant<string?>(null), Text.Select(s => (string?)s));

    private static Gen<DateTimeOffset> Time =>
        Gen.Choose(0, int.MaxValue).Select(s => Epoch.AddSeconds(s).AddMilliseconds(s % 1000));

    private static Gen<TallyEvent> Events =>
        from type in Gen.Elements(Enum.GetValues<EventType>())
        from messageId in Text
        from anonymousId in OptionalText
        from userId in OptionalText
        from name in OptionalText
        from model in OptionalText
        from session in OptionalText
        from latitude in Gen.OneOf(Gen.Constant<double?>(null), ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => (double?)f.Get))
        from time in Time
        from received in Time
        from hasTimestamp in ArbMap.Default.GeneratorFor<bool>()
        from properties in ArbMap.Default.GeneratorFor<byte[]>()
        select new TallyEvent
        {
            Type = type,
            AppId = "app",
            MessageId = messageId,
            AnonymousId = anonymousId,
            UserId = userId,
            Event = name,
            EventTime = time,
            ReceivedAt = received,
            Timestamp = hasTimestamp ? time : null,
            Context = new EventContext { DeviceModel = model, SessionId = session, Latitude = latitude },
            Properties = properties,
        };

    [Property(MaxTest = 200)]
    public Property Decode_inverts_encode() =>
        Prop.ForAll(Gen.ListOf(Events).ToArbitrary(), events =>
        {
            var decoded = EventBatchReader.Decode(EventBatchWriter.Encode(events));
            return decoded.Count == events.Count
                && decoded.Zip(events).All(pair =>
                    pair.First with { Properties = default } == pair.Second with { Properties = default }
                    && pair.First.Properties.Span.SequenceEqual(pair.Second.Properties.Span));
        });
}
