namespace Tally.Archive.Parquet.Plain;

/// <summary>
/// What <see cref="PlainStringColumn"/> needs of a Parquet page header (parquet.thrift <c>PageHeader</c>
/// and its <c>DataPageHeader</c>); other fields are skipped. Only version 1 data pages are recognised
/// (<see cref="IsDataPage"/>): the ones Parquet.Net writes.
/// </summary>
internal readonly record struct PageHeader(
    int HeaderLength, bool IsDataPage, int UncompressedSize, int CompressedSize, int Values, int Encoding, int DefinitionLevelEncoding)
{
    /// <summary>parquet.thrift <c>Encoding.PLAIN</c>.</summary>
    public const int Plain = 0;

    /// <summary>parquet.thrift <c>Encoding.RLE</c> (the RLE/bit-packing hybrid of levels).</summary>
    public const int Rle = 3;

    /// <summary>Parses the header at the start of <paramref name="input"/>.</summary>
    /// <exception cref="InvalidDataException">It is malformed or incomplete.</exception>
    public static PageHeader Read(ReadOnlySpan<byte> input)
    {
        var reader = new ThriftCompactReader(input);
        var header = default(PageHeader);
        for (var (id, type) = reader.ReadFieldHeader(); type != ThriftCompactReader.Stop; (id, type) = reader.ReadFieldHeader())
        {
            header = (id, type) switch
            {
                // parquet.thrift PageType.DATA_PAGE.
                (1, _) => header with { IsDataPage = reader.ReadI32() == 0 },
                (2, _) => header with { UncompressedSize = reader.ReadI32() },
                (3, _) => header with { CompressedSize = reader.ReadI32() },
                (5, ThriftCompactReader.Struct) => ReadDataPage(ref reader, header),
                _ => Skipped(ref reader, type, header),
            };
        }
        return header with { HeaderLength = reader.Position };
    }

    private static PageHeader ReadDataPage(ref ThriftCompactReader reader, PageHeader header)
    {
        int outer = reader.BeginStruct();
        for (var (id, type) = reader.ReadFieldHeader(); type != ThriftCompactReader.Stop; (id, type) = reader.ReadFieldHeader())
        {
            header = id switch
            {
                1 => header with { Values = reader.ReadI32() },
                2 => header with { Encoding = reader.ReadI32() },
                3 => header with { DefinitionLevelEncoding = reader.ReadI32() },
                _ => Skipped(ref reader, type, header),
            };
        }
        reader.EndStruct(outer);
        return header;
    }

    private static PageHeader Skipped(ref ThriftCompactReader reader, byte type, PageHeader header)
    {
        reader.Skip(type);
        return header;
    }
}
