using System.Text.Json;
using EmailList.Testing.Lists;

namespace EmailList.Standalone.Tests;

/// <summary>
/// The newsletter loop of the README against the real binary, only over HTTP as a tenant, a reader and their mail
/// program would drive it: a list, a form sign-up, the confirmation mail read from the sandbox's outbox, its link, a
/// broadcast, a one-click unsubscribe by POST with the header's own URL, and the next broadcast passing the reader by.
/// The AppHost's suite walks the same steps (<see cref="NewsletterFlow"/>) across processes.
/// </summary>
public sealed class NewsletterFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    [Fact]
    public async Task Sign_up_confirm_broadcast_one_click_unsubscribe_and_the_next_broadcast_skips_the_reader()
    {
        using var tenant = await host.ClientAsync();
        var flow = new NewsletterFlow(tenant, host.OutboxAsync);
        var (listId, signUpUrl) = await flow.CreateListAsync("Monthly news", "news@example.com");
        var reader = $"reader-{Guid.NewGuid():N}@example.net";
        using var browser = new HttpClient();

        await flow.SignUpConfirmReceiveAndUnsubscribeAsync(browser, listId, signUpUrl, reader);

        var second = await flow.SendBroadcastAsync(listId, "Issue 2");
        Assert.Equal(0, second.GetProperty("progress").GetProperty("sent").GetInt32());
        Assert.False(await flow.AnyMailOfAsync(second));
    }
}
