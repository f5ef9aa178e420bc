using System.Text;
using Npgsql;
using NpgsqlTypes;
using Tally.Core.Sketches;
using Tally.Testing.Postgres;

namespace Tally.Core.PostgresTests;

/// <summary>
/// Tally's HyperLogLog against the real postgresql-hll: same hashes, same estimates (exact
/// double equality), same bytes, and each side reads and unions the other's sketches.
/// </summary>
[Collection(PostgresCollection.Name)]
public class HyperLogLogCompatibilityTests(PostgresFixture postgres)
{
    // Every representation: empty, explicit, the explicit limit (1280) and just past it
    // (sparse), sparse near its limit, full.
    public static TheoryData<int> Sizes => [0, 1, 10, 100, 1000, 1280, 1281, 3000, 10_000, 200_000];

    private const string AggregateSql =
        "SELECT hll_cardinality(h), h::text::bytea FROM "
        + "(SELECT hll_add_agg(hll_hash_text(x), 14, 5) AS h FROM unnest(@values) AS x) AS aggregated";

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Same_inputs_give_the_same_estimate_and_bytes(int size)
    {
        string[] values = RandomStrings(seed: size, size);
        var tally = SketchOf(values);

        var (estimate, bytes) = await AggregateInPostgresAsync(values);

        if (size == 0)
        {
            // hll_add_agg over no rows is NULL in postgresql-hll; the empty sketch counts 0.
            Assert.Null(estimate);
            Assert.Equal(0.0, tally.Estimate());
            Assert.Equal(0.0, await ScalarAsync<double>("SELECT hll_cardinality(@b::hll)", Bytea(tally.ToBytes())));
            Assert.Equal(await ScalarAsync<byte[]>("SELECT hll_empty(14, 5)::text::bytea"), tally.ToBytes());
            return;
        }
        Assert.Equal(estimate, tally.Estimate());
        Assert.Equal(bytes, tally.ToBytes());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Postgres_counts_tally_bytes_like_tally(int size)
    {
        var tally = SketchOf(RandomStrings(seed: 100 + size, size));

        double estimate = await ScalarAsync<double>("SELECT hll_cardinality(@b::hll)", Bytea(tally.ToBytes()));

        Assert.Equal(tally.Estimate(), estimate);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Tally_reads_postgres_bytes_with_the_same_estimate(int size)
    {
        string[] values = RandomStrings(seed: 200 + size, Math.Max(size, 1));
        var (estimate, bytes) = await AggregateInPostgresAsync(values);

        var parsed = HyperLogLog.FromBytes(bytes!);

        Assert.Equal(estimate, parsed.Estimate());
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(SketchOf(values).ToBytes(), parsed.ToBytes());
    }

    [Fact]
    public async Task Union_in_postgres_of_tally_sketches_equals_tally_union()
    {
        // Overlapping inputs of every size: explicit with explicit, explicit with registers, sparse with full.
        string[] all = RandomStrings(seed: 7, 60_000);
        HyperLogLog[] parts =
        [
            SketchOf(all[..5]),
            SketchOf(all[3..900]),
            SketchOf(all[500..3000]),
            SketchOf(all[2000..60_000]),
            HyperLogLog.Create(),
        ];
        var union = HyperLogLog.Union(parts);

        await using var command = postgres.DataSource.CreateCommand(
            "SELECT hll_cardinality(u), u::text::bytea FROM (SELECT hll_union_agg(s::hll) AS u FROM unnest(@sketches) AS s) AS unioned");
        command.Parameters.Add(new NpgsqlParameter("sketches", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
        {
            Value = parts.Select(p => p.ToBytes()).ToArray(),
        });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(union.Estimate(), reader.GetDouble(0));
        Assert.Equal(union.ToBytes(), reader.GetFieldValue<byte[]>(1));
        Assert.Equal(SketchOf(all).ToBytes(), union.ToBytes());
    }

    [Fact]
    public async Task Text_hashes_equal_hll_hash_text()
    {
        string[] values = RandomStrings(seed: 11, 2000);

        await using var command = postgres.DataSource.CreateCommand(
            "SELECT hll_hash_text(x)::text::bigint FROM unnest(@values) WITH ORDINALITY AS t(x, n) ORDER BY n");
        command.Parameters.AddWithValue("values", values);
        var hashes = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                hashes.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(values.Select(HyperLogLog.HashOf), hashes);
    }

    private async Task<(double? Estimate, byte[]? Bytes)> AggregateInPostgresAsync(string[] values)
    {
        await using var command = postgres.DataSource.CreateCommand(AggregateSql);
        command.Parameters.AddWithValue("values", values);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (
            reader.IsDBNull(0) ? null : reader.GetDouble(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    private async Task<T> ScalarAsync<T>(string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = postgres.DataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static NpgsqlParameter Bytea(byte[] bytes) => new("b", NpgsqlDbType.Bytea) { Value = bytes };

    private static HyperLogLog SketchOf(IEnumerable<string> values)
    {
        var sketch = HyperLogLog.Create();
        foreach (string value in values)
        {
            sketch.Add(value);
        }
        return sketch;
    }

    // Random user-id-like strings, including multi-byte UTF-8 (whole code points only).
    private static string[] RandomStrings(int seed, int count)
    {
        string[] alphabet = ["a", "b", "z", "0", "9", "-", "_", "ü", "é", "漢", "字", "😀"];
        var random = new Random(seed);
        var values = new string[count];
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.Clear();
            int length = random.Next(1, 24);
            for (int c = 0; c < length; c++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }
            values[i] = builder.ToString();
        }
        return values;
    }
}
