using System.Text.Json;
using System.Text.Json.Serialization;
using Odr.Workflows.Definitions;

namespace Odr.Workflows.Runtime;

/// <summary>A command type the runtime can dispatch, registered with its handler.</summary>
public sealed record CommandRegistration(Type CommandType);

/// <summary>
/// Every registered definition by (name, version), and every signal and command type by its wire name. New
/// instances use a name's highest version; running ones stay on the version they started with.
/// </summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<(string Name, int Version), IRunnableDefinition> _definitions = [];
    private readonly Dictionary<string, Type> _messages = new(StringComparer.Ordinal);

    public WorkflowRegistry(IEnumerable<IWorkflowDefinition> definitions, IEnumerable<CommandRegistration> commands)
    {
        foreach (var definition in definitions)
        {
            if (definition is not IRunnableDefinition runnable)
            {
                throw new ArgumentException($"{definition.GetType().Name} must derive from WorkflowDefinition<TState>.", nameof(definitions));
            }
            if (!_definitions.TryAdd((definition.Name, definition.Version), runnable))
            {
                throw new InvalidOperationException($"Workflow {definition.Name} version {definition.Version} is registered twice.");
            }
            foreach (var signal in definition.SignalTypes)
            {
                AddMessage(signal);
            }
        }
        foreach (var command in commands)
        {
            AddMessage(command.CommandType);
        }
    }

    public IReadOnlyCollection<IWorkflowDefinition> Definitions => _definitions.Values;

    public IWorkflowDefinition? Find(string name, int version) => _definitions.GetValueOrDefault((name, version));

    internal IRunnableDefinition Get(string name, int version) => _definitions.GetValueOrDefault((name, version))
        ?? throw new InvalidOperationException($"Workflow {name} version {version} is not registered.");

    internal IRunnableDefinition Latest(string name) => _definitions.Values.Where(d => d.Name == name).MaxBy(d => d.Version)
        ?? throw new InvalidOperationException($"No workflow named {name} is registered.");

    internal Type MessageType(string name) => _messages.GetValueOrDefault(name)
        ?? throw new InvalidOperationException($"No signal or command type is registered as '{name}'.");

    private void AddMessage(Type type)
    {
        var name = SignalName.Of(type);
        if (_messages.TryGetValue(name, out var existing) && existing != type)
        {
            throw new InvalidOperationException($"Two message types share the wire name '{name}': {existing} and {type}.");
        }
        _messages[name] = type;
    }
}

/// <summary>How state, signals and commands are written: camelCase, enums by name.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    public static object Deserialize(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, Options) ?? throw new InvalidOperationException($"'{json}' is not a {type.Name}.");
}
