using System.Globalization;

namespace EmailList.Bench;

/// <param name="CostRequests">When above 0: only count the send API's allocations and CPU over this many requests (no timing run).</param>
/// <param name="Floor">Also time a bare forwarding proxy (<see cref="Forwarder"/>) as a third path.</param>
public sealed record BenchSettings(int Rate, int Seconds, int WarmupSeconds, int Slices, string? Redis, int CostRequests = 0, int PieceIterations = 0, bool Floor = false)
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
        var floor = false;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--floor")
            {
                floor = true;
                i--;
                continue;
            }

            if (i + 1 == args.Length)
            {
                throw new ArgumentException($"Option {args[i]} needs a value.");
            }

            switch (args[i])
            {
                case "--rate": rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--slices": slices = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--redis": redis = args[i + 1]; break;
                case "--pieces": pieces = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--cost": cost = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; known: --rate, --seconds, --warmup, --slices, --redis, --cost, --pieces, --floor.");
            }
        }

        return new BenchSettings(rate, seconds, warmup, slices, redis, cost, pieces, floor);
    }
}
