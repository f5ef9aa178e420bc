using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Tally.Core.Views;
using Tally.Host.Configuration;
using Tally.Host.Hosting;

namespace Tally.Host.Ops;

/// <summary>
/// Gauges the shipped alert rules need that no stage measures itself: the batch watermark's age
/// and the log's disk use. Sampled in the background, because an observable gauge's callback
/// must not block on the view store or walk a directory while Prometheus scrapes.
/// </summary>
internal sealed class OpsGauges : BackgroundService
{
    public const string MeterName = "Tally.Ops";

    // Both values move over minutes; sampling more often would only cost I/O.
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(15);

    private readonly IViewStore _views;
    private readonly TimeProvider _time;
    private readonly string _logDirectory;
    private readonly ILogger<OpsGauges> _logger;
    private double _watermarkAgeSeconds = double.NaN;
    private long _logBytes;

    public OpsGauges(IMeterFactory meters, IViewStore views, TimeProvider time, IOptions<TallyOptions> options, ILogger<OpsGauges> logger)
    {
        _logger = logger;
        _views = views;
        _time = time;
        _logDirectory = Path.Combine(options.Value.DataDirectoryFullPath, "log");
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("tally.batch.watermark.age", () => Volatile.Read(ref _watermarkAgeSeconds), "s",
            "Time since the start of the first day the batch layer has not finished (NaN before its first day).");
        meter.CreateObservableGauge("tally.log.disk.usage", () => Volatile.Read(ref _logBytes), "By",
            "Bytes the embedded event log occupies in the data dir.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, _time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
            {
                // The health checks report the broken store or data dir; the gauges keep their last values.
                _logger.GaugeSampleFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var progress = await _views.LoadBatchProgressAsync(cancellationToken);
        if (progress.Watermark is { } watermark)
        {
            var start = new DateTimeOffset(watermark.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            Volatile.Write(ref _watermarkAgeSeconds, (_time.GetUtcNow() - start).TotalSeconds);
        }
        Volatile.Write(ref _logBytes, DirectoryBytes(_logDirectory));
    }

    private static long DirectoryBytes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                bytes += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Retention deleted the segment between listing and measuring it.
            }
        }
        return bytes;
    }
}
