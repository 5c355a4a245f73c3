using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Odr.Web.Infrastructure.Json;

/// <summary>The one JSON shape of the service: camelCase names, camelCase enum strings, UTC times ending in Z.</summary>
public static class OdrJson
{
    /// <summary>
    /// The shape, for what the service writes and reads back itself (history, stored assessments): every text as
    /// <see cref="TextShape.MultiLine"/> <see cref="PlainText"/>.
    /// </summary>
    public static readonly JsonSerializerOptions Options = Shape(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The shape, for what people send (request bodies, Identity's endpoints, the chat hub): every text property of a
    /// request is one line unless it is marked <see cref="MultiLineTextAttribute"/>, so a new field is safe by default.
    /// A bare string (a hub method's argument, the chat text) is running text.
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        Shape(options);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(SingleLineUnlessMarked);
        return options;
    }

    private static void SingleLineUnlessMarked(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(string) && property.CustomConverter is null
                && property.AttributeProvider?.IsDefined(typeof(MultiLineTextAttribute), inherit: true) != true)
            {
                property.CustomConverter = SingleLineText;
            }
        }
    }

    private static readonly PlainTextConverter SingleLineText = new(TextShape.SingleLine);

    private static JsonSerializerOptions Shape(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new ReasonJsonConverter());
        options.Converters.Add(new PlainTextConverter(TextShape.MultiLine));
        options.MaxDepth = 32;
        return options;
    }

    /// <summary>Reads only <see cref="PlainText"/> of its shape: anything else is a malformed request (400, naming the field).</summary>
    private sealed class PlainTextConverter(TextShape shape) : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is null || PlainText.IsValid(text, shape) ? text : throw new TextRefusedException(PlainText.RefusalFor(shape));
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

/// <summary>A JSON string that breaks <see cref="PlainText"/>'s rule; its message says which rule, for the field's 400.</summary>
public sealed class TextRefusedException(string message) : JsonException(message);
