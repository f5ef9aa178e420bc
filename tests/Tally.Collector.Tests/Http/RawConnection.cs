using System.Net.Sockets;
using System.Text;

namespace Tally.Collector.Tests.Http;

/// <summary>A bare TCP connection to the collector, for clients HttpClient will not imitate: ones that stop sending half-way.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(Uri address)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        return new RawConnection(tcp);
    }

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>
    /// Everything the server sends until it closes the connection (a reset counts as closed),
    /// or fails the test after <paramref name="deadline"/>.
    /// </summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            // The server reset the connection: closed, which is what the caller waits for.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"The server kept the connection open for {deadline}; received so far: {Encoding.ASCII.GetString(received.ToArray())}");
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
