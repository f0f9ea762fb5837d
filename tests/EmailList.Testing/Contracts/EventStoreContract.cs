using System.Globalization;
using EmailList.Core.Events;
using EmailList.Core.Identifiers;
using EmailList.Core.Webhooks;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="IEventStore"/> must do; derive once per implementation. Each test uses its own tenants.</summary>
public abstract class EventStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] NoRecipients = [];
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoTags = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A store on shared storage; tests never assume it is empty.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync();

    /// <summary>The webhook delivery store on the same storage as <see cref="CreateStoreAsync"/>: where the event store's outbox rows land.</summary>
    protected abstract Task<IWebhookDeliveryStore> CreateDeliveryStoreAsync();

    /// <summary>False for a store that leaves deletion to the database (DynamoDB TTL) and purges nothing itself.</summary>
    protected virtual bool PurgeDeletes => true;

    /// <summary>
    /// For a store that leaves deletion to the database (<see cref="PurgeDeletes"/> false): delete what the database's expiry
    /// would delete at <paramref name="now"/> from the tenant's items, checking that every item carries the expiry attribute.
    /// </summary>
    protected virtual Task ExpireAsTheDatabaseWouldAsync(string tenantId, DateTimeOffset now) =>
        throw new NotSupportedException("A store that does not purge itself says how its database expires items.");

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_added_event_reads_back_field_for_field()
    {
        var store = await CreateStoreAsync();
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Bounce, T0.AddTicks(1234567), "m-1", ["a@example.com", "b@example.com"]) with
        {
            Destination = ["a@example.com", "b@example.com", "c@example.com"],
            From = "Sender <sender@example.com>",
            Subject = "Grüße – subject",
            SentAt = T0.AddSeconds(-3),
            BounceType = "Permanent",
            BounceSubType = "General",
            DiagnosticCode = "smtp; 550 5.1.1 user unknown",
            ComplaintFeedbackType = "abuse",
            ClickLink = "https://example.com/?a=1&b=2",
            UserAgent = "Mozilla/5.0",
            IpAddress = "192.0.2.1",
            DelayType = "MailboxFull",
            Reason = "Bad content",
            Tags = new Dictionary<string, IReadOnlyList<string>> { ["el_tenant"] = ["t"], ["campaign"] = ["spring", "second value"] },
        };

        Assert.True(await store.TryAddAsync(sesEvent, None));

        AssertSame(sesEvent, await store.GetAsync(sesEvent.TenantId, sesEvent.EventId, None));
        AssertSame(sesEvent, Assert.Single((await store.QueryAsync(sesEvent.TenantId, new EventQuery(), None)).Items));
    }

    [Fact]
    public async Task An_event_with_only_the_required_fields_reads_back_with_the_others_empty()
    {
        var store = await CreateStoreAsync();
        var sesEvent = new SesEvent
        {
            TenantId = NewTenantId(),
            EventId = NewEventId(),
            Type = SesEventType.Send,
            OccurredAt = T0,
            MessageId = "m-min",
            RawJson = "{}",
            ReceivedAt = T0,
            ExpiresAt = T0.AddDays(90),
        };

        await store.TryAddAsync(sesEvent, None);

        AssertSame(sesEvent, await store.GetAsync(sesEvent.TenantId, sesEvent.EventId, None));
    }

    [Fact]
    public async Task An_unknown_event_reads_as_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(NewTenantId(), NewEventId(), None));
        Assert.Null(await store.GetMessageAsync(NewTenantId(), "m-none", None));
        Assert.Empty(await store.GetMessageEventsAsync(NewTenantId(), "m-none", 10, None));
    }

    [Fact]
    public async Task A_redelivered_event_is_refused_and_counted_once()
    {
        var store = await CreateStoreAsync();
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Delivery, T0, "m-dup", ["a@example.com"]);

        Assert.True(await store.TryAddAsync(sesEvent, None));
        Assert.False(await store.TryAddAsync(sesEvent, None));
        Assert.False(await store.TryAddAsync(sesEvent with { ReceivedAt = T0.AddMinutes(5) }, None));

        var summary = await store.GetMessageAsync(sesEvent.TenantId, "m-dup", None);
        Assert.Equal(1, summary!.EventCount);
        Assert.Equal(1, summary.Deliveries);
        Assert.Single((await store.QueryAsync(sesEvent.TenantId, new EventQuery(), None)).Items);
        Assert.Single(await store.GetMessageEventsAsync(sesEvent.TenantId, "m-dup", 10, None));
        Assert.Equal(1, (await store.CountAsync(sesEvent.TenantId, T0.AddDays(-1), T0.AddDays(1), StatsBucket.Day, None)).Sum(c => c.Count));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_event_store_it_once()
    {
        var store = await CreateStoreAsync();
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Open, T0, "m-race", ["a@example.com"]);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryAddAsync(sesEvent, None))));

        Assert.Single(results, added => added);
        var summary = await store.GetMessageAsync(sesEvent.TenantId, "m-race", None);
        Assert.Equal(1, summary!.EventCount);
        Assert.Equal(1, summary.Opens);
    }

    [Fact]
    public async Task Event_ids_are_unique_per_tenant_not_across_tenants()
    {
        var store = await CreateStoreAsync();
        var mine = NewEvent(NewTenantId(), SesEventType.Send, T0, "m-1", ["a@example.com"]);
        var theirs = mine with { TenantId = NewTenantId() };

        Assert.True(await store.TryAddAsync(mine, None));
        Assert.True(await store.TryAddAsync(theirs, None));

        Assert.Equal(mine.TenantId, (await store.GetAsync(mine.TenantId, mine.EventId, None))!.TenantId);
        Assert.Equal(theirs.TenantId, (await store.GetAsync(theirs.TenantId, mine.EventId, None))!.TenantId);
    }

    [Fact]
    public async Task A_message_summary_rolls_up_its_events()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var send = NewEvent(tenant, SesEventType.Send, T0, "m-roll", ["a@example.com", "b@example.com"]) with
        {
            From = "s@example.com",
            Subject = "Hello",
            SentAt = T0,
            ExpiresAt = T0.AddDays(30),
        };
        await store.TryAddAsync(send, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(2), "m-roll", ["a@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Bounce, T0.AddSeconds(3), "m-roll", ["b@example.com"]) with { ExpiresAt = T0.AddDays(120) }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, T0.AddMinutes(5), "m-roll", ["a@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Click, T0.AddMinutes(6), "m-roll", ["a@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, T0.AddMinutes(7), "m-roll", ["a@example.com"]), None);

        var summary = await store.GetMessageAsync(tenant, "m-roll", None);

        Assert.NotNull(summary);
        Assert.Equal(tenant, summary.TenantId);
        Assert.Equal("m-roll", summary.MessageId);
        Assert.Equal(MessageStatus.Bounced, summary.Status);
        Assert.Equal("s@example.com", summary.From);
        Assert.Equal("Hello", summary.Subject);
        Assert.Equal(["a@example.com", "b@example.com"], summary.Recipients);
        Assert.Equal(T0, summary.SentAt);
        Assert.Equal(T0, summary.FirstEventAt);
        Assert.Equal(T0.AddMinutes(7), summary.LastEventAt);
        Assert.Equal((6, 1, 1, 0, 2, 1), (summary.EventCount, summary.Deliveries, summary.Bounces, summary.Complaints, summary.Opens, summary.Clicks));
        Assert.Equal(T0.AddDays(120), summary.ExpiresAt);
    }

    [Fact]
    public async Task Every_arrival_order_with_redeliveries_gives_the_same_summary()
    {
        var store = await CreateStoreAsync();
        string[] destination = ["ann@example.com", "bob@example.com", "cy@example.com"];
        // As SES sends them: the mail object (destination, source, subject, timestamp) in every event; one without commonHeaders.
        SesEvent[] Events(string tenant) => new[]
        {
            NewEvent(tenant, SesEventType.Send, T0, "m-order", destination, "e-send"),
            NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(2), "m-order", ["ann@example.com"], "e-delivery-ann"),
            NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(3), "m-order", ["bob@example.com"], "e-delivery-bob") with { ExpiresAt = T0.AddDays(120) },
            NewEvent(tenant, SesEventType.Bounce, T0.AddSeconds(4), "m-order", ["cy@example.com"], "e-bounce-cy"),
            NewEvent(tenant, SesEventType.Open, T0.AddMinutes(5), "m-order", destination, "e-open"),
            NewEvent(tenant, SesEventType.Click, T0.AddMinutes(6), "m-order", destination, "e-click"),
        }.Select(e => e with
        {
            Destination = destination,
            From = "Sender <news@example.com>",
            Subject = e.Type == SesEventType.Open ? null : "Spring news",
            SentAt = T0.AddSeconds(-1),
        }).ToArray();
        // Every rotation of the events in time order and in reverse: each event arrives first (and last) once in each
        // direction, the Send anywhere from first to last. Each order gets two redeliveries: its first event again in
        // the middle, its last event again at the end.
        var orders = new List<int[]>();
        foreach (var direction in new[] { Enumerable.Range(0, 6).ToArray(), Enumerable.Range(0, 6).Reverse().ToArray() })
        {
            for (var shift = 0; shift < direction.Length; shift++)
            {
                var order = direction.Skip(shift).Concat(direction.Take(shift)).ToList();
                order.Insert(3, order[0]);
                order.Add(order[^1]);
                orders.Add([.. order]);
            }
        }

        var summaries = new List<MessageSummary?>();
        foreach (var order in orders)
        {
            var tenant = NewTenantId();
            var events = Events(tenant);
            var seen = new HashSet<int>();
            foreach (var index in order)
            {
                var redelivery = !seen.Add(index);
                var sesEvent = redelivery ? events[index] with { ReceivedAt = events[index].ReceivedAt.AddMinutes(1) } : events[index];
                Assert.Equal(!redelivery, await store.TryAddAsync(sesEvent, None));
            }

            summaries.Add((await store.GetMessageAsync(tenant, "m-order", None))! with { TenantId = "t" });
        }

        var expected = summaries[0]!;
        Assert.Equal(destination, expected.Recipients);
        Assert.Equal(
            (MessageStatus.Bounced, "Sender <news@example.com>", "Spring news", (DateTimeOffset?)T0.AddSeconds(-1), T0, T0.AddMinutes(6), T0.AddDays(120)),
            (expected.Status, expected.From, expected.Subject, expected.SentAt, expected.FirstEventAt, expected.LastEventAt, expected.ExpiresAt));
        Assert.Equal((6, 2, 1, 0, 1, 1), (expected.EventCount, expected.Deliveries, expected.Bounces, expected.Complaints, expected.Opens, expected.Clicks));
        Assert.All(summaries, summary => AssertSame(expected, summary));
    }

    [Fact]
    public async Task Concurrent_arrival_with_redeliveries_gives_the_same_summary_as_arrival_in_order()
    {
        var store = await CreateStoreAsync();
        var (inOrder, concurrent) = (NewTenantId(), NewTenantId());
        string[] destination = ["ann@example.com", "bob@example.com", "cy@example.com"];
        SesEvent[] Events(string tenant) =>
        [
            NewEvent(tenant, SesEventType.Send, T0, "m-race", destination, "e-send"),
            NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(2), "m-race", ["ann@example.com"], "e-delivery-ann"),
            NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(3), "m-race", ["bob@example.com"], "e-delivery-bob"),
            NewEvent(tenant, SesEventType.Bounce, T0.AddSeconds(4), "m-race", ["cy@example.com"], "e-bounce-cy"),
            NewEvent(tenant, SesEventType.Open, T0.AddMinutes(5), "m-race", destination, "e-open"),
            NewEvent(tenant, SesEventType.Click, T0.AddMinutes(6), "m-race", destination, "e-click"),
        ];
        SesEvent[] WithDestination(string tenant) => Events(tenant).Select(e => e with { Destination = destination }).ToArray();
        foreach (var sesEvent in WithDestination(inOrder))
        {
            await store.TryAddAsync(sesEvent, None);
        }

        // Each event three times at once, as EventBridge may deliver them: first the deliveries and the bounce, which
        // name one recipient each, then the Send, the open and the click.
        var events = WithDestination(concurrent);
        var added = new List<bool>();
        foreach (var wave in new[] { events[1..4], [events[0], .. events[4..]] })
        {
            added.AddRange(await Task.WhenAll(wave.SelectMany(e => new[] { e, e, e }).Select(e => Task.Run(() => store.TryAddAsync(e, None)))));
        }

        Assert.Equal(6, added.Count(stored => stored));
        var expected = await store.GetMessageAsync(inOrder, "m-race", None);
        Assert.Equal(destination, expected!.Recipients);
        AssertSame(expected with { TenantId = concurrent }, await store.GetMessageAsync(concurrent, "m-race", None));
    }

    [Fact]
    public async Task A_message_timeline_is_oldest_first_and_limited()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var events = Enumerable.Range(0, 6).Select(i => NewEvent(tenant, SesEventType.Open, T0.AddMinutes(i), "m-line", ["a@example.com"])).ToList();
        foreach (var sesEvent in events.AsEnumerable().Reverse())
        {
            await store.TryAddAsync(sesEvent, None);
        }

        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, T0, "m-other", ["a@example.com"]), None);

        Assert.Equal(events.Select(e => e.EventId), (await store.GetMessageEventsAsync(tenant, "m-line", 100, None)).Select(e => e.EventId));
        Assert.Equal(events.Take(4).Select(e => e.EventId), (await store.GetMessageEventsAsync(tenant, "m-line", 4, None)).Select(e => e.EventId));
    }

    [Fact]
    public async Task Events_are_listed_newest_first_and_ties_by_event_id_descending()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var events = new[]
        {
            NewEvent(tenant, SesEventType.Send, T0, "m-1", ["a@example.com"], "evt-b"),
            NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(1), "m-1", ["a@example.com"], "evt-a"),
            NewEvent(tenant, SesEventType.Open, T0.AddSeconds(1), "m-1", ["a@example.com"], "evt-c"),
            NewEvent(tenant, SesEventType.Click, T0.AddHours(1), "m-1", ["a@example.com"], "evt-0"),
        };
        foreach (var sesEvent in events)
        {
            await store.TryAddAsync(sesEvent, None);
        }

        var page = await store.QueryAsync(tenant, new EventQuery(), None);

        Assert.Equal(["evt-0", "evt-c", "evt-a", "evt-b"], page.Items.Select(e => e.EventId));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task The_time_range_includes_from_and_excludes_to()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var ids = await AddAtAsync(store, tenant, T0.AddTicks(-1), T0, T0.AddMinutes(30), T0.AddHours(1).AddTicks(-1), T0.AddHours(1));

        var page = await store.QueryAsync(tenant, new EventQuery(From: T0, To: T0.AddHours(1)), None);
        var since = await store.QueryAsync(tenant, new EventQuery(From: T0.AddMinutes(30)), None);
        var before = await store.QueryAsync(tenant, new EventQuery(To: T0), None);

        Assert.Equal([ids[3], ids[2], ids[1]], page.Items.Select(e => e.EventId));
        Assert.Equal([ids[4], ids[3], ids[2]], since.Items.Select(e => e.EventId));
        Assert.Equal([ids[0]], before.Items.Select(e => e.EventId));
    }

    [Fact]
    public async Task Events_can_be_filtered_by_one_or_several_types()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var types = new[] { SesEventType.Send, SesEventType.Delivery, SesEventType.Bounce, SesEventType.Delivery, SesEventType.Complaint, SesEventType.Open };
        for (var i = 0; i < types.Length; i++)
        {
            await store.TryAddAsync(NewEvent(tenant, types[i], T0.AddMinutes(i), $"m-{i}", ["a@example.com"]), None);
        }

        var deliveries = await store.QueryAsync(tenant, new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Delivery }), None);
        var failures = await store.QueryAsync(tenant, new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Bounce, SesEventType.Complaint }), None);
        var none = await store.QueryAsync(tenant, new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Reject }), None);

        Assert.Equal(["m-3", "m-1"], deliveries.Items.Select(e => e.MessageId));
        Assert.Equal(["m-4", "m-2"], failures.Items.Select(e => e.MessageId));
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task Events_can_be_filtered_by_recipient()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0, "m-1", ["a@example.com", "b@example.com", "c@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(1), "m-1", ["b@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(2), "m-2", ["a@example.com"]), None);
        await store.TryAddAsync(NewEvent(NewTenantId(), SesEventType.Delivery, T0.AddSeconds(3), "m-3", ["b@example.com"]), None);

        var b = await store.QueryAsync(tenant, new EventQuery(Recipient: "b@example.com"), None);
        var bDeliveries = await store.QueryAsync(tenant, new EventQuery(Recipient: "b@example.com", Types: new HashSet<SesEventType> { SesEventType.Delivery }), None);
        var nobody = await store.QueryAsync(tenant, new EventQuery(Recipient: "z@example.com"), None);

        Assert.Equal([(SesEventType.Delivery, "m-1"), (SesEventType.Send, "m-1")], b.Items.Select(e => (e.Type, e.MessageId)));
        Assert.Equal([(SesEventType.Delivery, "m-1")], bDeliveries.Items.Select(e => (e.Type, e.MessageId)));
        Assert.Empty(nobody.Items);
    }

    [Fact]
    public async Task Events_can_be_filtered_by_message_id()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0, "m-1", ["a@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(1), "m-1", ["a@example.com"]), None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(2), "m-2", ["b@example.com"]), None);

        var m1 = await store.QueryAsync(tenant, new EventQuery(MessageId: "m-1"), None);
        var m1ToA = await store.QueryAsync(tenant, new EventQuery(MessageId: "m-1", Recipient: "a@example.com", Types: new HashSet<SesEventType> { SesEventType.Send }), None);
        var m1ToB = await store.QueryAsync(tenant, new EventQuery(MessageId: "m-1", Recipient: "b@example.com"), None);

        Assert.Equal([SesEventType.Delivery, SesEventType.Send], m1.Items.Select(e => e.Type));
        Assert.Equal([SesEventType.Send], m1ToA.Items.Select(e => e.Type));
        Assert.Empty(m1ToB.Items);
    }

    [Fact]
    public async Task Events_can_be_filtered_by_tag_name_and_value_or_by_name_alone()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0, "m-spring", ["a@example.com"]) with { Tags = Tags(("campaign", ["spring", "2026"])) }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(1), "m-summer", ["a@example.com"]) with { Tags = Tags(("campaign", ["summer"])) }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(2), "m-untagged", ["b@example.com"]) with { Tags = Tags(("other", ["spring"])) }, None);

        var spring = await store.QueryAsync(tenant, new EventQuery(TagName: "campaign", TagValue: "spring"), None);
        var year = await store.QueryAsync(tenant, new EventQuery(TagName: "campaign", TagValue: "2026"), None);
        var anyCampaign = await store.QueryAsync(tenant, new EventQuery(TagName: "campaign"), None);
        var springToB = await store.QueryAsync(tenant, new EventQuery(TagName: "campaign", TagValue: "spring", Recipient: "b@example.com"), None);

        Assert.Equal(["m-spring"], spring.Items.Select(e => e.MessageId));
        Assert.Equal(["m-spring"], year.Items.Select(e => e.MessageId));
        Assert.Equal(["m-summer", "m-spring"], anyCampaign.Items.Select(e => e.MessageId));
        Assert.Empty(springToB.Items);
    }

    [Fact]
    public async Task Every_filter_together_narrows_to_the_matching_events()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var tags = Tags(("campaign", ["spring"]));
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0, "m-1", ["a@example.com"]) with { Tags = tags }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddHours(2), "m-1", ["a@example.com"], "evt-match") with { Tags = tags }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, T0.AddHours(2), "m-1", ["a@example.com"]) with { Tags = tags }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddHours(2), "m-1", ["b@example.com"]) with { Tags = tags }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddHours(2), "m-2", ["a@example.com"]) with { Tags = tags }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Delivery, T0.AddHours(2), "m-1", ["a@example.com"]) with { Tags = Tags(("campaign", ["autumn"])) }, None);

        var page = await store.QueryAsync(tenant, new EventQuery(
            From: T0.AddHours(1), To: T0.AddHours(3), Types: new HashSet<SesEventType> { SesEventType.Delivery },
            Recipient: "a@example.com", MessageId: "m-1", TagName: "campaign", TagValue: "spring"), None);

        Assert.Equal(["evt-match"], page.Items.Select(e => e.EventId));
    }

    [Fact]
    public async Task Paging_over_3000_events_returns_each_exactly_once_in_order_under_every_filter()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var other = NewTenantId();
        // Many events share a timestamp, so the order within a tie must hold across pages too.
        // Seeded once for every filter: 3,000 writes are most of this test's time on dynalite.
        var events = Enumerable.Range(0, 3000).Select(i => NewEvent(
            tenant, (SesEventType)(i % 3 * 2), T0.AddSeconds(i / 4), $"m-{i / 3}", [$"r{i % 2}@example.com"])).ToList();
        await AddAllAsync(store, events);
        await AddAllAsync(store, events.Take(50).Select(e => e with { TenantId = other }).ToList());
        var queries = new Dictionary<string, EventQuery>
        {
            ["none"] = new(),
            ["type"] = new(Types: new HashSet<SesEventType> { SesEventType.Bounce }),
            ["types"] = new(Types: new HashSet<SesEventType> { SesEventType.Send, SesEventType.Delivery }),
            ["recipient"] = new(Recipient: "r1@example.com"),
            ["tag"] = new(TagName: "campaign", TagValue: "spring"),
        };

        var failures = new List<string>();
        foreach (var (filter, query) in queries)
        {
            var expected = events
                .Where(e => query.Types is null || query.Types.Contains(e.Type))
                .Where(e => query.Recipient is null || e.Recipients.Contains(query.Recipient))
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.EventId, StringComparer.Ordinal)
                .Select(e => e.EventId).ToList();

            var listed = await ListAllAsync(store, tenant, query with { Limit = 97 });

            if (!listed.SequenceEqual(expected))
            {
                var at = expected.Zip(listed).TakeWhile(pair => pair.First == pair.Second).Count();
                failures.Add($"filter {filter}: expected {expected.Count} events, listed {listed.Count}, first difference at position {at}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Fact]
    public async Task A_listing_that_fills_its_last_page_exactly_has_no_next_cursor()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await AddAtAsync(store, tenant, Enumerable.Range(0, 10).Select(i => T0.AddSeconds(i)).ToArray());

        var first = await store.QueryAsync(tenant, new EventQuery(Limit: 5), None);
        var second = await store.QueryAsync(tenant, new EventQuery(Limit: 5, Cursor: first.NextCursor), None);

        Assert.NotNull(first.NextCursor);
        Assert.Equal(5, second.Items.Count);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task A_cursor_presented_by_another_tenant_is_refused()
    {
        var store = await CreateStoreAsync();
        var (a, b) = (NewTenantId(), NewTenantId());
        await AddAtAsync(store, a, T0, T0.AddSeconds(1), T0.AddSeconds(2));
        await AddAtAsync(store, b, T0, T0.AddSeconds(1), T0.AddSeconds(2));
        var cursor = (await store.QueryAsync(a, new EventQuery(Limit: 1), None)).NextCursor;
        Assert.NotNull(cursor);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(b, new EventQuery(Limit: 1, Cursor: cursor), None));
    }

    [Fact]
    public async Task A_cursor_used_with_other_filters_is_refused()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await AddAtAsync(store, tenant, T0, T0.AddSeconds(1), T0.AddSeconds(2));
        var cursor = (await store.QueryAsync(tenant, new EventQuery(Limit: 1), None)).NextCursor;

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.QueryAsync(tenant, new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Send }, Cursor: cursor), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(tenant, new EventQuery(From: T0, Cursor: cursor), None));
        Assert.Equal(2, (await store.QueryAsync(tenant, new EventQuery(Limit: 10, Cursor: cursor), None)).Items.Count);
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("%%%")]
    [InlineData("AAAA")]
    [InlineData("eyJhIjoxfQ")]
    public async Task A_cursor_the_store_did_not_issue_is_an_argument_error(string cursor)
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await AddAtAsync(store, tenant, T0);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(tenant, new EventQuery(Cursor: cursor), None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_limit_outside_1_to_1000_is_an_argument_error(int limit)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(NewTenantId(), new EventQuery(Limit: limit), None));
    }

    [Fact]
    public async Task No_method_reveals_another_tenants_events()
    {
        var store = await CreateStoreAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        var secret = NewEvent(theirs, SesEventType.Bounce, T0, "m-theirs", ["victim@example.com"]) with { Tags = Tags(("campaign", ["x"])) };
        await store.TryAddAsync(secret, None);
        await store.TryAddAsync(NewEvent(mine, SesEventType.Send, T0, "m-mine", ["me@example.com"]), None);

        Assert.Null(await store.GetAsync(mine, secret.EventId, None));
        Assert.Null(await store.GetMessageAsync(mine, "m-theirs", None));
        Assert.Empty(await store.GetMessageEventsAsync(mine, "m-theirs", 100, None));
        Assert.Empty((await store.QueryAsync(mine, new EventQuery(MessageId: "m-theirs"), None)).Items);
        Assert.Empty((await store.QueryAsync(mine, new EventQuery(Recipient: "victim@example.com"), None)).Items);
        Assert.Empty((await store.QueryAsync(mine, new EventQuery(TagName: "campaign", TagValue: "x"), None)).Items);
        Assert.Empty((await store.QueryAsync(mine, new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Bounce }), None)).Items);
        Assert.Equal(["m-mine"], (await store.QueryAsync(mine, new EventQuery(), None)).Items.Select(e => e.MessageId));
        var counts = await store.CountAsync(mine, T0.AddDays(-1), T0.AddDays(1), StatsBucket.Day, None);
        Assert.Equal(SesEventType.Send, Assert.Single(counts).Type);
        Assert.Empty(await store.CountAsync(NewTenantId(), T0.AddDays(-1), T0.AddDays(1), StatsBucket.Day, None));
    }

    [Fact]
    public async Task Counts_are_grouped_per_type_per_utc_hour_or_day_within_the_range()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var day = new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);
        (SesEventType Type, DateTimeOffset At)[] events =
        [
            (SesEventType.Send, day.AddHours(-1)),
            (SesEventType.Send, day),
            (SesEventType.Send, day.AddMinutes(59)),
            (SesEventType.Delivery, day.AddMinutes(59).AddSeconds(59)),
            (SesEventType.Send, day.AddHours(1)),
            (SesEventType.Bounce, day.AddHours(23).AddMinutes(59)),
            (SesEventType.Send, day.AddDays(1)),
            (SesEventType.Send, day.AddDays(1).AddHours(5)),
            (SesEventType.Send, day.AddDays(2)),
        ];
        foreach (var (type, at) in events)
        {
            await store.TryAddAsync(NewEvent(tenant, type, at, "m-" + Guid.NewGuid().ToString("N"), ["a@example.com"]), None);
        }

        var hours = await store.CountAsync(tenant, day, day.AddDays(2), StatsBucket.Hour, None);
        var days = await store.CountAsync(tenant, day, day.AddDays(2), StatsBucket.Day, None);
        // The bucket is UTC, whatever offset the range is given in.
        var daysFromOffset = await store.CountAsync(tenant, day.ToOffset(TimeSpan.FromHours(2)), day.AddDays(2).ToOffset(TimeSpan.FromHours(-5)), StatsBucket.Day, None);

        Assert.Equal(
            [
                new EventCount(day, SesEventType.Send, 2, 2),
                new EventCount(day, SesEventType.Delivery, 1, 1),
                new EventCount(day.AddHours(1), SesEventType.Send, 1, 1),
                new EventCount(day.AddHours(23), SesEventType.Bounce, 1, 1),
                new EventCount(day.AddDays(1), SesEventType.Send, 1, 1),
                new EventCount(day.AddDays(1).AddHours(5), SesEventType.Send, 1, 1),
            ],
            hours.OrderBy(c => c.BucketStart).ThenBy(c => c.Type));
        Assert.Equal(
            [
                new EventCount(day, SesEventType.Send, 3, 3),
                new EventCount(day, SesEventType.Bounce, 1, 1),
                new EventCount(day, SesEventType.Delivery, 1, 1),
                new EventCount(day.AddDays(1), SesEventType.Send, 2, 2),
            ],
            days.OrderBy(c => c.BucketStart).ThenBy(c => c.Type));
        Assert.Equal(days.OrderBy(c => c.BucketStart).ThenBy(c => c.Type), daysFromOffset.OrderBy(c => c.BucketStart).ThenBy(c => c.Type));
        Assert.All(hours, c => Assert.Equal(TimeSpan.Zero, c.BucketStart.Offset));
    }

    [Fact]
    public async Task Counts_sum_the_recipients_of_each_type_per_bucket()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var day = new DateTimeOffset(2026, 5, 6, 0, 0, 0, TimeSpan.Zero);
        var ten = Enumerable.Range(0, 10).Select(i => $"r{i}@example.com").ToArray();
        var events = new[]
        {
            NewEvent(tenant, SesEventType.Send, day.AddHours(1), "m-ten", ten),
            NewEvent(tenant, SesEventType.Send, day.AddHours(1).AddMinutes(1), "m-three", ten[..3]),
            NewEvent(tenant, SesEventType.Delivery, day.AddHours(1).AddMinutes(2), "m-ten", ten[..8]),
            NewEvent(tenant, SesEventType.Bounce, day.AddHours(1).AddMinutes(3), "m-ten", ten[8..]),
            NewEvent(tenant, SesEventType.Complaint, day.AddHours(2), "m-three", ten[..1]),
            NewEvent(tenant, SesEventType.Send, day.AddHours(2), "m-none", []),
        };
        foreach (var sesEvent in events)
        {
            await store.TryAddAsync(sesEvent, None);
        }

        // A redelivery adds nothing.
        await store.TryAddAsync(events[0], None);

        var hours = await store.CountAsync(tenant, day, day.AddDays(1), StatsBucket.Hour, None);
        var days = await store.CountAsync(tenant, day, day.AddDays(1), StatsBucket.Day, None);

        Assert.Equal(
            [
                new EventCount(day.AddHours(1), SesEventType.Send, 2, 13),
                new EventCount(day.AddHours(1), SesEventType.Bounce, 1, 2),
                new EventCount(day.AddHours(1), SesEventType.Delivery, 1, 8),
                new EventCount(day.AddHours(2), SesEventType.Send, 1, 0),
                new EventCount(day.AddHours(2), SesEventType.Complaint, 1, 1),
            ],
            hours.OrderBy(c => c.BucketStart).ThenBy(c => c.Type));
        Assert.Equal(
            [
                new EventCount(day, SesEventType.Send, 3, 13),
                new EventCount(day, SesEventType.Bounce, 1, 2),
                new EventCount(day, SesEventType.Complaint, 1, 1),
                new EventCount(day, SesEventType.Delivery, 1, 8),
            ],
            days.OrderBy(c => c.BucketStart).ThenBy(c => c.Type));
    }

    [Fact]
    public async Task Events_can_be_filtered_by_several_tags_at_once()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0, "m-welcome-1", ["a@example.com"]) with { Tags = TemplateTags("welcome", "1") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(1), "m-welcome-2", ["a@example.com"]) with { Tags = TemplateTags("welcome", "2") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, T0.AddSeconds(2), "m-welcome-2", ["a@example.com"]) with { Tags = TemplateTags("welcome", "2") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(3), "m-reset-2", ["a@example.com"]) with { Tags = TemplateTags("reset", "2") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(4), "m-plain", ["a@example.com"]), None);

        var welcome = await store.QueryAsync(tenant, new EventQuery(RequiredTags: [new("el_template", "welcome")]), None);
        var welcome2 = await store.QueryAsync(tenant, new EventQuery(RequiredTags: [new("el_template", "welcome"), new("el_template_version", "2")]), None);
        var version2Sends = await store.QueryAsync(tenant, new EventQuery(
            Types: new HashSet<SesEventType> { SesEventType.Send }, RequiredTags: [new("el_template_version", "2")]), None);
        var withTagFilter = await store.QueryAsync(tenant, new EventQuery(
            TagName: "el_template_version", TagValue: "2", RequiredTags: [new("el_template", "reset")]), None);
        var toB = await store.QueryAsync(tenant, new EventQuery(Recipient: "b@example.com", RequiredTags: [new("el_template", "welcome")]), None);
        var byMessage = await store.QueryAsync(tenant, new EventQuery(MessageId: "m-welcome-2", RequiredTags: [new("el_template_version", "1")]), None);

        Assert.Equal(["m-welcome-2", "m-welcome-2", "m-welcome-1"], welcome.Items.Select(e => e.MessageId));
        Assert.Equal([SesEventType.Open, SesEventType.Send], welcome2.Items.Select(e => e.Type));
        Assert.Equal(["m-reset-2", "m-welcome-2"], version2Sends.Items.Select(e => e.MessageId));
        Assert.Equal(["m-reset-2"], withTagFilter.Items.Select(e => e.MessageId));
        Assert.Empty(toB.Items);
        Assert.Empty(byMessage.Items);
    }

    [Fact]
    public async Task A_cursor_is_bound_to_the_required_tags()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        for (var i = 0; i < 3; i++)
        {
            await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, T0.AddSeconds(i), $"m-{i}", ["a@example.com"]) with { Tags = TemplateTags("welcome", "1") }, None);
        }

        var query = new EventQuery(Limit: 1, RequiredTags: [new("el_template", "welcome")]);
        var cursor = (await store.QueryAsync(tenant, query, None)).NextCursor;
        Assert.NotNull(cursor);

        Assert.Single((await store.QueryAsync(tenant, query with { Cursor = cursor }, None)).Items);
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.QueryAsync(tenant, query with { Cursor = cursor, RequiredTags = [new("el_template", "other")] }, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(tenant, new EventQuery(Limit: 1, Cursor: cursor), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(NewTenantId(), query with { Cursor = cursor }, None));
    }

    [Fact]
    public async Task A_required_tag_without_a_name_or_value_is_an_argument_error()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(tenant, new EventQuery(RequiredTags: [new("el_template", "")]), None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CountAsync(tenant, new EventCountQuery(T0, T0.AddDays(1), null, [new("", "x")]), None));
    }

    [Fact]
    public async Task Counts_can_be_limited_to_the_messages_carrying_given_tags()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var day = new DateTimeOffset(2026, 5, 8, 0, 0, 0, TimeSpan.Zero);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(1), "m-w1", ["a@example.com", "b@example.com"]) with { Tags = TemplateTags("welcome", "1") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Bounce, day.AddHours(1), "m-w1", ["b@example.com"]) with { Tags = TemplateTags("welcome", "1") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(2), "m-w2", ["c@example.com"]) with { Tags = TemplateTags("welcome", "2") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(2), "m-r1", ["d@example.com"]) with { Tags = TemplateTags("reset", "1") }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(2), "m-plain", ["e@example.com"]), None);
        // Another tenant's mail with the same tags counts for nobody here.
        await store.TryAddAsync(NewEvent(NewTenantId(), SesEventType.Send, day.AddHours(1), "m-w1", ["x@example.com"]) with { Tags = TemplateTags("welcome", "1") }, None);

        var welcome = await store.CountAsync(tenant, new EventCountQuery(day, day.AddDays(1), StatsBucket.Hour, [new("el_template", "welcome")]), None);
        var welcome1 = await store.CountAsync(tenant, new EventCountQuery(day, day.AddDays(1), null, [new("el_template", "welcome"), new("el_template_version", "1")]), None);
        var everything = await store.CountAsync(tenant, new EventCountQuery(day, day.AddDays(1), StatsBucket.Day), None);

        Assert.Equal(
            [
                new TaggedEventCount(day.AddHours(1), null, SesEventType.Send, 1, 2, 2),
                new TaggedEventCount(day.AddHours(1), null, SesEventType.Bounce, 1, 1, 1),
                new TaggedEventCount(day.AddHours(2), null, SesEventType.Send, 1, 1, 1),
            ],
            welcome);
        Assert.Equal(
            [
                new TaggedEventCount(day, null, SesEventType.Send, 1, 2, 2),
                new TaggedEventCount(day, null, SesEventType.Bounce, 1, 1, 1),
            ],
            welcome1);
        Assert.Equal(
            [
                new TaggedEventCount(day, null, SesEventType.Send, 4, 5, 5),
                new TaggedEventCount(day, null, SesEventType.Bounce, 1, 1, 1),
            ],
            everything);
    }

    [Fact]
    public async Task Counts_can_be_grouped_by_a_tag_counting_each_messages_recipients_once()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var day = new DateTimeOffset(2026, 5, 9, 0, 0, 0, TimeSpan.Zero);
        var spring = Tags(("el_broadcast", ["bc_spring"]));
        var summer = Tags(("el_broadcast", ["bc_summer"]));
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(1), "m-s1", ["a@example.com"]) with { Tags = spring }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(1), "m-s2", ["b@example.com"]) with { Tags = spring }, None);
        // Three opens of one message and one of another: four events, two recipients who opened.
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, day.AddHours(2), "m-s1", ["a@example.com"]) with { Tags = spring }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, day.AddHours(3), "m-s1", ["a@example.com"]) with { Tags = spring }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, day.AddHours(3), "m-s1", ["a@example.com"]) with { Tags = spring }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Open, day.AddHours(3), "m-s2", ["b@example.com"]) with { Tags = spring }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(1), "m-u1", ["c@example.com"]) with { Tags = summer }, None);
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Subscription, day.AddHours(4), "m-u1", ["c@example.com"]) with { Tags = summer }, None);
        // Mail of no broadcast is in no group.
        await store.TryAddAsync(NewEvent(tenant, SesEventType.Send, day.AddHours(1), "m-plain", ["d@example.com"]), None);
        await store.TryAddAsync(NewEvent(NewTenantId(), SesEventType.Send, day.AddHours(1), "m-s1", ["x@example.com"]) with { Tags = spring }, None);

        var range = await store.CountAsync(tenant, new EventCountQuery(day, day.AddDays(1), null, GroupByTag: "el_broadcast"), None);
        var hours = await store.CountAsync(tenant, new EventCountQuery(day, day.AddDays(1), StatsBucket.Hour, GroupByTag: "el_broadcast"), None);
        var springOnly = await store.CountAsync(tenant, new EventCountQuery(
            day, day.AddDays(1), null, [new("el_broadcast", "bc_spring")], GroupByTag: "el_broadcast"), None);

        Assert.Equal(
            [
                new TaggedEventCount(day, "bc_spring", SesEventType.Send, 2, 2, 2),
                new TaggedEventCount(day, "bc_spring", SesEventType.Open, 4, 4, 2),
                new TaggedEventCount(day, "bc_summer", SesEventType.Send, 1, 1, 1),
                new TaggedEventCount(day, "bc_summer", SesEventType.Subscription, 1, 1, 1),
            ],
            range);
        Assert.Equal(
            [
                new TaggedEventCount(day.AddHours(1), "bc_spring", SesEventType.Send, 2, 2, 2),
                new TaggedEventCount(day.AddHours(1), "bc_summer", SesEventType.Send, 1, 1, 1),
                new TaggedEventCount(day.AddHours(2), "bc_spring", SesEventType.Open, 1, 1, 1),
                // m-s1 was first opened in the hour before: only m-s2's recipient is new here.
                new TaggedEventCount(day.AddHours(3), "bc_spring", SesEventType.Open, 3, 3, 1),
                new TaggedEventCount(day.AddHours(4), "bc_summer", SesEventType.Subscription, 1, 1, 1),
            ],
            hours);
        Assert.Equal(range.Where(c => c.Group == "bc_spring"), springOnly);
    }

    [Fact]
    public async Task Purging_removes_expired_events_and_summaries_and_keeps_the_rest()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        // Other tests' events expire 30 days or more after T0, so only this test's events are due.
        var now = T0.AddDays(1);
        var expired = NewEvent(tenant, SesEventType.Send, T0, "m-old", ["a@example.com"]) with { ExpiresAt = now.AddSeconds(-1), Tags = Tags(("campaign", ["x"])) };
        var kept = NewEvent(tenant, SesEventType.Send, T0.AddSeconds(1), "m-new", ["a@example.com"]) with { ExpiresAt = now.AddDays(1), Tags = Tags(("campaign", ["x"])) };
        var keptSibling = NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(2), "m-mixed", ["a@example.com"]) with { ExpiresAt = now.AddDays(1) };
        var expiredSibling = NewEvent(tenant, SesEventType.Send, T0.AddSeconds(1), "m-mixed", ["a@example.com"]) with { ExpiresAt = now.AddDays(-1) };
        foreach (var sesEvent in new[] { expired, kept, keptSibling, expiredSibling })
        {
            await store.TryAddAsync(sesEvent, None);
        }

        var purged = await store.PurgeExpiredAsync(now, None);

        if (PurgeDeletes)
        {
            Assert.Equal(2, purged);
        }
        else
        {
            Assert.Equal(0, purged);
            await ExpireAsTheDatabaseWouldAsync(tenant, now);
        }

        Assert.Null(await store.GetAsync(tenant, expired.EventId, None));
        Assert.Null(await store.GetMessageAsync(tenant, "m-old", None));
        Assert.NotNull(await store.GetAsync(tenant, kept.EventId, None));
        Assert.NotNull(await store.GetMessageAsync(tenant, "m-new", None));
        Assert.NotNull(await store.GetMessageAsync(tenant, "m-mixed", None));
        Assert.Equal([keptSibling.EventId], (await store.GetMessageEventsAsync(tenant, "m-mixed", 10, None)).Select(e => e.EventId));
        Assert.Equal([keptSibling.EventId, kept.EventId], (await store.QueryAsync(tenant, new EventQuery(), None)).Items.Select(e => e.EventId));
        Assert.Equal([kept.EventId], (await store.QueryAsync(tenant, new EventQuery(TagName: "campaign", TagValue: "x"), None)).Items.Select(e => e.EventId));
        Assert.Equal(2, (await store.QueryAsync(tenant, new EventQuery(Recipient: "a@example.com"), None)).Items.Count);
        if (PurgeDeletes)
        {
            Assert.Equal(0, await store.PurgeExpiredAsync(now, None));
        }
    }

    [Fact]
    public async Task A_new_event_is_stored_with_its_webhook_deliveries_which_are_due_at_once()
    {
        var store = await CreateStoreAsync();
        var deliveries = await CreateDeliveryStoreAsync();
        var tenant = NewTenantId();
        var sesEvent = NewEvent(tenant, SesEventType.Delivery, T0, "m-hook", ["a@example.com"]);
        var outbox = new[] { NewDelivery(sesEvent, "wh_one"), NewDelivery(sesEvent, "wh_two") };

        Assert.True(await store.TryAddAsync(sesEvent, outbox, None));

        AssertSame(sesEvent, await store.GetAsync(tenant, sesEvent.EventId, None));
        foreach (var delivery in outbox)
        {
            Assert.Equal(delivery, await deliveries.GetAsync(tenant, delivery.Id, None));
            Assert.Equal(delivery.Id, Assert.Single((await deliveries.ListAsync(tenant, new WebhookDeliveryQuery(delivery.WebhookId), None)).Items).Id);
        }
    }

    [Fact]
    public async Task A_duplicate_event_writes_no_deliveries()
    {
        var store = await CreateStoreAsync();
        var deliveries = await CreateDeliveryStoreAsync();
        var tenant = NewTenantId();
        var sesEvent = NewEvent(tenant, SesEventType.Bounce, T0, "m-hook-dup", ["a@example.com"]);
        Assert.True(await store.TryAddAsync(sesEvent, [NewDelivery(sesEvent, "wh_first")], None));
        var late = NewDelivery(sesEvent, "wh_created_since");

        Assert.False(await store.TryAddAsync(sesEvent, [late], None));

        Assert.Null(await deliveries.GetAsync(tenant, late.Id, None));
        Assert.Empty((await deliveries.ListAsync(tenant, new WebhookDeliveryQuery("wh_created_since"), None)).Items);
    }

    [Fact]
    public async Task An_event_without_webhooks_is_stored_as_before()
    {
        var store = await CreateStoreAsync();
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Send, T0, "m-no-hook", ["a@example.com"]);

        Assert.True(await store.TryAddAsync(sesEvent, [], None));

        AssertSame(sesEvent, await store.GetAsync(sesEvent.TenantId, sesEvent.EventId, None));
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_stored_fails_the_call_and_leaves_neither_event_nor_delivery()
    {
        var store = await CreateStoreAsync();
        var deliveries = await CreateDeliveryStoreAsync();
        var tenant = NewTenantId();
        var sesEvent = NewEvent(tenant, SesEventType.Delivery, T0, "m-hook-fail", ["a@example.com"]);
        var broken = NewDelivery(sesEvent, "wh_broken") with { Payload = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => store.TryAddAsync(sesEvent, [broken], None));

        Assert.Null(await store.GetAsync(tenant, sesEvent.EventId, None));
        Assert.Empty((await store.QueryAsync(tenant, new EventQuery(), None)).Items);
        Assert.Null(await deliveries.GetAsync(tenant, broken.Id, None));

        // The sender's redelivery then stores both.
        var fixedDelivery = NewDelivery(sesEvent, "wh_broken");
        await store.TryAddAsync(sesEvent, [fixedDelivery], None);
        AssertSame(sesEvent, await store.GetAsync(tenant, sesEvent.EventId, None));
        Assert.Equal(fixedDelivery, await deliveries.GetAsync(tenant, fixedDelivery.Id, None));
    }

    [Fact]
    public async Task Deliveries_of_another_tenant_are_refused_before_anything_is_written()
    {
        var store = await CreateStoreAsync();
        var deliveries = await CreateDeliveryStoreAsync();
        var tenant = NewTenantId();
        var sesEvent = NewEvent(tenant, SesEventType.Delivery, T0, "m-hook-foreign", ["a@example.com"]);
        var foreign = NewDelivery(sesEvent, "wh_foreign") with { TenantId = NewTenantId() };

        await Assert.ThrowsAsync<ArgumentException>(() => store.TryAddAsync(sesEvent, [foreign], None));

        Assert.Null(await store.GetAsync(tenant, sesEvent.EventId, None));
        Assert.Null(await deliveries.GetAsync(foreign.TenantId, foreign.Id, None));
        Assert.True(await store.TryAddAsync(sesEvent, [], None));
    }

    protected static WebhookDelivery NewDelivery(SesEvent sesEvent, string webhookId) => new()
    {
        TenantId = sesEvent.TenantId,
        Id = RandomId.Derive("msg_", webhookId, sesEvent.EventId),
        WebhookId = webhookId,
        EventType = WebhookEventTypes.Of(sesEvent.Type),
        EventId = sesEvent.EventId,
        Payload = "{\"type\":\"" + WebhookEventTypes.Of(sesEvent.Type) + "\",\"data\":{}}",
        CreatedAt = sesEvent.ReceivedAt,
        NextAttemptAt = sesEvent.ReceivedAt,
        ExpiresAt = sesEvent.ReceivedAt.AddDays(30),
    };

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    protected static string NewEventId() => Guid.NewGuid().ToString();

    protected static SesEvent NewEvent(string tenantId, SesEventType type, DateTimeOffset occurredAt, string messageId, string[] recipients, string? eventId = null) => new()
    {
        TenantId = tenantId,
        EventId = eventId ?? NewEventId(),
        Type = type,
        OccurredAt = occurredAt,
        MessageId = messageId,
        Recipients = recipients,
        Tags = Tags(("el_tenant", [tenantId]), ("campaign", ["spring"])),
        RawJson = "{\"detail-type\":\"" + type + "\",\"detail\":{\"mail\":{\"messageId\":\"" + messageId + "\"}}}",
        ReceivedAt = occurredAt.AddSeconds(1),
        ExpiresAt = occurredAt.AddDays(90),
    };

    protected static IReadOnlyDictionary<string, IReadOnlyList<string>> TemplateTags(string template, string version) =>
        Tags(("el_template", [template]), ("el_template_version", [version]));

    protected static IReadOnlyDictionary<string, IReadOnlyList<string>> Tags(params (string Name, string[] Values)[] tags) =>
        tags.ToDictionary(tag => tag.Name, tag => (IReadOnlyList<string>)tag.Values, StringComparer.Ordinal);

    /// <summary>Records hold lists, which compare by reference; this compares their content.</summary>
    protected static void AssertSame(SesEvent expected, SesEvent? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Recipients, actual.Recipients);
        Assert.Equal(expected.Destination, actual.Destination);
        Assert.Equal(
            expected.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, string.Join('\n', t.Value))),
            actual.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, string.Join('\n', t.Value))));
        Assert.Equal(expected.OccurredAt.UtcTicks, actual.OccurredAt.UtcTicks);
        Assert.Equal(
            expected with { Recipients = NoRecipients, Destination = NoRecipients, Tags = NoTags },
            actual with { Recipients = NoRecipients, Destination = NoRecipients, Tags = NoTags });
    }

    protected static void AssertSame(MessageSummary? expected, MessageSummary? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Recipients, actual.Recipients);
        Assert.Equal(expected with { Recipients = NoRecipients }, actual with { Recipients = NoRecipients });
    }

    private static async Task<List<string>> AddAtAsync(IEventStore store, string tenantId, params DateTimeOffset[] times)
    {
        var ids = new List<string>();
        foreach (var at in times)
        {
            var sesEvent = NewEvent(tenantId, SesEventType.Send, at, "m-" + at.UtcTicks.ToString(CultureInfo.InvariantCulture), ["a@example.com"]);
            await store.TryAddAsync(sesEvent, None);
            ids.Add(sesEvent.EventId);
        }

        return ids;
    }

    private static async Task AddAllAsync(IEventStore store, IReadOnlyList<SesEvent> events)
    {
        // Several writers, as the ingester has.
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (sesEvent, token) =>
            Assert.True(await store.TryAddAsync(sesEvent, token)));
    }

    private static async Task<List<string>> ListAllAsync(IEventStore store, string tenantId, EventQuery query)
    {
        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(tenantId, query with { Cursor = cursor }, None);
            Assert.All(page.Items, e => Assert.Equal(tenantId, e.TenantId));
            Assert.True(page.Items.Count <= query.Limit);
            if (page.NextCursor is not null)
            {
                Assert.Equal(query.Limit, page.Items.Count);
            }

            listed.AddRange(page.Items.Select(e => e.EventId));
            cursor = page.NextCursor;
            Assert.True(++pages <= 1000, "The listing did not end.");
        }
        while (cursor is not null);

        return listed;
    }
}
