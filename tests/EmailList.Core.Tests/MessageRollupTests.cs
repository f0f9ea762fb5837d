using EmailList.Core.Events;

namespace EmailList.Core.Tests;

/// <summary>
/// EventBridge does not keep order, so a message's summary must not depend on the order its events arrive in.
/// Duplicates (the same EventId again) are refused by the stores before the roll-up; the store contract covers them.
/// </summary>
public sealed class MessageRollupTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Destination = ["ann@example.com", "bob@example.com", "cy@example.com"];
    private static readonly string[] NoRecipients = [];

    /// <summary>A mail to three recipients: sent, delivered to two, bounced by the third, opened and clicked by the first.</summary>
    public static SesEvent[] ThreeRecipientMessage() =>
    [
        Event("send", SesEventType.Send, T0, Destination),
        Event("delivery-ann", SesEventType.Delivery, T0.AddSeconds(2), ["ann@example.com"]),
        Event("delivery-bob", SesEventType.Delivery, T0.AddSeconds(3), ["bob@example.com"]) with { ExpiresAt = T0.AddDays(120) },
        Event("bounce-cy", SesEventType.Bounce, T0.AddSeconds(4), ["cy@example.com"]),
        // An event without commonHeaders: From comes from mail.source and there is no subject.
        Event("open-ann", SesEventType.Open, T0.AddMinutes(5), Destination) with { Subject = null },
        Event("click-ann", SesEventType.Click, T0.AddMinutes(6), Destination),
    ];

    [Fact]
    public void Every_arrival_order_of_a_messages_events_gives_the_same_summary()
    {
        var events = ThreeRecipientMessage();
        var expected = Fold(events);
        var orders = 0;

        foreach (var order in Permutations(events))
        {
            AssertSame(expected, Fold(order));
            orders++;
        }

        Assert.Equal(720, orders);
        Assert.Equal(Destination, expected.Recipients);
        Assert.Equal(
            (MessageStatus.Bounced, "Sender <news@example.com>", "Spring news", T0.AddSeconds(-1), T0, T0.AddMinutes(6), T0.AddDays(120)),
            (expected.Status, expected.From, expected.Subject, expected.SentAt, expected.FirstEventAt, expected.LastEventAt, expected.ExpiresAt));
        Assert.Equal((6, 2, 1, 0, 1, 1), (expected.EventCount, expected.Deliveries, expected.Bounces, expected.Complaints, expected.Opens, expected.Clicks));
    }

    [Fact]
    public void A_delivery_that_arrives_before_its_send_already_names_every_recipient_of_the_message()
    {
        var delivery = ThreeRecipientMessage()[1];

        var summary = MessageRollup.Apply(null, delivery);

        Assert.Equal(Destination, summary.Recipients);
    }

    [Fact]
    public void Events_without_mail_destination_still_give_one_summary_whatever_the_order()
    {
        // Events stored before the destination was kept: the recipients are the union of what each event names.
        var events = ThreeRecipientMessage().Select(e => e with { Destination = [] }).ToArray();
        var expected = Fold(events);

        foreach (var order in Permutations(events))
        {
            AssertSame(expected, Fold(order));
        }

        Assert.Equal(Destination, expected.Recipients);
    }

    [Fact]
    public void Differing_from_and_subject_are_chosen_the_same_way_whatever_the_order()
    {
        SesEvent[] events =
        [
            Event("a", SesEventType.Send, T0, Destination) with { From = "b@example.com", Subject = "B", SentAt = T0.AddSeconds(1) },
            Event("b", SesEventType.Delivery, T0.AddSeconds(1), ["ann@example.com"]) with { From = "a@example.com", Subject = null, SentAt = T0 },
            Event("c", SesEventType.Open, T0.AddSeconds(2), Destination) with { From = null, Subject = "A", SentAt = null },
        ];

        var summaries = Permutations(events).Select(Fold).ToList();

        Assert.All(summaries, summary => AssertSame(summaries[0], summary));
        Assert.Equal(("a@example.com", "A", (DateTimeOffset?)T0), (summaries[0].From, summaries[0].Subject, summaries[0].SentAt));
    }

    private static MessageSummary Fold(IEnumerable<SesEvent> events) =>
        events.Aggregate((MessageSummary?)null, MessageRollup.Apply)!;

    private static SesEvent Event(string id, SesEventType type, DateTimeOffset at, string[] recipients) => new()
    {
        TenantId = "t-1",
        EventId = id,
        Type = type,
        OccurredAt = at,
        MessageId = "m-1",
        SentAt = T0.AddSeconds(-1),
        Recipients = recipients,
        Destination = Destination,
        From = "Sender <news@example.com>",
        Subject = "Spring news",
        RawJson = "{}",
        ReceivedAt = at.AddSeconds(1),
        ExpiresAt = at.AddDays(90),
    };

    private static IEnumerable<SesEvent[]> Permutations(SesEvent[] events)
    {
        if (events.Length <= 1)
        {
            yield return events;
            yield break;
        }

        for (var i = 0; i < events.Length; i++)
        {
            var rest = events.Take(i).Concat(events.Skip(i + 1)).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [events[i], .. tail];
            }
        }
    }

    private static void AssertSame(MessageSummary expected, MessageSummary actual)
    {
        Assert.Equal(expected.Recipients, actual.Recipients);
        Assert.Equal(expected with { Recipients = NoRecipients }, actual with { Recipients = NoRecipients });
    }
}
