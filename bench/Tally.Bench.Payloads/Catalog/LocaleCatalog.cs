namespace Tally.Bench.Payloads.Catalog;

/// <summary>Where a device is: the locale, timezone and country it reports and a typical carrier there.</summary>
internal sealed record DeviceLocale(string Locale, string Timezone, string Country, string Currency, string Carrier);

/// <summary>Locales weighted roughly like a consumer app with users in the Americas, Europe and Asia.</summary>
internal static class LocaleCatalog
{
    public static readonly WeightedChoice<DeviceLocale> Locales = new(
        (new DeviceLocale("en-US", "America/New_York", "US", "USD", "Verizon"), 14),
        (new DeviceLocale("en-US", "America/Los_Angeles", "US", "USD", "T-Mobile"), 10),
        (new DeviceLocale("de-DE", "Europe/Berlin", "DE", "EUR", "Telekom"), 9),
        (new DeviceLocale("fr-FR", "Europe/Paris", "FR", "EUR", "Orange"), 6),
        (new DeviceLocale("en-GB", "Europe/London", "GB", "GBP", "EE"), 7),
        (new DeviceLocale("pt-BR", "America/Sao_Paulo", "BR", "BRL", "Vivo"), 9),
        (new DeviceLocale("es-MX", "America/Mexico_City", "MX", "MXN", "Telcel"), 6),
        (new DeviceLocale("hi-IN", "Asia/Kolkata", "IN", "INR", "Jio"), 12),
        (new DeviceLocale("id-ID", "Asia/Jakarta", "ID", "IDR", "Telkomsel"), 7),
        (new DeviceLocale("ja-JP", "Asia/Tokyo", "JP", "JPY", "docomo"), 6),
        (new DeviceLocale("ko-KR", "Asia/Seoul", "KR", "KRW", "SK Telecom"), 4),
        (new DeviceLocale("tr-TR", "Europe/Istanbul", "TR", "TRY", "Turkcell"), 4),
        (new DeviceLocale("pl-PL", "Europe/Warsaw", "PL", "PLN", "Play"), 3));
}
