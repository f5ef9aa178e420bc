using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tally.Collector.Tests.Http;
using Xunit.Abstractions;

namespace Tally.Collector.Tests.Hostile;

/// <summary>
/// The hostile corpus and the seeded generator against a real collector over HTTP. Every case gets
/// a 4xx with a JSON reason (or 200 with the bad event dead-lettered), never a 5xx; afterwards the
/// collector still accepts good batches and every event acknowledged before the barrage is in the log.
/// </summary>
public class HostileInputTests(ITestOutputHelper output)
{
    // Override with TALLY_HOSTILE_SEED to reproduce or explore; the seed in use is printed.
    private const int DefaultSeed = 20261126;
    private const int GeneratedCases = 300;

    public static TheoryData<HostileCase> Corpus() => [.. HostileCorpus.All()];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Corpus_case_gets_its_expected_answer(HostileCase hostile)
    {
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        using var response = await server.PostAsync("/v1/batch", Content(hostile.Body, hostile.Gzip), app.WriteKey);

        var (status, reason) = await OutcomeAsync(response);
        Assert.Equal((hostile.Status, hostile.Reason), (status, reason));
    }

    [Fact]
    public async Task Barrage_of_generated_and_corpus_bodies_never_gets_a_5xx_and_harms_nothing_acknowledged()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("TALLY_HOSTILE_SEED"), out int s) ? s : DefaultSeed;
        output.WriteLine($"seed {seed}");
        await using var server = await CollectorServer.StartAsync();
        var app = await server.CreateAppAsync();

        // Step 1: acknowledged before the barrage.
        var before = Enumerable.Range(0, 50).Select(i => Bodies.Track($"acked-{i}")).ToArray();
        using (var acked = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(before)), app.WriteKey))
        {
            Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        }
        var ackedIds = (await server.ReadLogAsync()).Select(e => e.MessageId).ToHashSet();
        var memoryBefore = Measure();

        // Step 2: the barrage — the corpus once, then the generated bodies.
        var outcomes = new Dictionary<string, int>();
        foreach (var hostile in HostileCorpus.All())
        {
            await SendAsync(hostile.Name, hostile.Body, hostile.Gzip);
        }
        var generator = new HostileGenerator(seed);
        for (int i = 0; i < GeneratedCases; i++)
        {
            var (mutation, body, gzip) = generator.Next();
            await SendAsync($"case {i} ({mutation})", body, gzip);
        }
        var memoryAfter = Measure();

        // Step 3: still healthy, and nothing acknowledged before was harmed.
        using (var good = await server.PostAsync("/v1/batch", Bodies.Json(Bodies.Batch(Bodies.Track("after"))), app.WriteKey))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }
        var logged = (await server.ReadLogAsync()).Select(e => e.MessageId).ToHashSet();
        Assert.Subset(logged, ackedIds);

        output.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine($"managed heap after full GC: {memoryBefore.Heap / 1_048_576.0:0.0} MiB before, {memoryAfter.Heap / 1_048_576.0:0.0} MiB after; "
            + $"working set {memoryBefore.WorkingSet / 1_048_576.0:0} MiB before, {memoryAfter.WorkingSet / 1_048_576.0:0} MiB after, peak {memoryAfter.PeakWorkingSet / 1_048_576.0:0} MiB");
        // Generous: bodies are pooled and bounded, so nothing the barrage sent may stay reachable.
        Assert.True(memoryAfter.Heap - memoryBefore.Heap < 256L * 1024 * 1024, "The barrage left more than 256 MiB on the managed heap.");

        async Task SendAsync(string name, byte[] body, bool gzip)
        {
            using var response = await server.PostAsync("/v1/batch", Content(body, gzip), app.WriteKey);
            var (status, reason) = await OutcomeAsync(response);
            Assert.True(status is 200 or (>= 400 and < 500), $"{name}: answered {status} {reason}");
            string key = $"{status} {reason}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
    }

    private static HttpContent Content(byte[] body, bool gzip)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        return content;
    }

    /// <summary>The status and reason: a 4xx's error code, or for 200 the first dead-letter reason ("none" when all were accepted).</summary>
    private static async Task<(int Status, string Reason)> OutcomeAsync(HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{status} without a JSON body: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        if (status != 200)
        {
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()), text);
            return (status, json.GetProperty("error").GetString()!);
        }
        Assert.True(json.GetProperty("success").GetBoolean());
        return json.TryGetProperty("errors", out var errors)
            ? (status, errors[0].GetProperty("reason").GetString()!)
            : (status, "none");
    }

    private static (long Heap, long WorkingSet, long PeakWorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64, process.PeakWorkingSet64);
    }
}
