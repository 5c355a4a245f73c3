using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Odr.Web.Infrastructure.Json;

/// <summary>The one JSON shape of the service: camelCase names, camelCase enum strings, UTC times ending in Z.</summary>
public static class OdrJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new PlainTextConverter());
        options.MaxDepth = 32;
        return options;
    }

    /// <summary>Reads only <see cref="PlainText"/>: a string with a NUL or a broken surrogate is a malformed request (400, naming the field).</summary>
    private sealed class PlainTextConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is null || PlainText.IsValid(text) ? text : throw new JsonException(PlainText.Refusal);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Writes every instant as ISO 8601 UTC (<c>2026-11-22T08:00:00.0000000Z</c>); reads any offset.</summary>
    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }
}
