using System.Diagnostics;
using EmailList.Testing;

namespace EmailList.Testing.Tests;

/// <summary>Tests of the shared <see cref="Eventually"/> wait: the test library, not the product.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task A_probe_that_never_says_done_times_out_naming_what_was_awaited_and_the_last_value_seen()
    {
        var probes = 0;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.ValueAsync(
            () => Task.FromResult((false, ++probes)), "the counter reaching a million", timeout: TimeSpan.FromMilliseconds(200)));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(200), $"Gave up after {clock.Elapsed}.");
        Assert.True(probes > 1, $"Probed {probes} time(s).");
        Assert.Equal($"the counter reaching a million did not happen within 0.2 s; last seen: {probes}", error.Message);
    }

    [Fact]
    public async Task A_condition_that_never_holds_times_out_naming_what_was_awaited()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.TrueAsync(
            () => Task.FromResult(false), "the impossible", TimeSpan.FromMilliseconds(100)));

        Assert.StartsWith("the impossible did not happen within 0.1 s; last seen: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_value_is_returned_as_soon_as_the_probe_yields_it()
    {
        var probes = 0;

        var value = await Eventually.ValueAsync(
            () => Task.FromResult((++probes == 3, $"value {probes}")), "the third probe", timeout: TimeSpan.FromSeconds(30));

        Assert.Equal("value 3", value);
        Assert.Equal(3, probes);
    }

    [Fact]
    public async Task A_described_value_times_out_with_its_description()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.ValueAsync(
            () => Task.FromResult((false, new[] { "a", "b" })), "a third item", seen => string.Join("+", seen), TimeSpan.FromMilliseconds(50)));

        Assert.EndsWith("last seen: a+b", error.Message, StringComparison.Ordinal);
    }
}
