using System.Text.Json;
using EmailList.Core.Broadcasts;
using EmailList.Core.Lists;

namespace EmailList.Core.Tests;

public sealed class BroadcastSegmentTests
{
    [Theory]
    [InlineData("""{"plan":"pro"}""", """{"plan":"pro","country":"DE"}""", true)]
    [InlineData("""{"plan":"pro","country":"DE"}""", """{"plan":"pro","country":"FR"}""", false)]
    [InlineData("""{"plan":"pro"}""", """{"plan":"Pro"}""", false)]
    [InlineData("""{"seats":5}""", """{"seats":5.0}""", true)]
    [InlineData("""{"seats":5}""", """{"seats":"5"}""", false)]
    [InlineData("""{"vip":true}""", """{"vip":true}""", true)]
    [InlineData("""{"vip":true}""", """{}""", false)]
    [InlineData("""{"churned":null}""", """{}""", true)]
    [InlineData("""{"churned":null}""", """{"churned":"2026-01-01"}""", false)]
    public void A_contact_is_in_the_segment_only_when_every_attribute_equals(string segment, string attributes, bool matches) =>
        Assert.Equal(matches, BroadcastSegment.Matches(segment, Contact(attributes)));

    [Fact]
    public void Without_a_segment_every_contact_is_in_it() =>
        Assert.True(BroadcastSegment.Matches(null, Contact("{}")));

    [Theory]
    [InlineData("""["plan"]""")]
    [InlineData("""{}""")]
    [InlineData("""{"plan":{"in":["a","b"]}}""")]
    [InlineData("""{"plan":["a"]}""")]
    [InlineData("""{"":"x"}""")]
    public void A_segment_that_is_not_an_object_of_scalar_values_is_refused_saying_why(string segment)
    {
        using var document = JsonDocument.Parse(segment);
        Assert.NotNull(BroadcastSegment.Check(document.RootElement));
    }

    private static Contact Contact(string attributes) => new() { TenantId = "t", Id = "ct_1", Email = "a@example.com", Attributes = attributes };
}
