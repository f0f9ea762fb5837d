using System.Globalization;

namespace EmailList.Bench;

public sealed record BenchSettings(int Rate, int Seconds, int WarmupSeconds, int Slices, string? Redis)
{
    public static BenchSettings Parse(string[] args)
    {
        var rate = 500;
        var seconds = 20;
        var warmup = 5;
        var slices = 10;
        string? redis = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rate": rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--slices": slices = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--redis": redis = args[i + 1]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --rate, --seconds, --warmup, --slices, --redis.");
            }
        }

        return new BenchSettings(rate, seconds, warmup, slices, redis);
    }
}
