namespace Tally.Log.Contract;

/// <summary>
/// One isolated log (its own directory, stream or topics) for one test. <see cref="OpenAsync"/>
/// may be called again after the previous instance was disposed and must open the same data;
/// <see cref="IAsyncDisposable.DisposeAsync"/> removes the data.
/// </summary>
public abstract class LogUnderTest : IAsyncDisposable
{
    public abstract Task<IEventLog> OpenAsync();

    public abstract ValueTask DisposeAsync();
}
