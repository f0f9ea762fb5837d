using EmailList.Core.Identifiers;
using EmailList.Core.Lists;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="IContactStore"/> must do (with its <see cref="IListStore"/> on the same storage); each test uses its own tenants.</summary>
public abstract class ContactStoreContract
{
    private static readonly DateTimeOffset Created = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Stores on shared storage; tests never assume it is empty (the stale clean-up serves every tenant).</summary>
    protected abstract Task<(IListStore Lists, IContactStore Contacts)> CreateStoresAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_new_address_is_stored_normalized_and_reads_back_by_id_and_by_any_spelling()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var candidate = NewContact(tenant, "  Ann@Example.COM ") with { Attributes = """{"name":"Ann"}""" };

        var stored = await contacts.GetOrAddAsync(candidate, None);

        var expected = candidate with { Email = "ann@example.com" };
        Assert.Equal(expected, stored);
        Assert.Equal(expected, await contacts.GetAsync(tenant, candidate.Id, None));
        Assert.Equal(expected, await contacts.FindByEmailAsync(tenant, "ANN@example.com", None));
        Assert.Null(await contacts.FindByEmailAsync(tenant, "bob@example.com", None));
        Assert.Null(await contacts.GetAsync(tenant, RandomId.New(ListIds.Contact), None));
    }

    [Fact]
    public async Task Adding_an_address_the_tenant_has_returns_the_existing_contact_unchanged()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var first = await contacts.GetOrAddAsync(NewContact(tenant, "a@example.com") with { Attributes = """{"n":1}""" }, None);

        var again = await contacts.GetOrAddAsync(NewContact(tenant, "A@EXAMPLE.com") with { Attributes = """{"n":2}""" }, None);

        Assert.Equal(first, again);
        Assert.Equal("""{"n":1}""", (await contacts.GetAsync(tenant, first.Id, None))!.Attributes);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_address_end_with_one_contact()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => contacts.GetOrAddAsync(NewContact(tenant, i % 2 == 0 ? "race@example.com" : "RACE@example.com"), None))));

        var winner = Assert.Single(results.Select(c => c.Id).Distinct());
        Assert.Equal(winner, (await contacts.FindByEmailAsync(tenant, "race@example.com", None))!.Id);
        var page = await contacts.QueryAsync(tenant, new ContactQuery(), None);
        Assert.Equal(winner, Assert.Single(page.Items).Contact.Id);
    }

    [Fact]
    public async Task Updating_attributes_replaces_them_and_keeps_the_rest()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "a@example.com"), None);

        var updated = await contacts.UpdateAttributesAsync(tenant, contact.Id, """{"plan":"pro"}""", Created.AddHours(2), None);

        var expected = contact with { Attributes = """{"plan":"pro"}""", UpdatedAt = Created.AddHours(2) };
        Assert.Equal(expected, updated);
        Assert.Equal(expected, await contacts.GetAsync(tenant, contact.Id, None));
        Assert.Null(await contacts.UpdateAttributesAsync(tenant, RandomId.New(ListIds.Contact), "{}", Created, None));
    }

    [Fact]
    public async Task A_subscription_is_written_as_given_and_replaced_by_the_next_write()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "a@example.com"), None);
        var listId = RandomId.New(ListIds.List);
        var pending = NewSubscription(contact, listId, SubscriptionStatus.Pending) with
        {
            Consent = new ConsentRecord(Created.AddTicks(7), ConsentRoute.Form, "203.0.113.9", "Mozilla/5.0"),
            ConfirmationNonce = "n1",
            ConfirmationSentAt = Created.AddMinutes(1),
        };

        await contacts.PutSubscriptionAsync(pending, None);
        Assert.Equal(pending, await contacts.GetSubscriptionAsync(tenant, listId, contact.Id, None));

        var imported = pending with
        {
            Status = SubscriptionStatus.Subscribed,
            Consent = new ConsentRecord(Created, ConsentRoute.Import, Statement: "Signed up at our shop"),
            ConfirmationNonce = null,
            ConfirmationSentAt = null,
            ConfirmedAt = Created.AddHours(1),
            UpdatedAt = Created.AddHours(1),
        };
        await contacts.PutSubscriptionAsync(imported, None);
        Assert.Equal(imported, await contacts.GetSubscriptionAsync(tenant, listId, contact.Id, None));
        Assert.Null(await contacts.GetSubscriptionAsync(tenant, RandomId.New(ListIds.List), contact.Id, None));
    }

    [Fact]
    public async Task A_subscription_for_a_contact_the_tenant_does_not_have_is_refused()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        var theirContact = await contacts.GetOrAddAsync(NewContact(theirs, "a@example.com"), None);
        var listId = RandomId.New(ListIds.List);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            contacts.PutSubscriptionAsync(NewSubscription(theirContact, listId, SubscriptionStatus.Subscribed) with { TenantId = mine }, None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            contacts.PutSubscriptionAsync(NewSubscription(NewContact(mine, "b@example.com"), listId, SubscriptionStatus.Subscribed), None));

        Assert.Null(await contacts.GetSubscriptionAsync(mine, listId, theirContact.Id, None));
        Assert.Empty(await contacts.ListSubscribersAsync(mine, listId, null, 10, None));
    }

    [Fact]
    public async Task Confirming_a_pending_subscription_with_its_latest_nonce_subscribes_it_once()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (contact, listId) = await PendingAsync(contacts, "n2");
        var now = Created.AddHours(3);

        Assert.Equal(ConfirmOutcome.NotFound, await contacts.ConfirmAsync(contact.TenantId, listId, contact.Id, "n1", now, None));
        Assert.Equal(SubscriptionStatus.Pending, (await contacts.GetSubscriptionAsync(contact.TenantId, listId, contact.Id, None))!.Status);

        Assert.Equal(ConfirmOutcome.Confirmed, await contacts.ConfirmAsync(contact.TenantId, listId, contact.Id, "n2", now, None));
        var confirmed = await contacts.GetSubscriptionAsync(contact.TenantId, listId, contact.Id, None);
        Assert.Equal((SubscriptionStatus.Subscribed, now, now), (confirmed!.Status, confirmed.ConfirmedAt, confirmed.UpdatedAt));

        Assert.Equal(ConfirmOutcome.AlreadyConfirmed, await contacts.ConfirmAsync(contact.TenantId, listId, contact.Id, "n2", now.AddMinutes(1), None));
        Assert.Equal(now, (await contacts.GetSubscriptionAsync(contact.TenantId, listId, contact.Id, None))!.ConfirmedAt);
    }

    [Fact]
    public async Task Confirming_after_an_unsubscribe_does_not_subscribe_again()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (contact, listId) = await PendingAsync(contacts, "n1");
        await contacts.UnsubscribeAsync(contact.TenantId, listId, contact.Id, "page", Created.AddHours(1), None);

        Assert.Equal(ConfirmOutcome.Unsubscribed, await contacts.ConfirmAsync(contact.TenantId, listId, contact.Id, "n1", Created.AddHours(2), None));
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await contacts.GetSubscriptionAsync(contact.TenantId, listId, contact.Id, None))!.Status);
    }

    [Fact]
    public async Task Confirming_a_subscription_that_does_not_exist_is_not_found()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (contact, listId) = await PendingAsync(contacts, "n1");

        Assert.Equal(ConfirmOutcome.NotFound, await contacts.ConfirmAsync(contact.TenantId, RandomId.New(ListIds.List), contact.Id, "n1", Created, None));
        Assert.True(await contacts.DeleteSubscriptionAsync(contact.TenantId, listId, contact.Id, None));
        Assert.Equal(ConfirmOutcome.NotFound, await contacts.ConfirmAsync(contact.TenantId, listId, contact.Id, "n1", Created, None));
    }

    [Fact]
    public async Task Concurrent_confirms_of_one_link_confirm_exactly_once()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (contact, listId) = await PendingAsync(contacts, "n1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => contacts.ConfirmAsync(contact.TenantId, listId, contact.Id, "n1", Created.AddMinutes(i), None))));

        Assert.Single(outcomes, o => o == ConfirmOutcome.Confirmed);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { ConfirmOutcome.Confirmed, ConfirmOutcome.AlreadyConfirmed }));
    }

    [Fact]
    public async Task Unsubscribing_records_the_reason_once_and_is_idempotent()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "a@example.com"), None);
        var listId = RandomId.New(ListIds.List);
        await contacts.PutSubscriptionAsync(NewSubscription(contact, listId, SubscriptionStatus.Subscribed), None);

        var first = await contacts.UnsubscribeAsync(tenant, listId, contact.Id, "one-click", Created.AddHours(1), None);
        var second = await contacts.UnsubscribeAsync(tenant, listId, contact.Id, "complaint", Created.AddHours(2), None);

        Assert.Equal((SubscriptionStatus.Unsubscribed, "one-click", Created.AddHours(1)), (first!.Status, first.UnsubscribeReason, first.UnsubscribedAt));
        Assert.Equal(first, second);
        Assert.Equal(first, await contacts.GetSubscriptionAsync(tenant, listId, contact.Id, None));
        Assert.Null(await contacts.UnsubscribeAsync(tenant, RandomId.New(ListIds.List), contact.Id, "api", Created, None));
    }

    [Fact]
    public async Task A_pending_subscription_can_be_unsubscribed()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (contact, listId) = await PendingAsync(contacts, "n1");

        var unsubscribed = await contacts.UnsubscribeAsync(contact.TenantId, listId, contact.Id, "api", Created.AddHours(1), None);

        Assert.Equal(SubscriptionStatus.Unsubscribed, unsubscribed!.Status);
    }

    [Fact]
    public async Task Deleting_a_subscription_says_whether_there_was_one()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (contact, listId) = await PendingAsync(contacts, "n1");

        Assert.True(await contacts.DeleteSubscriptionAsync(contact.TenantId, listId, contact.Id, None));
        Assert.False(await contacts.DeleteSubscriptionAsync(contact.TenantId, listId, contact.Id, None));
        Assert.Null(await contacts.GetSubscriptionAsync(contact.TenantId, listId, contact.Id, None));
        Assert.NotNull(await contacts.GetAsync(contact.TenantId, contact.Id, None));
    }

    [Fact]
    public async Task Erasing_deletes_the_contact_and_its_subscriptions_and_remembers_only_that_the_address_was_erased()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "gone@bücher.example"), None);
        var listId = RandomId.New(ListIds.List);
        await contacts.PutSubscriptionAsync(NewSubscription(contact, listId, SubscriptionStatus.Subscribed), None);
        Assert.False(await contacts.IsErasedAsync(tenant, contact.Email, None));

        Assert.True(await contacts.EraseAsync(tenant, contact.Id, Created.AddDays(1), None));

        Assert.Null(await contacts.GetAsync(tenant, contact.Id, None));
        Assert.Null(await contacts.FindByEmailAsync(tenant, "gone@bücher.example", None));
        Assert.Null(await contacts.GetSubscriptionAsync(tenant, listId, contact.Id, None));
        Assert.Empty(await contacts.ListSubscribersAsync(tenant, listId, null, 10, None));
        Assert.Empty((await contacts.QueryAsync(tenant, new ContactQuery(), None)).Items);
        Assert.True(await contacts.IsErasedAsync(tenant, "GONE@bücher.example", None));
        Assert.True(await contacts.IsErasedAsync(tenant, " gone@xn--bcher-kva.example ", None));
        Assert.False(await contacts.IsErasedAsync(NewTenantId(), "gone@bücher.example", None));
        Assert.False(await contacts.EraseAsync(tenant, contact.Id, Created.AddDays(2), None));
    }

    [Fact]
    public async Task A_cleared_erasure_is_forgotten_and_the_address_can_be_added_again()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "back@example.com"), None);
        await contacts.EraseAsync(tenant, contact.Id, Created, None);

        await contacts.ClearErasureAsync(tenant, "Back@Example.com", None);
        await contacts.ClearErasureAsync(tenant, "back@example.com", None);

        Assert.False(await contacts.IsErasedAsync(tenant, "back@example.com", None));
        var again = await contacts.GetOrAddAsync(NewContact(tenant, "back@example.com"), None);
        Assert.NotEqual(contact.Id, again.Id);
        Assert.Equal(again, await contacts.FindByEmailAsync(tenant, "back@example.com", None));
    }

    [Fact]
    public async Task One_tenant_never_sees_or_changes_another_tenants_contacts_or_subscriptions()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        var contact = await contacts.GetOrAddAsync(NewContact(theirs, "shared@example.com"), None);
        var listId = RandomId.New(ListIds.List);
        await contacts.PutSubscriptionAsync(NewSubscription(contact, listId, SubscriptionStatus.Pending) with { ConfirmationNonce = "n1" }, None);

        Assert.Null(await contacts.GetAsync(mine, contact.Id, None));
        Assert.Null(await contacts.FindByEmailAsync(mine, "shared@example.com", None));
        Assert.Null(await contacts.UpdateAttributesAsync(mine, contact.Id, """{"x":1}""", Created, None));
        Assert.Null(await contacts.GetSubscriptionAsync(mine, listId, contact.Id, None));
        Assert.Equal(ConfirmOutcome.NotFound, await contacts.ConfirmAsync(mine, listId, contact.Id, "n1", Created, None));
        Assert.Null(await contacts.UnsubscribeAsync(mine, listId, contact.Id, "api", Created, None));
        Assert.False(await contacts.DeleteSubscriptionAsync(mine, listId, contact.Id, None));
        Assert.False(await contacts.EraseAsync(mine, contact.Id, Created, None));
        Assert.Empty((await contacts.QueryAsync(mine, new ContactQuery(), None)).Items);
        Assert.Empty((await contacts.QueryAsync(mine, new ContactQuery(ListId: listId), None)).Items);
        Assert.Empty(await contacts.ListSubscribersAsync(mine, listId, null, 10, None));

        var mineToo = await contacts.GetOrAddAsync(NewContact(mine, "shared@example.com"), None);
        Assert.NotEqual(contact.Id, mineToo.Id);
        Assert.Equal(contact, await contacts.GetAsync(theirs, contact.Id, None));
        var theirSubscription = await contacts.GetSubscriptionAsync(theirs, listId, contact.Id, None);
        Assert.Equal((SubscriptionStatus.Pending, null), (theirSubscription!.Status, theirSubscription.ConfirmedAt));
        Assert.False(await contacts.IsErasedAsync(theirs, "shared@example.com", None));
    }

    [Fact]
    public async Task Querying_without_filters_pages_through_every_contact_with_all_its_subscriptions()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var (a, b) = (RandomId.New(ListIds.List), RandomId.New(ListIds.List));
        var added = new List<Contact>();
        for (var i = 0; i < 7; i++)
        {
            var contact = await contacts.GetOrAddAsync(NewContact(tenant, $"c{i}@example.com"), None);
            added.Add(contact);
            await contacts.PutSubscriptionAsync(NewSubscription(contact, a, SubscriptionStatus.Subscribed), None);
            if (i % 2 == 0)
            {
                await contacts.PutSubscriptionAsync(NewSubscription(contact, b, SubscriptionStatus.Pending), None);
            }
        }

        var seen = await ReadAllAsync(contacts, tenant, new ContactQuery(Limit: 3));

        Assert.Equal(added.Select(c => c.Id).Order(StringComparer.Ordinal), seen.Select(v => v.Contact.Id));
        foreach (var view in seen)
        {
            var i = added.FindIndex(c => c.Id == view.Contact.Id);
            var expected = i % 2 == 0 ? new[] { a, b } : [a];
            Assert.Equal(expected.Order(StringComparer.Ordinal), view.Subscriptions.Select(s => s.ListId).Order(StringComparer.Ordinal));
            Assert.Equal(i % 2 == 0 ? 2 : 1, view.Subscriptions.Count);
        }
    }

    [Fact]
    public async Task Querying_by_list_and_status_returns_only_those_contacts_in_pages()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var (list, other) = (RandomId.New(ListIds.List), RandomId.New(ListIds.List));
        var statuses = new Dictionary<string, SubscriptionStatus>();
        for (var i = 0; i < 9; i++)
        {
            var contact = await contacts.GetOrAddAsync(NewContact(tenant, $"m{i}@example.com"), None);
            var status = (SubscriptionStatus)(i % 3);
            statuses[contact.Id] = status;
            await contacts.PutSubscriptionAsync(NewSubscription(contact, list, status), None);
            await contacts.PutSubscriptionAsync(NewSubscription(contact, other, SubscriptionStatus.Subscribed), None);
        }

        await contacts.GetOrAddAsync(NewContact(tenant, "nolist@example.com"), None);

        var onList = await ReadAllAsync(contacts, tenant, new ContactQuery(ListId: list, Limit: 2));
        Assert.Equal(statuses.Keys.Order(StringComparer.Ordinal), onList.Select(v => v.Contact.Id).Order(StringComparer.Ordinal));
        Assert.Equal(9, onList.Select(v => v.Contact.Id).Distinct().Count());
        Assert.All(onList, v => Assert.Equal(2, v.Subscriptions.Count));

        var subscribed = await ReadAllAsync(contacts, tenant, new ContactQuery(ListId: list, Status: SubscriptionStatus.Subscribed, Limit: 2));
        Assert.Equal(
            statuses.Where(p => p.Value == SubscriptionStatus.Subscribed).Select(p => p.Key).Order(StringComparer.Ordinal),
            subscribed.Select(v => v.Contact.Id));

        Assert.Empty((await contacts.QueryAsync(tenant, new ContactQuery(ListId: RandomId.New(ListIds.List)), None)).Items);
    }

    [Fact]
    public async Task Querying_by_text_matches_a_case_insensitive_substring_of_the_address()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var list = RandomId.New(ListIds.List);
        var ann = await contacts.GetOrAddAsync(NewContact(tenant, "ann.smith@example.com"), None);
        var bob = await contacts.GetOrAddAsync(NewContact(tenant, "bob@smithery.org"), None);
        var eve = await contacts.GetOrAddAsync(NewContact(tenant, "eve@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(ann, list, SubscriptionStatus.Subscribed), None);
        await contacts.PutSubscriptionAsync(NewSubscription(eve, list, SubscriptionStatus.Subscribed), None);

        var smith = await ReadAllAsync(contacts, tenant, new ContactQuery(Text: "SMITH", Limit: 1));
        Assert.Equal(new[] { ann.Id, bob.Id }.Order(StringComparer.Ordinal), smith.Select(v => v.Contact.Id));

        var smithOnList = await ReadAllAsync(contacts, tenant, new ContactQuery(ListId: list, Text: "Smith"));
        Assert.Equal(ann.Id, Assert.Single(smithOnList).Contact.Id);

        Assert.Empty((await contacts.QueryAsync(tenant, new ContactQuery(Text: "nobody"), None)).Items);
    }

    [Fact]
    public async Task A_contact_cursor_is_bound_to_the_tenant_and_the_filters()
    {
        var (_, contacts) = await CreateStoresAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        var list = RandomId.New(ListIds.List);
        for (var i = 0; i < 3; i++)
        {
            var contact = await contacts.GetOrAddAsync(NewContact(theirs, $"x{i}@example.com"), None);
            await contacts.PutSubscriptionAsync(NewSubscription(contact, list, SubscriptionStatus.Subscribed), None);
        }

        var cursor = (await contacts.QueryAsync(theirs, new ContactQuery(Limit: 1), None)).NextCursor;
        var listCursor = (await contacts.QueryAsync(theirs, new ContactQuery(ListId: list, Limit: 1), None)).NextCursor;
        Assert.NotNull(cursor);
        Assert.NotNull(listCursor);

        Assert.NotEmpty((await contacts.QueryAsync(theirs, new ContactQuery(Limit: 1, Cursor: cursor), None)).Items);
        await Assert.ThrowsAsync<ArgumentException>(() => contacts.QueryAsync(mine, new ContactQuery(Limit: 1, Cursor: cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => contacts.QueryAsync(theirs, new ContactQuery(Text: "x", Limit: 1, Cursor: cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => contacts.QueryAsync(theirs, new ContactQuery(ListId: list, Limit: 1, Cursor: cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => contacts.QueryAsync(theirs, new ContactQuery(Limit: 1, Cursor: listCursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            contacts.QueryAsync(theirs, new ContactQuery(ListId: list, Status: SubscriptionStatus.Pending, Limit: 1, Cursor: listCursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => contacts.QueryAsync(theirs, new ContactQuery(Cursor: "not-a-cursor!"), None));
        await Assert.ThrowsAsync<ArgumentException>(() => contacts.QueryAsync(theirs, new ContactQuery(Status: SubscriptionStatus.Subscribed), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => contacts.QueryAsync(theirs, new ContactQuery(Limit: ContactRange.MaxPageSize + 1), None));
    }

    [Fact]
    public async Task A_lists_subscribers_come_in_contact_id_order_only_subscribed_and_resume_after_an_id()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var list = RandomId.New(ListIds.List);
        var subscribed = new List<Contact>();
        for (var i = 0; i < 9; i++)
        {
            var contact = await contacts.GetOrAddAsync(NewContact(tenant, $"s{i}@example.com") with { Attributes = $$"""{"i":{{i}}}""" }, None);
            var status = (SubscriptionStatus)(i % 3);
            await contacts.PutSubscriptionAsync(NewSubscription(contact, list, status), None);
            if (status == SubscriptionStatus.Subscribed)
            {
                subscribed.Add(contact);
            }
        }

        var expected = subscribed.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var first = await contacts.ListSubscribersAsync(tenant, list, null, 2, None);
        var rest = await contacts.ListSubscribersAsync(tenant, list, first[^1].Contact.Id, 10, None);

        Assert.Equal(expected.Take(2), first.Select(s => s.Contact));
        Assert.Equal(expected.Skip(2), rest.Select(s => s.Contact));
        Assert.All(first.Concat(rest), s => Assert.Equal((SubscriptionStatus.Subscribed, list, s.Contact.Id), (s.Subscription.Status, s.Subscription.ListId, s.Subscription.ContactId)));
        Assert.Empty(await contacts.ListSubscribersAsync(tenant, list, expected[^1].Id, 10, None));
    }

    [Fact]
    public async Task Stale_pending_sign_ups_are_deleted_across_tenants_with_contacts_left_without_subscriptions()
    {
        var (_, contacts) = await CreateStoresAsync();
        // Far in the past, so no other test's pending subscriptions are older than this cutoff.
        var old = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(1_000_000));
        var cutoff = old.AddHours(1);
        var (t1, t2) = (NewTenantId(), NewTenantId());
        var list = RandomId.New(ListIds.List);

        var lonely = await contacts.GetOrAddAsync(NewContact(t1, "lonely@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(lonely, list, SubscriptionStatus.Pending) with { CreatedAt = old }, None);
        var other = await contacts.GetOrAddAsync(NewContact(t2, "other@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(other, list, SubscriptionStatus.Pending) with { CreatedAt = old.AddMinutes(1) }, None);
        var keeps = await contacts.GetOrAddAsync(NewContact(t2, "keeps@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(keeps, list, SubscriptionStatus.Pending) with { CreatedAt = old.AddMinutes(2) }, None);
        var otherList = RandomId.New(ListIds.List);
        await contacts.PutSubscriptionAsync(NewSubscription(keeps, otherList, SubscriptionStatus.Subscribed) with { CreatedAt = old }, None);
        var fresh = await contacts.GetOrAddAsync(NewContact(t1, "fresh@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(fresh, list, SubscriptionStatus.Pending) with { CreatedAt = cutoff }, None);
        var oldConfirmed = await contacts.GetOrAddAsync(NewContact(t1, "confirmed@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(oldConfirmed, list, SubscriptionStatus.Subscribed) with { CreatedAt = old }, None);
        var oldUnsubscribed = await contacts.GetOrAddAsync(NewContact(t1, "left@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(oldUnsubscribed, list, SubscriptionStatus.Unsubscribed) with { CreatedAt = old }, None);

        Assert.Equal(2, await contacts.DeleteStalePendingAsync(cutoff, 2, None));
        Assert.Equal(1, await contacts.DeleteStalePendingAsync(cutoff, 10, None));
        Assert.Equal(0, await contacts.DeleteStalePendingAsync(cutoff, 10, None));

        Assert.Null(await contacts.GetAsync(t1, lonely.Id, None));
        Assert.Null(await contacts.FindByEmailAsync(t1, "lonely@example.com", None));
        Assert.Null(await contacts.GetAsync(t2, other.Id, None));
        Assert.NotNull(await contacts.GetAsync(t2, keeps.Id, None));
        Assert.Null(await contacts.GetSubscriptionAsync(t2, list, keeps.Id, None));
        Assert.NotNull(await contacts.GetSubscriptionAsync(t2, otherList, keeps.Id, None));
        Assert.NotNull(await contacts.GetSubscriptionAsync(t1, list, fresh.Id, None));
        Assert.NotNull(await contacts.GetSubscriptionAsync(t1, list, oldConfirmed.Id, None));
        Assert.NotNull(await contacts.GetSubscriptionAsync(t1, list, oldUnsubscribed.Id, None));
        Assert.False(await contacts.IsErasedAsync(t1, "lonely@example.com", None));
    }

    [Fact]
    public async Task A_stale_sign_up_of_someone_who_had_unsubscribed_returns_to_unsubscribed_with_the_earlier_record()
    {
        var (_, contacts) = await CreateStoresAsync();
        var old = new DateTimeOffset(1985, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(1_000_000));
        var tenant = NewTenantId();
        var list = RandomId.New(ListIds.List);
        var left = await contacts.GetOrAddAsync(NewContact(tenant, "came-back@example.com"), None);
        var unsubscribedAt = old.AddDays(-30);
        // Unsubscribed a month ago by one-click, then signed up again through the form and never confirmed.
        var pending = NewSubscription(left, list, SubscriptionStatus.Pending) with
        {
            Consent = new ConsentRecord(old, ConsentRoute.Form, "203.0.113.7"),
            ConfirmationNonce = "n1",
            ConfirmationSentAt = old,
            UnsubscribedAt = unsubscribedAt,
            UnsubscribeReason = "one-click",
            CreatedAt = old,
            UpdatedAt = old,
        };
        await contacts.PutSubscriptionAsync(pending, None);
        var neverSubscribed = await contacts.GetOrAddAsync(NewContact(tenant, "never-confirmed@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(neverSubscribed, list, SubscriptionStatus.Pending) with { CreatedAt = old }, None);

        Assert.Equal(2, await contacts.DeleteStalePendingAsync(old.AddHours(1), 10, None));

        var kept = await contacts.GetSubscriptionAsync(tenant, list, left.Id, None);
        Assert.NotNull(kept);
        Assert.Equal(SubscriptionStatus.Unsubscribed, kept.Status);
        Assert.Equal(unsubscribedAt, kept.UnsubscribedAt);
        Assert.Equal("one-click", kept.UnsubscribeReason);
        Assert.Null(kept.ConfirmationNonce);
        Assert.NotNull(await contacts.GetAsync(tenant, left.Id, None));
        Assert.Equal(ConfirmOutcome.Unsubscribed, await contacts.ConfirmAsync(tenant, list, left.Id, "n1", old.AddHours(2), None));
        Assert.Empty(await contacts.ListSubscribersAsync(tenant, list, null, 10, None));
        Assert.Null(await contacts.GetSubscriptionAsync(tenant, list, neverSubscribed.Id, None));
        Assert.Null(await contacts.GetAsync(tenant, neverSubscribed.Id, None));
        Assert.Equal(0, await contacts.DeleteStalePendingAsync(old.AddHours(1), 10, None));
    }

    [Fact]
    public async Task Confirming_a_sign_up_after_an_unsubscribe_clears_the_earlier_unsubscribe()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var list = RandomId.New(ListIds.List);
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "back-again@example.com"), None);
        await contacts.PutSubscriptionAsync(NewSubscription(contact, list, SubscriptionStatus.Pending) with
        {
            ConfirmationNonce = "n",
            UnsubscribedAt = Created.AddDays(-3),
            UnsubscribeReason = "page",
        }, None);

        Assert.Equal(ConfirmOutcome.Confirmed, await contacts.ConfirmAsync(tenant, list, contact.Id, "n", Created.AddMinutes(5), None));

        var confirmed = await contacts.GetSubscriptionAsync(tenant, list, contact.Id, None);
        Assert.Equal((SubscriptionStatus.Subscribed, Created.AddMinutes(5), (DateTimeOffset?)null, (string?)null),
            (confirmed!.Status, confirmed.ConfirmedAt, confirmed.UnsubscribedAt, confirmed.UnsubscribeReason));
    }

    [Fact]
    public async Task A_confirmed_sign_up_is_no_longer_stale()
    {
        var (_, contacts) = await CreateStoresAsync();
        var old = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(1_000_000));
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "quick@example.com"), None);
        var list = RandomId.New(ListIds.List);
        await contacts.PutSubscriptionAsync(NewSubscription(contact, list, SubscriptionStatus.Pending) with { CreatedAt = old, ConfirmationNonce = "n" }, None);
        await contacts.ConfirmAsync(tenant, list, contact.Id, "n", old.AddMinutes(5), None);

        await contacts.DeleteStalePendingAsync(old.AddHours(1), 10, None);

        Assert.Equal(SubscriptionStatus.Subscribed, (await contacts.GetSubscriptionAsync(tenant, list, contact.Id, None))!.Status);
    }

    public static Contact NewContact(string tenantId, string email) => new()
    {
        TenantId = tenantId,
        Id = RandomId.New(ListIds.Contact),
        Email = email,
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    public static Subscription NewSubscription(Contact contact, string listId, SubscriptionStatus status) => new()
    {
        TenantId = contact.TenantId,
        ListId = listId,
        ContactId = contact.Id,
        Email = contact.Email,
        Status = status,
        Consent = new ConsentRecord(Created, ConsentRoute.Api, Statement: "test"),
        ConfirmedAt = status == SubscriptionStatus.Subscribed ? Created : null,
        UnsubscribedAt = status == SubscriptionStatus.Unsubscribed ? Created : null,
        UnsubscribeReason = status == SubscriptionStatus.Unsubscribed ? "api" : null,
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    [Fact]
    public async Task A_contacts_subscriptions_are_read_together_and_never_another_contacts_or_tenants()
    {
        var (_, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var contact = await contacts.GetOrAddAsync(NewContact(tenant, "many@example.com"), None);
        var neighbour = await contacts.GetOrAddAsync(NewContact(tenant, "many2@example.com"), None);
        var lists = new[] { RandomId.New(ListIds.List), RandomId.New(ListIds.List), RandomId.New(ListIds.List) };
        foreach (var (listId, status) in lists.Zip([SubscriptionStatus.Pending, SubscriptionStatus.Subscribed, SubscriptionStatus.Unsubscribed]))
        {
            await contacts.PutSubscriptionAsync(NewSubscription(contact, listId, status), None);
        }

        await contacts.PutSubscriptionAsync(NewSubscription(neighbour, lists[0], SubscriptionStatus.Subscribed), None);

        var read = await contacts.GetSubscriptionsAsync(tenant, contact.Id, None);

        Assert.Equal(lists.Order(StringComparer.Ordinal), read.Select(s => s.ListId));
        Assert.All(read, s => Assert.Equal(contact.Id, s.ContactId));
        Assert.Empty(await contacts.GetSubscriptionsAsync(NewTenantId(), contact.Id, None));
        Assert.Empty(await contacts.GetSubscriptionsAsync(tenant, RandomId.New(ListIds.Contact), None));
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    private static async Task<(Contact Contact, string ListId)> PendingAsync(IContactStore contacts, string nonce)
    {
        var contact = await contacts.GetOrAddAsync(NewContact(NewTenantId(), "p@example.com"), None);
        var listId = RandomId.New(ListIds.List);
        await contacts.PutSubscriptionAsync(NewSubscription(contact, listId, SubscriptionStatus.Pending) with { ConfirmationNonce = nonce }, None);
        return (contact, listId);
    }

    private static async Task<List<ContactView>> ReadAllAsync(IContactStore contacts, string tenant, ContactQuery query)
    {
        var seen = new List<ContactView>();
        string? cursor = null;
        do
        {
            var page = await contacts.QueryAsync(tenant, query with { Cursor = cursor }, None);
            Assert.True(page.Items.Count <= query.Limit);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Select(v => v.Contact.Id).Distinct().Count());
        return seen;
    }
}
