using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Tally.Bench.Payloads;

/// <summary>
/// The least work any collector must do per request, used as the baseline its cost is
/// compared with: gunzip the body into a reused buffer, then parse the JSON either by
/// reading every token (<see cref="GunzipAndTokenize"/>) or into a generic DOM
/// (<see cref="GunzipAndParseDocument"/>). Not thread-safe: one decoder per thread.
/// </summary>
public sealed class BareDecoder : IDisposable
{
    // Holds a typical 100-event batch (~50 KB) without growing.
    private const int InitialBufferBytes = 128 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);

    /// <summary>Decompresses <paramref name="gzip"/>; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Gunzip(byte[] gzip)
    {
        using var source = new MemoryStream(gzip, writable: false);
        using var stream = new GZipStream(source, CompressionMode.Decompress);
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Grow();
            }

            var read = stream.Read(_buffer, length, _buffer.Length - length);
            if (read == 0)
            {
                return _buffer.AsMemory(0, length);
            }

            length += read;
        }
    }

    /// <summary>Gunzips and reads every JSON token; returns the number of events in <c>batch</c>.</summary>
    public int GunzipAndTokenize(byte[] gzip)
    {
        var reader = new Utf8JsonReader(Gunzip(gzip).Span);
        var events = 0;
        while (reader.Read())
        {
            // Depth 0 is the body object, 1 the batch array, 2 its events.
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2)
            {
                events++;
            }
        }

        return events;
    }

    /// <summary>Gunzips and parses the body into a <see cref="JsonDocument"/>; returns the length of <c>batch</c>.</summary>
    public int GunzipAndParseDocument(byte[] gzip)
    {
        using var document = JsonDocument.Parse(Gunzip(gzip));
        return document.RootElement.GetProperty("batch").GetArrayLength();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
