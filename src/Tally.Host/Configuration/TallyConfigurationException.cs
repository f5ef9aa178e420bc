namespace Tally.Host.Configuration;

/// <summary>The configuration cannot be used; the message says which setting to fix.</summary>
public sealed class TallyConfigurationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
