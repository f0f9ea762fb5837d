using System.Globalization;

namespace EmailList.Bench.Events;

public sealed record Settings(int Ingest, int DynamoIngest, int Writers, int Load, int Queries, string? Keep)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(Ingest: 20_000, DynamoIngest: 5_000, Writers: 8, Load: 1_000_000, Queries: 1_000, Keep: null);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings = args[i] switch
            {
                "--ingest" => settings with { Ingest = Int(args[i + 1]) },
                "--dynamo-ingest" => settings with { DynamoIngest = Int(args[i + 1]) },
                "--writers" => settings with { Writers = Int(args[i + 1]) },
                "--load" => settings with { Load = Int(args[i + 1]) },
                "--queries" => settings with { Queries = Int(args[i + 1]) },
                "--keep" => settings with { Keep = args[i + 1] },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see bench/events.sh."),
            };
        }

        return settings;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
