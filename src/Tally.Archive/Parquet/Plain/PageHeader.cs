namespace Tally.Archive.Parquet.Plain;

/// <summary>
/// What <see cref="PlainStringColumn"/> needs of a Parquet page header (parquet.thrift <c>PageHeader</c>,
/// <c>DataPageHeader</c>, <c>DataPageHeaderV2</c>); other fields are skipped.
/// </summary>
internal readonly record struct PageHeader(
    int HeaderLength, PageKind Kind, int UncompressedSize, int CompressedSize, int Values, int Encoding,
    int DefinitionLevelEncoding, int DefinitionLevelsLength, int RepetitionLevelsLength, bool IsCompressed)
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
        var header = new PageHeader { IsCompressed = true, Kind = PageKind.Other };
        for (var (id, type) = reader.ReadFieldHeader(); type != ThriftCompactReader.Stop; (id, type) = reader.ReadFieldHeader())
        {
            header = (id, type) switch
            {
                (1, _) => header with { Kind = KindOf(reader.ReadI32()) },
                (2, _) => header with { UncompressedSize = reader.ReadI32() },
                (3, _) => header with { CompressedSize = reader.ReadI32() },
                (5, ThriftCompactReader.Struct) => ReadDataPage(ref reader, header),
                (8, ThriftCompactReader.Struct) => ReadDataPageV2(ref reader, header),
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

    private static PageHeader ReadDataPageV2(ref ThriftCompactReader reader, PageHeader header)
    {
        int outer = reader.BeginStruct();
        for (var (id, type) = reader.ReadFieldHeader(); type != ThriftCompactReader.Stop; (id, type) = reader.ReadFieldHeader())
        {
            header = id switch
            {
                1 => header with { Values = reader.ReadI32() },
                4 => header with { Encoding = reader.ReadI32() },
                5 => header with { DefinitionLevelsLength = reader.ReadI32() },
                6 => header with { RepetitionLevelsLength = reader.ReadI32() },
                // A boolean field carries its value in its type.
                7 => header with { IsCompressed = type == ThriftCompactReader.BoolTrue },
                _ => Skipped(ref reader, type, header),
            };
        }
        reader.EndStruct(outer);
        // Levels of a version 2 page are always RLE, and their length is given.
        return header with { DefinitionLevelEncoding = Rle };
    }

    private static PageHeader Skipped(ref ThriftCompactReader reader, byte type, PageHeader header)
    {
        reader.Skip(type);
        return header;
    }

    private static PageKind KindOf(int type) => type switch
    {
        0 => PageKind.Data,
        3 => PageKind.DataV2,
        _ => PageKind.Other,
    };
}

/// <summary>parquet.thrift <c>PageType</c>: the data pages <see cref="PlainStringColumn"/> decodes, and every other kind.</summary>
internal enum PageKind
{
    Other,
    Data,
    DataV2,
}
