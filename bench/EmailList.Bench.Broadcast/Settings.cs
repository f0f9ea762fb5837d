using System.Globalization;

namespace EmailList.Bench.Broadcast;

/// <param name="Count">Subscribed contacts on the list, each sent the broadcast once.</param>
/// <param name="Rate">The sandbox account's MaxSendRate (recipients per second) for the run.</param>
/// <param name="KillOne">SIGKILL one of the two dispatchers once half the recipients were sent to.</param>
/// <param name="Both">Two broadcasts to the same seeded list, one after the other: without, then with the kill.</param>
/// <param name="Seeders">Contacts written to DynamoDB at once while seeding.</param>
/// <param name="Redis">StackExchange.Redis connection string of the Redis every process shares.</param>
/// <param name="SendApi">The built EmailList.SendApi.dll.</param>
/// <param name="Dispatcher">The built EmailList.Dispatcher.dll.</param>
public sealed record Settings(int Count, double Rate, bool KillOne, bool Both, int Seeders, string Redis, string SendApi, string Dispatcher)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(Count: 100_000, Rate: 200, KillOne: false, Both: false, Seeders: 32, Redis: "", SendApi: "", Dispatcher: "");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--kill-one" or "--both")
            {
                settings = args[i] == "--both" ? settings with { Both = true } : settings with { KillOne = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value; see bench/broadcast.sh.");
            }

            var value = args[++i];
            settings = args[i - 1] switch
            {
                "--count" => settings with { Count = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rate" => settings with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--seeders" => settings with { Seeders = int.Parse(value, CultureInfo.InvariantCulture) },
                "--redis" => settings with { Redis = value },
                "--sendapi" => settings with { SendApi = value },
                "--dispatcher" => settings with { Dispatcher = value },
                _ => throw new ArgumentException($"Unknown option {args[i - 1]}; see bench/broadcast.sh."),
            };
        }

        if (settings.Count is < 1 or > 1_000_000)
        {
            throw new ArgumentException("--count is 1-1000000.");
        }

        if (string.IsNullOrEmpty(settings.Redis) || !File.Exists(settings.SendApi) || !File.Exists(settings.Dispatcher))
        {
            throw new ArgumentException("--redis, --sendapi and --dispatcher are required (bench/broadcast.sh passes them).");
        }

        return settings;
    }
}
