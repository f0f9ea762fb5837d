using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Sqs;

/// <summary>
/// SQS over AWS JSON 1.0 (<c>POST /</c> or to a queue URL, <c>X-Amz-Target: AmazonSQS.*</c>, SigV4 service "sqs") for what the ingester
/// and tests call: GetQueueUrl, GetQueueAttributes, SendMessage(Batch), ReceiveMessage (long poll), DeleteMessage(Batch),
/// ChangeMessageVisibility(Batch), PurgeQueue. Queues live in the platform account; other accounts see none.
/// </summary>
internal static class SqsEndpoints
{
    private const string TargetPrefix = "AmazonSQS.";
    private const int MaxBatchEntries = 10;
    private const int MaxWaitSeconds = 20;
    private const int MaxVisibilitySeconds = 43_200;
    private const int MaxBodyBytes = 262_144;

    public static readonly SigV4Protocol Protocol = new("sqs", "ExpiredToken", failure => SqsJson.Error(AuthError(failure)));

    public static bool IsSqs(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public static async Task<IResult> HandleAsync(HttpContext context, SandboxWorld world, ILogger logger)
    {
        var request = VerifiedRequest.From(context);
        var operation = context.Request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
        JsonObject input;
        try
        {
            input = request.Body.Length == 0 ? [] : JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return SqsJson.Error("InvalidParameterValue", "The request body is not a JSON object.");
        }

        var call = new Call(request.Caller, input, world, $"{context.Request.Scheme}://{context.Request.Host}");
        if (world.Faults.Take(call.Caller.AccountId, operation) is { } fault)
        {
            SandboxLog.FaultInjected(logger, operation, call.Caller.AccountId, fault.StatusCode, fault.ErrorCode);
            return SqsJson.Error(fault.ErrorCode, fault.Message, null, fault.StatusCode);
        }

        return operation switch
        {
            "GetQueueUrl" => GetQueueUrl(call),
            "GetQueueAttributes" => GetQueueAttributes(call),
            "SendMessage" => SendMessage(call),
            "SendMessageBatch" => SendMessageBatch(call),
            "ReceiveMessage" => await ReceiveMessageAsync(call, context.RequestAborted),
            "DeleteMessage" => DeleteMessage(call),
            "DeleteMessageBatch" => DeleteMessageBatch(call),
            "ChangeMessageVisibility" => ChangeMessageVisibility(call),
            "ChangeMessageVisibilityBatch" => ChangeMessageVisibilityBatch(call),
            "PurgeQueue" => PurgeQueue(call),
            _ => SqsJson.Error("UnsupportedOperation", $"The sandbox does not emulate SQS operation '{operation}'."),
        };
    }

    private static IResult GetQueueUrl(Call call)
    {
        var name = call.Text("QueueName");
        if (name is null)
        {
            return Missing("QueueName");
        }

        var owner = call.Text("QueueOwnerAWSAccountId") ?? call.Caller.AccountId;
        return call.World.Queues.Find(owner, name) is { } queue && owner == call.Caller.AccountId
            ? SqsJson.Ok(new JsonObject { ["QueueUrl"] = queue.Url(call.BaseUrl) })
            : NoSuchQueue();
    }

    private static IResult GetQueueAttributes(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        var names = call.Input["AttributeNames"] is JsonArray list ? list.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal) : [];
        var (visible, inFlight) = queue.Depth();
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApproximateNumberOfMessages"] = Number(visible),
            ["ApproximateNumberOfMessagesNotVisible"] = Number(inFlight),
            ["ApproximateNumberOfMessagesDelayed"] = "0",
            ["QueueArn"] = queue.Arn,
            ["VisibilityTimeout"] = Number((int)queue.VisibilityTimeout.TotalSeconds),
            ["MessageRetentionPeriod"] = Number((int)queue.RetentionPeriod.TotalSeconds),
            ["MaximumMessageSize"] = Number(MaxBodyBytes),
            ["ReceiveMessageWaitTimeSeconds"] = "0",
            ["DelaySeconds"] = "0",
            ["CreatedTimestamp"] = Number(queue.CreatedAt.ToUnixTimeSeconds()),
            ["LastModifiedTimestamp"] = Number(queue.CreatedAt.ToUnixTimeSeconds()),
            ["SqsManagedSseEnabled"] = "true",
        };
        if (queue.DeadLetterQueue is { } deadLetters)
        {
            all["RedrivePolicy"] = new JsonObject { ["deadLetterTargetArn"] = deadLetters.Arn, ["maxReceiveCount"] = queue.MaxReceiveCount }.ToJsonString();
        }

        var attributes = new JsonObject();
        foreach (var (name, value) in all.Where(a => names.Contains("All") || names.Contains(a.Key)))
        {
            attributes[name] = value;
        }

        return SqsJson.Ok(attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = attributes });
    }

    private static IResult SendMessage(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        if (BodyProblem(call.Text("MessageBody")) is { } invalid)
        {
            return invalid;
        }

        var message = queue.Send(call.Text("MessageBody")!);
        return SqsJson.Ok(new JsonObject { ["MessageId"] = message.MessageId, ["MD5OfMessageBody"] = message.Md5OfBody });
    }

    private static IResult SendMessageBatch(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        if (call.Entries() is not { } entries)
        {
            return BatchSizeProblem();
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in entries)
        {
            var id = entry["Id"]?.GetValue<string>() ?? string.Empty;
            var body = entry["MessageBody"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (BodyProblem(body) is not null)
            {
                failed.Add(Failure(id, "InvalidParameterValue", "The message body must be 1 to 262,144 bytes of text."));
                continue;
            }

            var message = queue.Send(body!);
            successful.Add(new JsonObject { ["Id"] = id, ["MessageId"] = message.MessageId, ["MD5OfMessageBody"] = message.Md5OfBody });
        }

        return SqsJson.Ok(new JsonObject { ["Successful"] = successful, ["Failed"] = failed });
    }

    private static async Task<IResult> ReceiveMessageAsync(Call call, CancellationToken cancellationToken)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        var max = call.Integer("MaxNumberOfMessages") ?? 1;
        if (max is < 1 or > MaxBatchEntries)
        {
            return Invalid($"Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }

        var wait = call.Integer("WaitTimeSeconds") ?? 0;
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return Invalid($"Value {wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }

        var visibility = call.Integer("VisibilityTimeout") is { } seconds ? TimeSpan.FromSeconds(seconds) : queue.VisibilityTimeout;
        if (visibility < TimeSpan.Zero || visibility > TimeSpan.FromSeconds(MaxVisibilitySeconds))
        {
            return Invalid($"Value {visibility.TotalSeconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.");
        }

        var wanted = Names(call.Input["MessageSystemAttributeNames"]).Concat(Names(call.Input["AttributeNames"])).ToHashSet(StringComparer.Ordinal);
        var received = await queue.ReceiveAsync(max, visibility, TimeSpan.FromSeconds(wait), cancellationToken);
        if (received.Count == 0)
        {
            return SqsJson.Ok([]);
        }

        var messages = new JsonArray();
        foreach (var message in received)
        {
            var entry = new JsonObject
            {
                ["MessageId"] = message.MessageId,
                ["ReceiptHandle"] = message.ReceiptHandle,
                ["MD5OfBody"] = message.Md5OfBody,
                ["Body"] = message.Body,
            };
            var attributes = new JsonObject();
            foreach (var (name, value) in SystemAttributes(message, call.Caller.AccountId).Where(a => wanted.Contains("All") || wanted.Contains(a.Name)))
            {
                attributes[name] = value;
            }

            if (attributes.Count > 0)
            {
                entry["Attributes"] = attributes;
            }

            messages.Add(entry);
        }

        return SqsJson.Ok(new JsonObject { ["Messages"] = messages });
    }

    private static IResult DeleteMessage(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        var handle = call.Text("ReceiptHandle");
        if (handle is null)
        {
            return Missing("ReceiptHandle");
        }

        return queue.Delete(handle)
            ? SqsJson.Ok([])
            : SqsJson.Error("ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
    }

    private static IResult DeleteMessageBatch(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        if (call.Entries() is not { } entries)
        {
            return BatchSizeProblem();
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in entries)
        {
            var id = entry["Id"]?.GetValue<string>() ?? string.Empty;
            var handle = entry["ReceiptHandle"]?.GetValue<string>() ?? string.Empty;
            if (queue.Delete(handle))
            {
                successful.Add(new JsonObject { ["Id"] = id });
            }
            else
            {
                failed.Add(Failure(id, "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle."));
            }
        }

        return SqsJson.Ok(new JsonObject { ["Successful"] = successful, ["Failed"] = failed });
    }

    private static IResult ChangeMessageVisibility(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        var handle = call.Text("ReceiptHandle");
        if (handle is null || call.Integer("VisibilityTimeout") is not { } seconds)
        {
            return Missing(handle is null ? "ReceiptHandle" : "VisibilityTimeout");
        }

        if (seconds is < 0 or > MaxVisibilitySeconds)
        {
            return Invalid($"Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        }

        return queue.ChangeVisibility(handle, TimeSpan.FromSeconds(seconds)) switch
        {
            null => SqsJson.Ok([]),
            "MessageNotInflight" => SqsJson.Error("MessageNotInflight", "The specified message isn't in flight.", "AWS.SimpleQueueService.MessageNotInflight"),
            var code => SqsJson.Error(code, $"The input receipt handle \"{handle}\" is not a valid receipt handle."),
        };
    }

    private static IResult ChangeMessageVisibilityBatch(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        if (call.Entries() is not { } entries)
        {
            return BatchSizeProblem();
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in entries)
        {
            var id = entry["Id"]?.GetValue<string>() ?? string.Empty;
            var handle = entry["ReceiptHandle"]?.GetValue<string>() ?? string.Empty;
            var seconds = entry["VisibilityTimeout"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;
            if (seconds is < 0 or > MaxVisibilitySeconds)
            {
                failed.Add(Failure(id, "InvalidParameterValue", "VisibilityTimeout must be between 0 and 43200."));
            }
            else if (queue.ChangeVisibility(handle, TimeSpan.FromSeconds(seconds)) is { } code)
            {
                failed.Add(Failure(id, code, code == "MessageNotInflight" ? "The specified message isn't in flight." : "The receipt handle is not valid."));
            }
            else
            {
                successful.Add(new JsonObject { ["Id"] = id });
            }
        }

        return SqsJson.Ok(new JsonObject { ["Successful"] = successful, ["Failed"] = failed });
    }

    private static IResult PurgeQueue(Call call)
    {
        if (call.Queue(out var queue) is { } problem)
        {
            return problem;
        }

        queue.Purge();
        return SqsJson.Ok([]);
    }

    private static IEnumerable<(string Name, string Value)> SystemAttributes(Sqs.SqsMessage message, string accountId)
    {
        yield return ("ApproximateReceiveCount", Number(message.ReceiveCount));
        yield return ("SentTimestamp", Number(message.SentAt.ToUnixTimeMilliseconds()));
        yield return ("ApproximateFirstReceiveTimestamp", Number((message.FirstReceivedAt ?? message.SentAt).ToUnixTimeMilliseconds()));
        yield return ("SenderId", accountId);
    }

    private static IEnumerable<string> Names(JsonNode? node) =>
        node is JsonArray list ? list.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Failure(string id, string code, string message) =>
        new() { ["Id"] = id, ["SenderFault"] = true, ["Code"] = code, ["Message"] = message };

    private static IResult? BodyProblem(string? body) =>
        body is null ? Missing("MessageBody")
        : body.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(body) > MaxBodyBytes
            ? Invalid("The message body must be 1 to 262,144 bytes of text.")
            : null;

    private static IResult Missing(string parameter) =>
        SqsJson.Error("MissingParameter", $"The request must contain the parameter {parameter}.");

    private static IResult Invalid(string message) => SqsJson.Error("InvalidParameterValue", message);

    private static IResult BatchSizeProblem() =>
        SqsJson.Error("TooManyEntriesInBatchRequest", "A batch holds 1 to 10 entries, each with an Id.", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");

    private static IResult NoSuchQueue() =>
        SqsJson.Error("QueueDoesNotExist", "The specified queue does not exist.", "AWS.SimpleQueueService.NonExistentQueue");

    // JSON-protocol services answer signature problems with their own codes, all 400 (403 for a bad signature, as SQS does).
    private static AwsError AuthError(AwsError failure) => failure.Code switch
    {
        "MissingAuthenticationToken" => new AwsError(400, "MissingAuthenticationToken", failure.Message),
        "InvalidClientTokenId" => new AwsError(403, "InvalidClientTokenId", failure.Message),
        "SignatureDoesNotMatch" => new AwsError(403, "SignatureDoesNotMatch", failure.Message),
        _ => failure,
    };

    private sealed class Call(AwsCaller caller, JsonObject input, SandboxWorld world, string baseUrl)
    {
        public AwsCaller Caller { get; } = caller;

        public JsonObject Input { get; } = input;

        public SandboxWorld World { get; } = world;

        public string BaseUrl { get; } = baseUrl;

        public string? Text(string member) => Input[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        public int? Integer(string member) => Input[member] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

        /// <summary>1-10 entries with distinct ids, or null.</summary>
        public List<JsonObject>? Entries()
        {
            var entries = Input["Entries"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [];
            var ids = entries.Select(e => e["Id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).ToList();
            return entries.Count is < 1 or > MaxBatchEntries || ids.Any(id => id is null) || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count ? null : entries;
        }

        /// <summary>The queue <c>QueueUrl</c> names (its last two path segments: account and name), in the caller's own account.</summary>
        public IResult? Queue(out SqsQueue queue)
        {
            queue = null!;
            var url = Text("QueueUrl");
            if (url is null)
            {
                return Missing("QueueUrl");
            }

            var segments = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Trim('/').Split('/') : [];
            if (segments.Length < 2 || World.Queues.Find(segments[^2], segments[^1]) is not { } found || found.AccountId != Caller.AccountId)
            {
                return NoSuchQueue();
            }

            queue = found;
            return null;
        }
    }
}
