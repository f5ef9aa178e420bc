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
        // One byte more than the limit, so that reading it proves the body is too large.
        int maxCapacity = limits.MaxRequestBytes + 1;
        int initial = (int)Math.Min(request.ContentLength + 1 ?? UnknownLengthInitialBytes, maxCapacity);
        var buffer = new PooledBuffer(initial);
        bool complete = false;
        try
        {
            while (true)
            {
                if (buffer.Length == buffer.Capacity)
                {
                    buffer.Grow(maxCapacity);
                }
                int read = await request.Body.ReadAsync(buffer.Free, cancellationToken);
                if (read == 0)
                {
                    complete = true;
                    return buffer;
                }
                buffer.Advance(read);
                if (buffer.Length > limits.MaxRequestBytes)
                {
                    throw BodyTooLarge(limits);
                }
            }
        }
        finally
        {
            if (!complete)
            {
                buffer.Dispose();
            }
        }
    }

    private static PooledBuffer Inflate(ArraySegment<byte> compressed, EventLimits limits)
    {
        int maxCapacity = limits.MaxDecompressedBytes + 1;
        int initial = (int)Math.Min((long)compressed.Count * ExpectedCompressionRatio, maxCapacity);
        var output = new PooledBuffer(Math.Max(initial, 1));
        bool complete = false;
        try
        {
            // Inflating an in-memory buffer is CPU work, not I/O: synchronous reads are right here.
            using var gzip = new GZipStream(
                new MemoryStream(compressed.Array!, compressed.Offset, compressed.Count, writable: false),
                CompressionMode.Decompress);
            while (true)
            {
                if (output.Length == output.Capacity)
                {
                    output.Grow(maxCapacity);
                }
                int read = gzip.Read(output.Free.Span);
                if (read == 0)
                {
                    break;
                }
                output.Advance(read);
                if (output.Length > limits.MaxDecompressedBytes)
                {
                    throw new RequestRejectedException(new RequestError(
                        StatusCodes.Status413PayloadTooLarge, "decompressed_too_large",
                        $"The body inflates to more than {limits.MaxDecompressedBytes} bytes."));
                }
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
