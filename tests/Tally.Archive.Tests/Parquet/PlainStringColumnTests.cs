using Parquet;
using Parquet.Schema;
using Tally.Archive.Parquet.Plain;

namespace Tally.Archive.Tests.Parquet;

public class PlainStringColumnTests
{
    // Snappy and uncompressed PLAIN pages are decoded here; other codecs are Parquet.Net's to read.
    // Runs of one value and of nulls (RLE runs), scattered nulls (bit-packed levels), empty and non-ASCII strings.
    private static readonly string?[] Values =
    [
        .. Enumerable.Repeat("iOS", 40), .. Enumerable.Repeat<string?>(null, 20),
        .. Enumerable.Range(0, 300).Select(i => i % 7 == 0 ? null : i % 5 == 0 ? "" : $"v{i % 13}-ü漢😀"),
        "\0", new string('x', 5000), null,
    ];

    [Theory]
    [InlineData(CompressionMethod.Snappy, true)]
    [InlineData(CompressionMethod.None, true)]
    [InlineData(CompressionMethod.Gzip, false)]
    public async Task A_column_reads_as_Parquet_Net_reads_it_or_is_left_to_it(CompressionMethod compression, bool decoded)
    {
        var field = new DataField<string>("s", true);
        using var file = await WriteAsync(field, Values, compression);

        await using var reader = await ParquetReader.CreateAsync(file, leaveStreamOpen: true);
        using var group = reader.OpenRowGroupReader(0);
        var expected = new string?[Values.Length];
        await group.ReadAsync(field, expected.AsMemory(), null);
        var column = new string?[Values.Length];
        bool read = await PlainStringColumn.TryReadAsync(file, group.GetMetadata(field), field, column, new Utf8StringPool(), CancellationToken.None);

        Assert.Equal(Values, expected);
        Assert.Equal(decoded, read);
        if (read)
        {
            Assert.Equal(expected, column);
        }
    }

    [Fact]
    public async Task A_required_column_reads_without_levels_and_repeated_values_share_one_string()
    {
        var field = new DataField<string>("s", false);
        string[] values = ["a", "b", "a", "a", "ü", "b"];
        using var file = await WriteAsync(field, values, CompressionMethod.Snappy);

        await using var reader = await ParquetReader.CreateAsync(file, leaveStreamOpen: true);
        using var group = reader.OpenRowGroupReader(0);
        var decoded = new string?[values.Length];
        Assert.True(await PlainStringColumn.TryReadAsync(file, group.GetMetadata(field), field, decoded, new Utf8StringPool(), CancellationToken.None));

        Assert.Equal(values, decoded);
        Assert.Same(decoded[0], decoded[2]);
        Assert.Same(decoded[1], decoded[5]);
    }

    [Fact]
    public async Task A_value_longer_than_its_page_is_reported_as_malformed()
    {
        var field = new DataField<string>("s", false);
        using var file = await WriteAsync(field, ["abc", "def"], CompressionMethod.None);
        byte[] bytes = file.ToArray();
        // The first value: its length (3, little-endian) then "abc"; its length is made to run past the page.
        int at = bytes.AsSpan().IndexOf("\u0003\0\0\0abc"u8);
        Assert.True(at >= 0);
        bytes[at + 3] = 0x7F;
        using var corrupt = new MemoryStream(bytes);

        await using var reader = await ParquetReader.CreateAsync(corrupt, leaveStreamOpen: true);
        using var group = reader.OpenRowGroupReader(0);
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            PlainStringColumn.TryReadAsync(corrupt, group.GetMetadata(field), field, new string?[2], null, CancellationToken.None));
    }

    private static async Task<MemoryStream> WriteAsync(DataField<string> field, string?[] values, CompressionMethod compression)
    {
        var file = new MemoryStream();
        var options = new ParquetOptions { CompressionMethod = compression };
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), file, options))
        {
            using var group = writer.CreateRowGroup();
            // As EventParquetWriter writes strings.
            await group.WriteAsync<ReadOnlyMemory<char>>(field, values.Select(v => v?.AsMemory()).ToArray(), null, null);
        }
        file.Position = 0;
        return file;
    }
}
