using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailList.Core.Lists;

/// <summary>How the stores write an import's progress and columns: one JSON shape for SQLite and DynamoDB.</summary>
public static class ImportJson
{
    public static string Write(ImportProgress progress) => JsonSerializer.Serialize(progress, ImportJsonContext.Default.ImportProgress);

    public static ImportProgress ReadProgress(string json) =>
        JsonSerializer.Deserialize(json, ImportJsonContext.Default.ImportProgress) ?? ImportProgress.None;

    public static string Write(IReadOnlyList<string> columns) => JsonSerializer.Serialize(columns, ImportJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> ReadColumns(string json) =>
        JsonSerializer.Deserialize(json, ImportJsonContext.Default.IReadOnlyListString) ?? [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ImportProgress))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ImportJsonContext : JsonSerializerContext;
