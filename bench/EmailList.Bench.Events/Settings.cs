using System.Globalization;

namespace EmailList.Bench.Events;

/// <param name="Mode">"all" (the store figures, then HTTP ingest when <paramref name="HttpIngest"/> > 0), "http" (HTTP ingest only) or "outbox" (store ingest with and without an outbox row).</param>
/// <param name="Webhook">For HTTP ingest: "none", "one" (a tenant whose one webhook wants every type) or "both", alternating.</param>
public sealed record Settings(
    int Ingest, int DynamoIngest, int Writers, int Load, int Queries, string? Keep, string Mode, int HttpIngest, string Webhook, int Rounds)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(Ingest: 20_000, DynamoIngest: 5_000, Writers: 8, Load: 1_000_000, Queries: 1_000, Keep: null, Mode: "all", HttpIngest: 0, Webhook: "both", Rounds: 3);
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
                "--mode" when args[i + 1] is "all" or "http" or "outbox" => settings with { Mode = args[i + 1] },
                "--http-ingest" => settings with { HttpIngest = Int(args[i + 1]) },
                "--webhook" when args[i + 1] is "none" or "one" or "both" => settings with { Webhook = args[i + 1] },
                "--rounds" => settings with { Rounds = Int(args[i + 1]) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see bench/events.sh."),
            };
        }

        return settings;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
