using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Odr.Web.Tests;

/// <summary>The project boundaries of style.md, checked on every build.</summary>
public class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(Odr.Domain.Disputes.DisputeCase).Assembly;
    private static readonly Assembly Workflows = typeof(Odr.Workflows.Runtime.WorkflowOptions).Assembly;

    [Fact]
    public void Domain_ReferencesNothingButTheBaseLibrary()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name is "System.Runtime" or "System.Collections" or "System.Linq" or "System.Memory"
            || name.StartsWith("System.Runtime.", StringComparison.Ordinal), $"Odr.Domain references {name}"));
    }

    [Fact]
    public void Domain_ProjectHasNoPackageOrProjectReferences()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Odr.Domain", "Odr.Domain.csproj"));
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("ProjectReference"));
        Assert.Empty(project.Descendants("FrameworkReference"));
    }

    [Fact]
    public void Workflows_KnowsNothingOfDisputes()
    {
        Assert.DoesNotContain(Workflows.GetReferencedAssemblies(), a => a.Name == Domain.GetName().Name);
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Odr.Workflows", "Odr.Workflows.csproj"));
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void Workflows_ReferencesOnlyTheFrameworkAndEntityFrameworkRelational()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Odr.Workflows", "Odr.Workflows.csproj"));
        Assert.Equal("Microsoft.EntityFrameworkCore.Relational", Assert.Single(project.Descendants("PackageReference")).Attribute("Include")?.Value);
        Assert.Equal("Microsoft.AspNetCore.App", Assert.Single(project.Descendants("FrameworkReference")).Attribute("Include")?.Value);
    }

    private const string Infrastructure = "Odr.Web.Infrastructure";
    private const string Features = "Odr.Web.Features";
    private const string Pages = "Odr.Web.Pages";

    [Theory]
    [InlineData(Infrastructure, Features)]
    [InlineData(Infrastructure, Pages)]
    [InlineData(Features, Pages)]
    public void WebLayer_UsesNoTypeOfTheLayerAboveIt(string layer, string above)
    {
        var violations = TypesIn(typeof(Program).Assembly, layer)
            .SelectMany(type => ReferencedTypes(type).Where(used => InNamespace(used, above)).Select(used => $"{type.FullName} uses {used.FullName}"))
            .Distinct().Order().ToList();
        Assert.True(violations.Count == 0, $"{layer} must not use {above}:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("Infrastructure", Features)]
    [InlineData("Infrastructure", Pages)]
    [InlineData("Features", Pages)]
    public void WebLayer_SourceNamesNoNamespaceOfTheLayerAboveIt(string folder, string above)
    {
        // Constants (a maximum length, a policy name) are copied into the compiled code, so the types alone do not show
        // every use: the source is read too, for using directives and qualified names outside strings and comments.
        var web = Path.Combine(RepositoryRoot(), "src", "Odr.Web");
        var aboveFolder = Path.Combine(web, above["Odr.Web.".Length..]);
        var names = Directory.EnumerateFileSystemEntries(aboveFolder).Select(Path.GetFileNameWithoutExtension).Select(n => n!.Split('.')[0]).Distinct();
        var shortName = above["Odr.Web.".Length..];
        var qualified = new Regex($@"\b(Odr\.Web\.{shortName}\b|(?<![\w.]){shortName}\.({string.Join('|', names.Select(Regex.Escape))})\b)");
        var violations = Directory.EnumerateFiles(Path.Combine(web, folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line: CodeOnly(line), number: index + 1)))
            .Where(l => qualified.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(web, l.file)}:{l.number}: {l.line.Trim()}").ToList();
        Assert.True(violations.Count == 0, $"{folder} must not name {above}:\n" + string.Join("\n", violations));
    }

    private const int MaxLines = 400;

    [Fact]
    public void Sources_AreAtMost400LinesEach_ButMigrationsAndDataTables()
    {
        // A file that holds one idea can be read whole; migrations are generated and data tables (*.Data.cs) are lists.
        var root = RepositoryRoot();
        var lengths = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(file => !file.Contains("/obj/", StringComparison.Ordinal) && !file.Contains("/bin/", StringComparison.Ordinal)
                && !file.Contains("/Migrations/", StringComparison.Ordinal) && !file.EndsWith(".Data.cs", StringComparison.Ordinal))
            .ToDictionary(file => file, file => File.ReadLines(Path.Combine(root, file)).Count());
        var tooLong = lengths.Where(f => f.Value > MaxLines).Select(f => $"{f.Key}: {f.Value} lines").ToList();
        Assert.True(tooLong.Count == 0, $"Split these (at most {MaxLines} lines):\n" + string.Join("\n", tooLong));
    }

    private static string CodeOnly(string line)
    {
        var withoutStrings = Regex.Replace(line, @"@?\$?""(?:[^""\\]|\\.)*""", "\"\"");
        var comment = withoutStrings.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? withoutStrings : withoutStrings[..comment];
    }

    private static bool InNamespace(Type type, string ns) =>
        type.Namespace is { } name && (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> TypesIn(Assembly assembly, string ns) => assembly.GetTypes().Where(t => InNamespace(t, ns));

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Every type a type names: in its signatures (base type, interfaces, fields, properties, parameters, returns,
    /// attributes) and in its methods' bodies (locals, and each type, method or field an instruction refers to).
    /// </summary>
    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        var named = new List<Type?> { type.BaseType };
        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        named.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        named.AddRange(type.GetEvents(Declared).Select(e => e.EventHandlerType));
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }
            named.AddRange(method.GetCustomAttributesData().Select(a => a.AttributeType));
            named.AddRange(BodyReferences(method));
        }
        return named.OfType<Type>().SelectMany(Expand).Distinct();
    }

    /// <summary>A type with the types it is made of: generic arguments, array and by-ref element types.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }
        if (type.IsGenericParameter)
        {
            return [];
        }
        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Prepend(type.GetGenericTypeDefinition()) : [type];
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private static IEnumerable<Type?> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }
        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[at++]));
            }
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    at += 4;
                    switch (member)
                    {
                        case Type referenced:
                            yield return referenced;
                            break;
                        case FieldInfo field:
                            yield return field.DeclaringType;
                            yield return field.FieldType;
                            break;
                        case MethodBase called:
                            yield return called.DeclaringType;
                            foreach (var parameter in called.GetParameters())
                            {
                                yield return parameter.ParameterType;
                            }
                            if (called is MethodInfo { IsGenericMethod: true } generic)
                            {
                                foreach (var argument in generic.GetGenericArguments())
                                {
                                    yield return argument;
                                }
                            }
                            if (called is MethodInfo returning)
                            {
                                yield return returning.ReturnType;
                            }
                            break;
                    }
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    at += 4;
                    break;
            }
        }
    }

    [Fact]
    public void TestHelpers_LiveInTheTestProjects_NotTheProduct()
    {
        // The fake clock is Microsoft.Extensions.TimeProvider.Testing's; the step harness is tests/Shared.
        var product = new[] { Domain, Workflows, typeof(Program).Assembly };
        var helpers = product.SelectMany(a => a.GetTypes())
            .Where(t => t.Namespace?.Contains(".Testing", StringComparison.Ordinal) == true || t.Name.Contains("Fake", StringComparison.Ordinal))
            .Select(t => t.FullName).ToList();
        Assert.Empty(helpers);
    }

    [Fact]
    public void ThePdfLibrary_IsTheMitRelease()
    {
        // PDFsharp 6.5.0 and later are AGPL-3.0; the project is MIT (docs/adr/001), so it must stay on 6.2.x.
        var pdfsharp = typeof(PdfSharp.Pdf.PdfDocument).Assembly.GetName().Version!;
        Assert.True(pdfsharp.Major == 6 && pdfsharp.Minor <= 2, $"PDFsharp {pdfsharp} is not an MIT release");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Odr.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Odr.sln not found above the test output.");
    }
}
