using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Tally.Core.Events;

namespace Tally.Collector.Http;

/// <summary>
/// Reads a request body into a pooled buffer, enforcing the wire and decompressed limits
/// while reading: an oversized or chunked body is never read past its limit, and a
/// compression bomb is never inflated past the decompressed limit.
/// </summary>
internal static class RequestBodyReader
{
    // First rental when the client sent no Content-Length: most SDK batches are a few KiB.
    private const int UnknownLengthInitialBytes = 16 * 1024;

    // Typical JSON compresses 5-10x; starting there avoids most regrowth.
    private const int ExpectedCompressionRatio = 8;

    public static async ValueTask<PooledBuffer> ReadAsync(HttpRequest request, EventLimits limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxRequestBytes)
        {
            throw BodyTooLarge(limits);
        }
        bool gzip = IsGzip(request.Headers.ContentEncoding);
        var wire = await ReadWireAsync(request, limits, cancellationToken);
        if (!gzip)
        {
            return wire;
        }
        try
        {
            return Inflate(wire.Segment, limits);
        }
        finally
        {
            wire.Dispose();
        }
    }

    private static bool IsGzip(string? contentEncoding) => contentEncoding switch
    {
        null or "" or "identity" => false,
        _ when contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) => true,
        _ => throw new RequestRejectedException(new RequestError(
            StatusCodes.Status415UnsupportedMediaType, "unsupported_encoding",
            $"Content-Encoding '{contentEncoding}' is not supported; send gzip or an uncompressed body.")),
    };

    private static async ValueTask<PooledBuffer> ReadWireAsync(HttpRequest request, EventLimits limits, CancellationToken cancellationToken)
    {
        int limit = limits.MaxRequestBytes;
        var buffer = new PooledBuffer((int)Math.Min(request.ContentLength ?? UnknownLengthInitialBytes, limit));
        bool complete = false;
        try
        {
            while (true)
            {
                var window = buffer.NextWindow(limit);
                if (window.IsEmpty)
                {
                    // Exactly at the limit: one more byte makes the body too large. Rare, so the probe may allocate.
                    if (await ReadAsync(request.Body, new byte[1], cancellationToken) > 0)
                    {
                        throw BodyTooLarge(limits);
                    }
                    break;
                }
                int read = await ReadAsync(request.Body, window, cancellationToken);
                if (read == 0)
                {
                    break;
                }
                buffer.Advance(read);
            }
            complete = true;
            return buffer;
        }
        finally
        {
            if (!complete)
            {
                buffer.Dispose();
            }
        }
    }

    /// <summary>
    /// Kestrel reports a body it could not read — too slow (408), bad chunked framing (400) —
    /// as <see cref="BadHttpRequestException"/>; it becomes a JSON error like any other bad input.
    /// </summary>
    private static async ValueTask<int> ReadAsync(Stream body, Memory<byte> window, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(window, cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            string code = e.StatusCode == StatusCodes.Status408RequestTimeout ? "body_too_slow" : "unreadable_body";
            throw new RequestRejectedException(new RequestError(e.StatusCode, code, e.Message));
        }
    }

    private static PooledBuffer Inflate(ArraySegment<byte> compressed, EventLimits limits)
    {
        int limit = limits.MaxDecompressedBytes;
        var output = new PooledBuffer((int)Math.Clamp((long)compressed.Count * ExpectedCompressionRatio, 1, limit));
        bool complete = false;
        try
        {
            // Inflating an in-memory buffer is CPU work, not I/O: synchronous reads are right here.
            using var gzip = new GZipStream(
                new MemoryStream(compressed.Array!, compressed.Offset, compressed.Count, writable: false),
                CompressionMode.Decompress);
            while (true)
            {
                var window = output.NextWindow(limit);
                if (window.IsEmpty)
                {
                    // Exactly at the limit: inflate one byte more, and no further, to tell "done" from "bomb".
                    Span<byte> probe = stackalloc byte[1];
                    if (gzip.Read(probe) > 0)
                    {
                        throw new RequestRejectedException(new RequestError(
                            StatusCodes.Status413PayloadTooLarge, "decompressed_too_large",
                            $"The body inflates to more than {limits.MaxDecompressedBytes} bytes."));
                    }
                    break;
                }
                int read = gzip.Read(window.Span);
                if (read == 0)
                {
                    break;
                }
                output.Advance(read);
            }
            EnsureComplete(compressed, output.Length);
            complete = true;
            return output;
        }
        catch (InvalidDataException e)
        {
            throw InvalidGzip(e.Message);
        }
        finally
        {
            if (!complete)
            {
                output.Dispose();
            }
        }
    }

    /// <summary>
    /// GZipStream reports a truncated stream as a normal end (unless a process-wide switch is
    /// set), so check the trailer: its last four bytes are the uncompressed size mod 2^32.
    /// A cut anywhere leaves bytes there that match by chance once in 2^32. This assumes one
    /// gzip member, which is what every SDK sends.
    /// </summary>
    private static void EnsureComplete(ReadOnlySpan<byte> compressed, int inflatedLength)
    {
        // 10-byte header + 8-byte trailer: the smallest possible gzip member.
        const int MinimumGzipBytes = 18;
        if (compressed.Length < MinimumGzipBytes || BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]) != (uint)inflatedLength)
        {
            throw InvalidGzip("The gzip stream is truncated.");
        }
    }

    private static RequestRejectedException InvalidGzip(string message) =>
        new(new RequestError(StatusCodes.Status400BadRequest, "invalid_gzip", message));

    private static RequestRejectedException BodyTooLarge(EventLimits limits) =>
        new(new RequestError(StatusCodes.Status413PayloadTooLarge, "body_too_large",
            $"The request body is larger than {limits.MaxRequestBytes} bytes."));
}
