using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tally.Testing.Nats;

/// <summary>A nats-server with JetStream that a test owns: its own port and store directory, stopped and started at will.</summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), "tally-nats-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    private NatsServerProcess(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public static async Task<NatsServerProcess> StartAsync()
    {
        var server = new NatsServerProcess(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again, on the same port and data) and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        Directory.CreateDirectory(_storeDirectory);
        var start = new ProcessStartInfo("nats-server", ["-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", _storeDirectory])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "nats-server is not installed. Run `eval \"$(sudo bash scripts/nats.sh)\"` (installs it with apt and exports TALLY_TEST_NATS).", ex);
        }

        // Drained so a chatty server never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Kills the server at once (no graceful shutdown), like a crash.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_storeDirectory, recursive: true);
    }

    private async Task WaitUntilAcceptingAsync()
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
                return;
            }
            catch (SocketException) when (!deadline.IsCancellationRequested && _process is { HasExited: false })
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
