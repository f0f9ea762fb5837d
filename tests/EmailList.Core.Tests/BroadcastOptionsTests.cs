using System.ComponentModel.DataAnnotations;
using EmailList.Core.Broadcasts;

namespace EmailList.Core.Tests;

public sealed class BroadcastOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_a_dead_expanders_lease_ends_before_its_queued_window_is_sent()
    {
        var options = new BroadcastOptions();

        Assert.Empty(Validate(options));
        Assert.True(options.ExpansionLease < options.Window);
    }

    [Fact]
    public void An_expansion_lease_as_long_as_the_window_is_refused_naming_both_settings()
    {
        var errors = Validate(new BroadcastOptions { ExpansionLease = TimeSpan.FromSeconds(30), Window = TimeSpan.FromSeconds(30) });

        var error = Assert.Single(errors);
        Assert.Contains("Broadcasts:ExpansionLease", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Broadcasts:Window", error.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Validate(BroadcastOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
