using System.Text.Json;

namespace Tally.Client.Sessions;

/// <summary>
/// What the SDK remembers about this install between launches: the anonymous id (the user, for
/// metrics), the identified user id, and the current session with its last activity.
/// </summary>
internal sealed record InstallState(string AnonymousId, string? UserId, string? SessionId, DateTimeOffset? LastActivity)
{
    private const string FileName = "state.json";

    /// <summary>Reads the state from <paramref name="directory"/>, or starts a new install when it is missing or unreadable.</summary>
    public static InstallState Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = document.RootElement;
                if (root.TryGetProperty("anonymousId", out var anonymousId) && anonymousId.GetString() is { Length: > 0 } id)
                {
                    return new InstallState(
                        id,
                        root.TryGetProperty("userId", out var user) ? user.GetString() : null,
                        root.TryGetProperty("sessionId", out var session) ? session.GetString() : null,
                        root.TryGetProperty("lastActivity", out var last) && last.ValueKind == JsonValueKind.String
                            ? last.GetDateTimeOffset() : null);
                }
            }
            catch (JsonException)
            {
                // A state file torn by a kill: the install id is lost, so this device counts as new once.
            }
        }
        return new InstallState(Guid.NewGuid().ToString("D"), null, null, null);
    }

    /// <summary>Writes the state to a temporary file and renames it over the old one, so a kill leaves one or the other whole.</summary>
    public void Save(string directory, bool flushToDisk = true)
    {
        string path = Path.Combine(directory, FileName);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new Utf8JsonWriter(file))
            {
                writer.WriteStartObject();
                writer.WriteString("anonymousId", AnonymousId);
                writer.WriteString("userId", UserId);
                writer.WriteString("sessionId", SessionId);
                if (LastActivity is { } last)
                {
                    writer.WriteString("lastActivity", last);
                }
                writer.WriteEndObject();
            }
            file.Flush(flushToDisk: flushToDisk);
        }
#if NET5_0_OR_GREATER
        File.Move(temporary, path, overwrite: true);
#else
        if (File.Exists(path))
        {
            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        else
        {
            File.Move(temporary, path);
        }
#endif
    }
}
