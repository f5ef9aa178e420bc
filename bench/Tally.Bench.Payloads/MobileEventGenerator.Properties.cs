using System.Globalization;
using System.Text.Json;
using Tally.Bench.Payloads.Catalog;

namespace Tally.Bench.Payloads;

public sealed partial class MobileEventGenerator
{
    private static readonly double[] Prices = [0.99, 1.99, 2.99, 4.99, 9.99, 19.99, 49.99];

    private void WriteTrackProperties(Utf8JsonWriter writer, SimulatedDevice device, PropertyShape shape)
    {
        switch (shape)
        {
            case PropertyShape.Purchase:
                WritePurchase(writer, device);
                break;
            case PropertyShape.Level:
                WriteLevel(writer);
                break;
            case PropertyShape.Content:
                WriteContent(writer, device);
                break;
            case PropertyShape.Tap:
                writer.WriteString("control", Pick(["primary", "secondary", "close", "share", "menu", "back"]));
                writer.WriteString("screen", device.CurrentScreen);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown property shape.");
        }
    }

    private void WritePurchase(Utf8JsonWriter writer, SimulatedDevice device)
    {
        writer.WriteString("orderId", string.Create(CultureInfo.InvariantCulture, $"o-{_random.Next():x8}"));
        var itemCount = _random.Next(1, 4);
        var items = new (string Sku, int Quantity, double Price)[itemCount];
        var total = 0.0;
        for (var i = 0; i < itemCount; i++)
        {
            var price = Prices[_random.Next(Prices.Length)];
            var sku = string.Create(CultureInfo.InvariantCulture, $"{PickCategory(device)}_{_random.Next(1, 20) * 50}");
            items[i] = (sku, _random.Next(1, 3), price);
            total += price * items[i].Quantity;
        }

        writer.WriteNumber("price", Math.Round(total, 2));
        writer.WriteString("currency", device.Locale.Currency);
        writer.WriteStartArray("items");
        foreach (var (sku, quantity, price) in items)
        {
            writer.WriteStartObject();
            writer.WriteString("sku", sku);
            writer.WriteNumber("quantity", quantity);
            writer.WriteNumber("price", price);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteLevel(Utf8JsonWriter writer)
    {
        writer.WriteNumber("level", _random.Next(1, 400));
        writer.WriteNumber("score", _random.Next(0, 250) * 100);
        writer.WriteNumber("durationSeconds", Math.Round(10 + (_random.NextDouble() * 290), 1));
        writer.WriteString("difficulty", Pick(["easy", "normal", "normal", "hard"]));
        writer.WriteNumber("stars", _random.Next(0, 4));
    }

    private void WriteContent(Utf8JsonWriter writer, SimulatedDevice device)
    {
        var category = PickCategory(device);
        writer.WriteString("contentId", string.Create(CultureInfo.InvariantCulture, $"{category}-{_random.Next(100_000, 999_999)}"));
        writer.WriteString("category", category);
        writer.WriteNumber("position", _random.Next(1, 21));
        writer.WriteNumber("durationSeconds", Math.Round(_random.NextDouble() * 600, 1));
    }

    private void WriteCrashProperties(Utf8JsonWriter writer, SimulatedDevice device)
    {
        writer.WriteString("exception", Pick(["NullReferenceException", "OutOfMemoryException", "InvalidOperationException"]));
        writer.WriteString("screen", device.CurrentScreen);
    }

    private string PickCategory(SimulatedDevice device) =>
        device.App.Categories[_random.Next(device.App.Categories.Count)];
}
