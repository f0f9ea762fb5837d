using System.Globalization;

namespace EmailList.Bench.Schedule;

/// <param name="Count">Scheduled mails, all due at the same second.</param>
/// <param name="Rate">The sandbox account's MaxSendRate (recipients per second) for the run.</param>
/// <param name="Lead">Seconds between the start of submission and the due time; every mail must be stored before it.</param>
/// <param name="Standalone">The built EmailList.Standalone.dll.</param>
public sealed record Settings(int Count, double Rate, int Lead, int Submitters, string Standalone)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(Count: 10_000, Rate: 200, Lead: 45, Submitters: 16, Standalone: "");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings = args[i] switch
            {
                "--count" => settings with { Count = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--rate" => settings with { Rate = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--lead" => settings with { Lead = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--submitters" => settings with { Submitters = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--standalone" => settings with { Standalone = args[i + 1] },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see bench/schedule.sh."),
            };
        }

        if (settings.Count is < 1 or > 10_000)
        {
            throw new ArgumentException("--count is 1-10000: the sandbox's outbox keeps the last 10,000 messages, which the timeline is read from.");
        }

        return settings;
    }
}
