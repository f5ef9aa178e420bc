using System.Buffers;
using System.Buffers.Binary;
using Parquet.Meta;
using Parquet.Schema;
using Snappier;
using ColumnType = Parquet.Meta.Type;
using Encoding = Parquet.Meta.Encoding;

namespace Tally.Archive.Parquet.Plain;

/// <summary>
/// Decodes a flat string column chunk of PLAIN pages (what <see cref="EventParquetWriter"/> writes)
/// straight from its UTF-8 bytes: Parquet.Net 6.1 allocates a <c>char[]</c> and a string for every
/// value, while here a repeated value costs a lookup in a <see cref="Utf8StringPool"/>. Chunks of
/// another layout (dictionary or version 2 pages, other codecs, nested fields) are declined, for Parquet.Net to read.
/// </summary>
internal static class PlainStringColumn
{
    /// <summary>
    /// Reads <paramref name="chunk"/> of <paramref name="file"/> into <paramref name="column"/> (one value
    /// per row, null for null), each value through <paramref name="pool"/> or, when null, as a new string.
    /// </summary>
    /// <returns>False, with <paramref name="column"/> in any state, when the chunk's layout is not one this decodes.</returns>
    /// <exception cref="InvalidDataException">The chunk is malformed.</exception>
    public static async Task<bool> TryReadAsync(
        Stream file, ColumnChunk? chunk, DataField field, string?[] column, Utf8StringPool? pool, CancellationToken cancellationToken)
    {
        if (!CanDecode(chunk?.MetaData, field, column.Length))
        {
            return false;
        }
        var metadata = chunk!.MetaData!;
        int length = checked((int)metadata.TotalCompressedSize);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            file.Position = metadata.DataPageOffset;
            await file.ReadExactlyAsync(bytes.AsMemory(0, length), cancellationToken);
            return Decode(bytes.AsSpan(0, length), metadata.Codec == CompressionCodec.SNAPPY, field.MaxDefinitionLevel, column, pool);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool CanDecode(ColumnMetaData? metadata, DataField field, int rows) =>
        metadata is { Type: ColumnType.BYTE_ARRAY, DictionaryPageOffset: null or 0 }
        && metadata.Codec is CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY
        && metadata.NumValues == rows
        && metadata.Encodings.TrueForAll(e => e is Encoding.PLAIN or Encoding.RLE or Encoding.BIT_PACKED)
        && field.MaxRepetitionLevel == 0 && field.MaxDefinitionLevel <= 1;

    private static bool Decode(ReadOnlySpan<byte> chunk, bool snappy, int maxDefinition, string?[] column, Utf8StringPool? pool)
    {
        byte[]? scratch = null;
        try
        {
            int row = 0;
            while (row < column.Length)
            {
                var header = PageHeader.Read(chunk);
                if (!header.IsDataPage || header.Encoding != PageHeader.Plain
                    || (maxDefinition > 0 && header.DefinitionLevelEncoding != PageHeader.Rle))
                {
                    return false;
                }
                if (header.CompressedSize < 0 || header.CompressedSize > chunk.Length - header.HeaderLength
                    || header.Values < 0 || header.Values > column.Length - row)
                {
                    throw new InvalidDataException("A Parquet data page runs past its column chunk.");
                }
                var page = chunk.Slice(header.HeaderLength, header.CompressedSize);
                chunk = chunk[(header.HeaderLength + header.CompressedSize)..];
                var values = Split(header, page, snappy, maxDefinition, ref scratch, out var levels);
                DecodePage(levels, values, maxDefinition, column.AsSpan(row, header.Values), pool);
                row += header.Values;
            }
            return true;
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>A page's values, decompressed, and its definition levels.</summary>
    private static ReadOnlySpan<byte> Split(
        in PageHeader header, ReadOnlySpan<byte> page, bool snappy, int maxDefinition, ref byte[]? scratch, out ReadOnlySpan<byte> levels)
    {
        var data = snappy ? Decompress(page, header.UncompressedSize, ref scratch) : page;
        levels = default;
        if (maxDefinition == 0)
        {
            return data;
        }
        // The levels are prefixed with their length.
        int length = data.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(data) : -1;
        if (length < 0 || length > data.Length - 4)
        {
            throw new InvalidDataException("A Parquet page's levels run past the page.");
        }
        levels = data.Slice(4, length);
        return data[(4 + length)..];
    }

    private static ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> compressed, int size, ref byte[]? scratch)
    {
        if (size < 0)
        {
            throw new InvalidDataException("A Parquet page has a negative size.");
        }
        if (scratch is null || scratch.Length < size)
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
            scratch = ArrayPool<byte>.Shared.Rent(size);
        }
        if (!Snappy.TryDecompress(compressed, scratch, out int written) || written != size)
        {
            throw new InvalidDataException("A Parquet page's Snappy data does not decompress to its stated size.");
        }
        return scratch.AsSpan(0, size);
    }

    private static void DecodePage(ReadOnlySpan<byte> levels, ReadOnlySpan<byte> values, int maxDefinition, Span<string?> rows, Utf8StringPool? pool)
    {
        var defined = new DefinitionLevels(levels);
        for (int i = 0; i < rows.Length; i++)
        {
            if (maxDefinition > 0 && defined.Next() == 0)
            {
                rows[i] = null;
                continue;
            }
            int length = values.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(values) : -1;
            if (length < 0 || length > values.Length - 4)
            {
                throw new InvalidDataException("A Parquet string value runs past its page.");
            }
            var utf8 = values.Slice(4, length);
            rows[i] = pool is null ? System.Text.Encoding.UTF8.GetString(utf8) : pool.StringOf(utf8);
            values = values[(4 + length)..];
        }
    }
}
