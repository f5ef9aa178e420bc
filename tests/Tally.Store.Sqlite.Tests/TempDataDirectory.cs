namespace Tally.Store.Sqlite.Tests;

/// <summary>A unique, empty data dir for one test, deleted afterwards.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    public TempDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tally-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public async Task<SqliteDatabase> CreateMigratedDatabaseAsync()
    {
        var database = SqliteDatabase.InDataDirectory(Path);
        await database.MigrateAsync();
        return database;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
