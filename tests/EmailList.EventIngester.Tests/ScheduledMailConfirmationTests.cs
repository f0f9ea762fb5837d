using System.Text.Json.Nodes;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// AWS's sample Send record, tagged as the dispatcher tags scheduled mail (el_mail), posted over HTTP: a mail whose
/// dispatcher died after SES accepted it becomes Sent with the event's message id, within the event's tenant only.
/// </summary>
[Collection(IngesterGroup.Name)]
public sealed class ScheduledMailConfirmationTests(IngesterFixture fixture)
{
    private IScheduledMailStore Mails => fixture.Host.Services.GetRequiredService<IScheduledMailStore>();

    [Fact]
    public async Task A_send_event_tagged_with_a_scheduled_mail_marks_the_mail_its_dispatcher_left_unrecorded_sent()
    {
        var tenant = await fixture.CreateTenantAsync();
        var mail = await HandedToSesAsync(tenant);
        var send = IngesterFixture.EventOf(tenant, "send").WithScheduledMailTag(mail.Id);

        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(send)).CountsAsync());

        var stored = await Mails.GetAsync(tenant.Id, mail.Id, CancellationToken.None);
        Assert.Equal(ScheduledMailStatus.Sent, stored!.Status);
        Assert.Equal((string)send["detail"]!["mail"]!["messageId"]!, stored.MessageId);
        Assert.Equal(DateTimeOffset.Parse((string)send["detail"]!["mail"]!["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture), stored.SentAt);

        // A redelivery changes nothing.
        Assert.Equal((0, 1, 0), await (await fixture.PostAsync(send)).CountsAsync());
        Assert.Equal(ScheduledMailStatus.Sent, (await Mails.GetAsync(tenant.Id, mail.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Another_tenants_event_naming_the_mail_leaves_it_alone()
    {
        var owner = await fixture.CreateTenantAsync();
        var intruder = await fixture.CreateTenantAsync();
        var mail = await HandedToSesAsync(owner);

        await (await fixture.PostAsync(IngesterFixture.EventOf(intruder, "send").WithScheduledMailTag(mail.Id))).CountsAsync();

        var stored = await Mails.GetAsync(owner.Id, mail.Id, CancellationToken.None);
        Assert.Equal(ScheduledMailStatus.Sending, stored!.Status);
        Assert.Null(stored.MessageId);
    }

    /// <summary>A mail a dispatcher claimed and handed to SES, then died: Sending, with the hand-off written down.</summary>
    private async Task<ScheduledMail> HandedToSesAsync(Tenant tenant)
    {
        var now = DateTimeOffset.UtcNow;
        var mail = new ScheduledMail
        {
            TenantId = tenant.Id,
            Id = ScheduledMailId.New(),
            ScheduledAt = now.AddYears(-1), // due before anything else another test may have queued
            Content = "{}",
            Recipients = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await Mails.AddAsync(mail, CancellationToken.None);
        var claims = await Mails.ClaimDueAsync(now, 1000, 1000, "dead-" + Guid.NewGuid().ToString("N"), TimeSpan.FromMinutes(5), CancellationToken.None);
        var claim = Assert.Single(claims, c => c.Mail.TenantId == tenant.Id && c.Mail.Id == mail.Id);
        Assert.True(await Mails.MarkHandedToSesAsync(claim, now, CancellationToken.None));
        return mail;
    }
}

internal static class ScheduledMailTagging
{
    /// <summary>Tags the mail as the dispatcher tags scheduled mail.</summary>
    public static JsonObject WithScheduledMailTag(this JsonObject sesEvent, string mailId)
    {
        sesEvent["detail"]!["mail"]!["tags"]!.AsObject()[MessageTags.ScheduledMail] = new JsonArray(mailId);
        return sesEvent;
    }
}
