using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;

namespace Odr.Web.Infrastructure.Json;

/// <summary>
/// A governing-law reason as a stored suggestion keeps it: <c>{"code":…,"args":[…]}</c>, each value a string or a label
/// that says what it is (<c>{"law":"DE"}</c>, <c>{"country":"DE"}</c>, <c>{"countries":["DK","SE"]}</c>,
/// <c>{"term":"regime.EU-RomeI"}</c>), so that it reads back as the label and is named in the reader's language.
/// A suggestion stored before reasons had codes holds <c>{"en":…,"zh":…}</c>: it reads back as a
/// <see cref="Reason.StoredCode"/> reason and shows as it was written.
/// </summary>
public sealed class ReasonJsonConverter : JsonConverter<Reason>
{
    public override Reason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.TryGetProperty("en", out var english))
        {
            return Reason.Stored(english.GetString() ?? "", root.TryGetProperty("zh", out var chinese) ? chinese.GetString() ?? "" : "");
        }
        var args = root.TryGetProperty("args", out var values) ? values.EnumerateArray().Select(ReadArgument).ToList() : [];
        return new Reason(root.GetProperty("code").GetString() ?? "") { Args = args };
    }

    public override void Write(Utf8JsonWriter writer, Reason value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("code", value.Code);
        writer.WriteStartArray("args");
        foreach (var argument in value.Args)
        {
            WriteArgument(writer, argument);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static object ReadArgument(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
        }
        var label = value.EnumerateObject().First();
        return label.Name switch
        {
            "law" when LawCode.TryParse(label.Value.GetString(), out var law) => law,
            "country" when CountryCode.TryParse(label.Value.GetString(), out var country) => country,
            "countries" => (IReadOnlyList<CountryCode>)[.. label.Value.EnumerateArray().Select(c => CountryCode.Parse(c.GetString() ?? ""))],
            "term" => new Term(label.Value.GetString() ?? ""),
            _ => label.Value.ToString(),
        };
    }

    private static void WriteArgument(Utf8JsonWriter writer, object argument)
    {
        switch (argument)
        {
            case LawCode law:
                Label(writer, "law", law.Value);
                break;
            case CountryCode country:
                Label(writer, "country", country.Value);
                break;
            case IEnumerable<CountryCode> countries:
                writer.WriteStartObject();
                writer.WriteStartArray("countries");
                foreach (var country in countries)
                {
                    writer.WriteStringValue(country.Value);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case Term term:
                Label(writer, "term", term.English);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(argument, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void Label(Utf8JsonWriter writer, string kind, string code)
    {
        writer.WriteStartObject();
        writer.WriteString(kind, code);
        writer.WriteEndObject();
    }
}
