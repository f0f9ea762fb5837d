using System.Globalization;

namespace EmailList.Bench;

/// <param name="CostRequests">When above 0: only count the send API's allocations and CPU over this many requests (no timing run).</param>
public sealed record BenchSettings(int Rate, int Seconds, int WarmupSeconds, int Slices, string? Redis, int CostRequests = 0, int PieceIterations = 0)
{
    public static BenchSettings Parse(string[] args)
    {
        var rate = 500;
        var seconds = 20;
        var warmup = 5;
        var slices = 10;
        string? redis = null;
        var cost = 0;
        var pieces = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rate": rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--slices": slices = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--redis": redis = args[i + 1]; break;
                case "--pieces": pieces = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--cost": cost = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --rate, --seconds, --warmup, --slices, --redis, --cost, --pieces.");
            }
        }

        return new BenchSettings(rate, seconds, warmup, slices, redis, cost, pieces);
    }
}
