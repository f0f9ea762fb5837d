using Amazon.S3;
using Amazon.S3.Model;
using EmailList.Core.Onboarding;
using Microsoft.Extensions.Options;

namespace EmailList.QueryApi.Tenants;

/// <summary>
/// The template URL a CloudFormation quick-create link needs: a presigned GET of the published template when it is in
/// the platform's private bucket, signed with the service's own credentials (the task role: s3:GetObject on that object
/// alone), else <c>Onboarding:TemplateUrl</c> as configured.
/// </summary>
public sealed class CustomerTemplateLink(IOptions<TemplateLinkOptions> options, IOptions<OnboardingOptions> onboarding, IServiceProvider services, TimeProvider time)
{
    public Uri? TemplateUrl()
    {
        var settings = options.Value;
        if (!settings.Presigned)
        {
            return onboarding.Value.TemplateUrl;
        }

        // The SDK counts X-Amz-Expires from its own clock and truncates to whole seconds; half a second keeps it at the lifetime.
        var url = services.GetRequiredService<IAmazonS3>().GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = settings.TemplateBucket,
            Key = settings.TemplateKey,
            Verb = HttpVerb.GET,
            Protocol = Protocol.HTTPS,
            Expires = (time.GetUtcNow() + settings.TemplateLinkLifetime + TimeSpan.FromMilliseconds(500)).UtcDateTime,
        });
        return new Uri(url);
    }
}
