using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Templates;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Templates in <c>&lt;prefix&gt;templates</c>, partition = tenant id. Sort key <c>T#&lt;name&gt;</c> is the template's head,
/// the latest version in full; <c>V#&lt;name&gt;#&lt;version, 10 digits&gt;</c> keeps each version. The head is written first,
/// conditionally on the version it replaces, so concurrent updates get distinct versions without transactions; a version
/// item not yet written is served from the head.
/// </summary>
public sealed class DynamoDbTemplateStore(IAmazonDynamoDB dynamo, DynamoDbTables tables) : ITemplateStore
{
    internal const string Pk = "pk";
    internal const string Sk = "sk";
    private const string Name = "name";
    private const string Version = "version";
    private const string Subject = "subject";
    private const string Html = "html";
    private const string Text = "text";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";
    private const string HeadPrefix = "T#";
    private const string VersionPrefix = "V#";
    private const int MaxUpdateAttempts = 10;

    public async Task<Template?> CreateAsync(string tenantId, string name, TemplateContent content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var template = new Template(tenantId, name, 1, content.Subject, content.Html, content.Text, at, at);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Templates,
                Item = Item(template, HeadKey(name)),
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }

        await PutVersionAsync(template, cancellationToken);
        return template;
    }

    public async Task<Template?> GetAsync(string tenantId, string name, int? version, CancellationToken cancellationToken)
    {
        var head = await GetItemAsync(tenantId, HeadKey(name), cancellationToken);
        if (head is null || version is null || version == head.Version)
        {
            return version is null || head?.Version == version ? head : null;
        }

        // Versions above the head's belong to nobody (left by a deleted template of the same name).
        return version < 1 || version > head.Version ? null : await GetItemAsync(tenantId, VersionKey(name, version.Value), cancellationToken);
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out to this tenant; <see cref="ArgumentOutOfRangeException"/> for a bad limit.</summary>
    public async Task<TemplatePage> ListAsync(string tenantId, TemplateQuery query, CancellationToken cancellationToken)
    {
        var range = TemplateRange.From(tenantId, query);
        var items = new List<Template>(range.Take);
        Dictionary<string, AttributeValue>? start = range.After is { } after ? new() { [Pk] = S(tenantId), [Sk] = S(HeadKey(after)) } : null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Templates,
                ConsistentRead = true,
                KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :head)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new() { [":pk"] = S(tenantId), [":head"] = S(HeadPrefix) },
                ExclusiveStartKey = start,
                Limit = range.Take - items.Count,
            }, cancellationToken);
            items.AddRange((response.Items ?? []).Select(Read));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && items.Count < range.Take);

        return range.ToPage(items);
    }

    public async Task<Template?> UpdateAsync(string tenantId, string name, TemplateContent content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        for (var attempt = 1; ; attempt++)
        {
            var head = await GetItemAsync(tenantId, HeadKey(name), cancellationToken);
            if (head is null)
            {
                return null;
            }

            var next = new Template(tenantId, name, head.Version + 1, content.Subject, content.Html, content.Text, head.CreatedAt, at);
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = tables.Templates,
                    Item = Item(next, HeadKey(name)),
                    ConditionExpression = "#version = :current",
                    ExpressionAttributeNames = new() { ["#version"] = Version },
                    ExpressionAttributeValues = new() { [":current"] = N(head.Version) },
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException) when (attempt < MaxUpdateAttempts)
            {
                // Another update (or a delete) came first: read the head again.
                continue;
            }

            await PutVersionAsync(next, cancellationToken);
            return next;
        }
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var deleted = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tables.Templates,
            Key = Key(tenantId, HeadKey(name)),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        if (deleted.Attributes is not { Count: > 0 })
        {
            return false;
        }

        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var versions = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Templates,
                ConsistentRead = true,
                KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :versions)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new() { [":pk"] = S(tenantId), [":versions"] = S(VersionPrefix + name + "#") },
                ProjectionExpression = "#pk, #sk",
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in versions.Items ?? [])
            {
                await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = tables.Templates, Key = Key(tenantId, item[Sk].S) }, cancellationToken);
            }

            start = versions.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return true;
    }

    private async Task PutVersionAsync(Template template, CancellationToken cancellationToken) =>
        await dynamo.PutItemAsync(new PutItemRequest { TableName = tables.Templates, Item = Item(template, VersionKey(template.Name, template.Version)) }, cancellationToken);

    private async Task<Template?> GetItemAsync(string tenantId, string sortKey, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Templates,
            Key = Key(tenantId, sortKey),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    private static string HeadKey(string name) => HeadPrefix + name;

    private static string VersionKey(string name, int version) =>
        VersionPrefix + name + "#" + version.ToString("D10", CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> Key(string tenantId, string sortKey) => new() { [Pk] = S(tenantId), [Sk] = S(sortKey) };

    private static Dictionary<string, AttributeValue> Item(Template template, string sortKey)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(template.TenantId),
            [Sk] = S(sortKey),
            [Name] = S(template.Name),
            [Version] = N(template.Version),
            [Subject] = S(template.Subject),
            [CreatedAt] = S(DynamoDbTime.Write(template.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(template.UpdatedAt)),
        };

        // DynamoDB refuses empty strings in keys only, but absent and empty must stay distinct: absent is no attribute.
        if (template.Html is not null)
        {
            item[Html] = S(template.Html);
        }

        if (template.Text is not null)
        {
            item[Text] = S(template.Text);
        }

        return item;
    }

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static Template Read(Dictionary<string, AttributeValue> item) => new(
        item[Pk].S,
        item[Name].S,
        int.Parse(item[Version].N, CultureInfo.InvariantCulture),
        item[Subject].S,
        item.TryGetValue(Html, out var html) ? html.S : null,
        item.TryGetValue(Text, out var text) ? text.S : null,
        DynamoDbTime.Read(item[CreatedAt].S),
        DynamoDbTime.Read(item[UpdatedAt].S));
}
