using Tally.Host.Configuration;

namespace Tally.Host.Demo;

/// <summary>
/// The demo's own data dir (default <c>./data-demo</c>), recreated at each start: its apps' keys
/// are printed once, so a second run needs new ones anyway. A marker file proves a directory is a
/// demo's; the demo refuses any other non-empty directory, so it never touches a user's data.
/// </summary>
internal static class DemoDataDirectory
{
    public const string DefaultPath = "./data-demo";
    private const string MarkerFile = ".tally-demo";

    /// <exception cref="TallyConfigurationException">The directory holds data that is not a demo's.</exception>
    public static string Prepare(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            if (!File.Exists(Path.Combine(full, MarkerFile)))
            {
                throw new TallyConfigurationException(
                    $"{full} holds data that tally up --demo did not create; the demo will not touch it. Pick another --data directory.");
            }
            Directory.Delete(full, recursive: true);
        }
        Directory.CreateDirectory(full);
        File.WriteAllText(Path.Combine(full, MarkerFile), "Created by tally up --demo; deleted and recreated by the next demo run.\n");
        return full;
    }
}
