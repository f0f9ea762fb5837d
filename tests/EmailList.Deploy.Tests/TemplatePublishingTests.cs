using Amazon.CDK;
using Amazon.CDK.AWS.S3;

namespace EmailList.Deploy.Tests;

/// <summary>The private templates bucket and the query API's presigned quick-create links.</summary>
[Collection(PlatformTemplateGroup.Name)]
public sealed class TemplatePublishingTests(PlatformTemplateFixture fixture)
{
    private string BucketId => fixture.Stack.GetLogicalId((CfnBucket)fixture.Stack.Templates.Bucket.Node.DefaultChild!);

    [Fact]
    public void The_query_API_is_told_the_published_templates_bucket_key_and_region()
    {
        var environment = fixture.Container("QueryApi")["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]);

        Assert.Equal("${" + BucketId + "}", TemplateJson.Resolve(environment["Onboarding__TemplateBucket"]));
        Assert.Equal(PlatformTemplateFixture.TemplateKey, (string?)environment["Onboarding__TemplateKey"]);
        Assert.Equal("${AWS::Region}", TemplateJson.Resolve(environment["Onboarding__TemplateBucketRegion"]));
    }

    [Fact]
    public void The_query_API_may_read_the_published_template_and_nothing_else_in_the_bucket()
    {
        var s3 = fixture.TaskRoleStatements("QueryApi").Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("s3:", StringComparison.Ordinal))).ToList();

        var statement = Assert.Single(s3);
        Assert.Equal(["s3:GetObject"], TemplateJson.Actions(statement));
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Null(statement["Condition"]);
        Assert.Equal(["${" + BucketId + ".Arn}/" + PlatformTemplateFixture.TemplateKey], TemplateJson.ResourcesOf(statement));
    }

    [Fact]
    public void No_other_service_may_read_the_templates_bucket()
    {
        foreach (var service in new[] { "SendApi", "EventIngester", "Dispatcher" })
        {
            Assert.DoesNotContain(fixture.TaskRoleStatements(service).SelectMany(TemplateJson.ResourcesOf), r => r.Contains(BucketId, StringComparison.Ordinal));
        }
    }
}
