using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Ses;

/// <summary>
/// SES v2 identities and configuration sets, per account and region of the caller: ListEmailIdentities, CreateConfigurationSet,
/// GetConfigurationSet, CreateConfigurationSetEventDestination and GetConfigurationSetEventDestinations.
/// </summary>
internal static partial class ConfigurationSetEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    private static readonly string[] EventTypes =
        ["SEND", "REJECT", "BOUNCE", "COMPLAINT", "DELIVERY", "OPEN", "CLICK", "RENDERING_FAILURE", "DELIVERY_DELAY", "SUBSCRIPTION"];

    private static readonly string[] DestinationKinds =
        ["KinesisFirehoseDestination", "CloudWatchDestination", "SnsDestination", "EventBridgeDestination", "PinpointDestination"];

    public static bool Exists(SandboxWorld world, AwsCaller caller, string name)
    {
        lock (world.Forwarding.Gate)
        {
            return world.Forwarding.Regional(caller.AccountId, caller.Region).ConfigurationSets.ContainsKey(name);
        }
    }

    public static string NotFoundMessage(string name) => $"Configuration set {name} does not exist.";

    /// <summary>GET /v2/email/identities (PageSize, NextToken in the query) and POST /v2/email/list-identities (the same and Filter in the body).</summary>
    public static IResult ListEmailIdentities(HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        var caller = request.Caller;
        if (SesEndpoints.Admit(caller, "ListEmailIdentities", world, logger, $"arn:aws:ses:{caller.Region}:{caller.AccountId}:identity/*") is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        string? pageText = context.Request.Query["PageSize"].ToString();
        string? token = context.Request.Query["NextToken"].ToString();
        Dictionary<string, string>? filter = null;
        if (HttpMethods.IsPost(context.Request.Method) && request.Body.Length > 0)
        {
            try
            {
                var body = JsonNode.Parse(request.Body) as JsonObject;
                pageText = body?["PageSize"]?.ToString();
                token = body?["NextToken"]?.GetValue<string>();
                filter = body?["Filter"]?.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                return SesEndpoints.BadRequest("The request body is not valid JSON.");
            }
        }

        var pageSize = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageText)
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            return SesEndpoints.BadRequest($"PageSize must be between 1 and {MaxPageSize}.");
        }

        var offset = 0;
        if (!string.IsNullOrEmpty(token) && !PageToken.TryRead(token, out offset))
        {
            return SesEndpoints.BadRequest("The NextToken is not one this service issued.");
        }

        var identities = world.SesAccount(caller.AccountId, caller.Region).VerifiedIdentities()
            .Select(name => new IdentityInfoOutput(name.Contains('@', StringComparison.Ordinal) ? "EMAIL_ADDRESS" : "DOMAIN", name, SendingEnabled: true, "SUCCESS"))
            .Where(i => filter is null || Matches(i, filter))
            .ToList();
        var page = identities.Skip(offset).Take(pageSize).ToList();
        var next = offset + pageSize < identities.Count ? PageToken.Create(offset + pageSize) : null;
        return SesJson.Ok(new ListEmailIdentitiesOutput(page, next));
    }

    public static IResult CreateConfigurationSet(HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        var caller = request.Caller;
        if (!TryReadObject(request.Body, out var body))
        {
            return SesEndpoints.BadRequest("The request body is not valid JSON.");
        }

        var name = body["ConfigurationSetName"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (SesEndpoints.Admit(caller, "CreateConfigurationSet", world, logger, SetArn(caller, name ?? "*")) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        if (name is null)
        {
            return SesEndpoints.BadRequest("Missing required field ConfigurationSetName.");
        }

        if (!SetNamePattern().IsMatch(name))
        {
            return SesEndpoints.BadRequest($"Invalid configuration set name <{name}>: only ASCII letters, numbers, underscores and dashes are allowed, up to 64 characters.");
        }

        lock (world.Forwarding.Gate)
        {
            var sets = world.Forwarding.Regional(caller.AccountId, caller.Region).ConfigurationSets;
            if (sets.ContainsKey(name))
            {
                return SesJson.Error(StatusCodes.Status400BadRequest, "AlreadyExistsException", $"Configuration set {name} already exists.");
            }

            sets[name] = new ConfigurationSetState(name, JsonSerializer.SerializeToElement(body));
        }

        return SesJson.Ok(new EmptyOutput());
    }

    public static IResult GetConfigurationSet(string configurationSetName, HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (SesEndpoints.Admit(caller, "GetConfigurationSet", world, logger, SetArn(caller, configurationSetName)) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        JsonElement definition;
        lock (world.Forwarding.Gate)
        {
            if (!world.Forwarding.Regional(caller.AccountId, caller.Region).ConfigurationSets.TryGetValue(configurationSetName, out var set))
            {
                return NotFound(configurationSetName);
            }

            definition = set.Definition;
        }

        var output = JsonNode.Parse(definition.GetRawText())!.AsObject();
        output["ConfigurationSetName"] = configurationSetName;
        output["SendingOptions"] ??= new JsonObject { ["SendingEnabled"] = true };
        output["ReputationOptions"] ??= new JsonObject { ["ReputationMetricsEnabled"] = false };
        output["DeliveryOptions"] ??= new JsonObject { ["TlsPolicy"] = "OPTIONAL" };
        output["Tags"] ??= new JsonArray();
        return SesJson.Ok(output);
    }

    public static IResult CreateEventDestination(string configurationSetName, HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        var caller = request.Caller;
        if (SesEndpoints.Admit(caller, "CreateConfigurationSetEventDestination", world, logger, SetArn(caller, configurationSetName)) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        if (!TryReadObject(request.Body, out var body))
        {
            return SesEndpoints.BadRequest("The request body is not valid JSON.");
        }

        var name = body["EventDestinationName"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var nameText) ? nameText : null;
        if (string.IsNullOrEmpty(name))
        {
            return SesEndpoints.BadRequest("Missing required field EventDestinationName.");
        }

        if (body["EventDestination"] is not JsonObject destination)
        {
            return SesEndpoints.BadRequest("Missing required field EventDestination.");
        }

        var kinds = DestinationKinds.Where(k => destination[k] is not null).ToList();
        if (kinds.Count != 1)
        {
            return SesEndpoints.BadRequest("An event destination must have exactly one of KinesisFirehoseDestination, CloudWatchDestination, SnsDestination, EventBridgeDestination or PinpointDestination.");
        }

        var types = destination["MatchingEventTypes"] is JsonArray typeArray
            ? typeArray.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty).ToList()
            : [];
        if (types.Count == 0)
        {
            return SesEndpoints.BadRequest("MatchingEventTypes must name at least one event type.");
        }

        if (types.FirstOrDefault(t => !EventTypes.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            return SesEndpoints.BadRequest($"Invalid event type: {unknown}. Use one of {string.Join(", ", EventTypes)}.");
        }

        var enabled = destination["Enabled"] is not JsonValue enabledValue || !enabledValue.TryGetValue<bool>(out var flag) || flag;
        string? busArn = null;
        lock (world.Forwarding.Gate)
        {
            var regional = world.Forwarding.Regional(caller.AccountId, caller.Region);
            if (!regional.ConfigurationSets.TryGetValue(configurationSetName, out var set))
            {
                return NotFound(configurationSetName);
            }

            if (kinds[0] == "EventBridgeDestination")
            {
                busArn = destination["EventBridgeDestination"]?["EventBusArn"] is JsonValue arnValue && arnValue.TryGetValue<string>(out var arn) ? arn : null;
                if (busArn != regional.DefaultBusArn)
                {
                    return SesEndpoints.BadRequest(
                        $"Invalid EventBusArn {busArn ?? "(none)"}: SES publishes only to the default event bus of the same account and region, {regional.DefaultBusArn}.");
                }
            }

            if (set.Destinations.Any(d => d.Name == name))
            {
                return SesJson.Error(StatusCodes.Status400BadRequest, "AlreadyExistsException", $"Event destination {name} already exists.");
            }

            set.Destinations.Add(new EventDestinationState(name, enabled, types, busArn, JsonSerializer.SerializeToElement(destination)));
        }

        return SesJson.Ok(new EmptyOutput());
    }

    public static IResult GetEventDestinations(string configurationSetName, HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (SesEndpoints.Admit(caller, "GetConfigurationSetEventDestinations", world, logger, SetArn(caller, configurationSetName)) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        var destinations = new JsonArray();
        lock (world.Forwarding.Gate)
        {
            if (!world.Forwarding.Regional(caller.AccountId, caller.Region).ConfigurationSets.TryGetValue(configurationSetName, out var set))
            {
                return NotFound(configurationSetName);
            }

            foreach (var destination in set.Destinations)
            {
                var output = JsonNode.Parse(destination.Definition.GetRawText())!.AsObject();
                output["Name"] = destination.Name;
                output["Enabled"] = destination.Enabled;
                destinations.Add(output);
            }
        }

        return SesJson.Ok(new JsonObject { ["EventDestinations"] = destinations });
    }

    private static IResult NotFound(string name) => SesJson.Error(StatusCodes.Status404NotFound, "NotFoundException", NotFoundMessage(name));

    private static string SetArn(AwsCaller caller, string name) => $"arn:aws:ses:{caller.Region}:{caller.AccountId}:configuration-set/{name}";

    private static bool TryReadObject(byte[] body, out JsonObject value)
    {
        value = [];
        try
        {
            if (JsonNode.Parse(body.Length == 0 ? "{}"u8 : body) is JsonObject parsed)
            {
                value = parsed;
                return true;
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Matches(IdentityInfoOutput identity, Dictionary<string, string> filter) =>
        filter.All(f => f.Key switch
        {
            "IDENTITY_TYPE" => identity.IdentityType == f.Value,
            "VERIFICATION_STATUS" => identity.VerificationStatus == f.Value,
            "IDENTITY_NAME_CONTAINS" => identity.IdentityName.Contains(f.Value, StringComparison.OrdinalIgnoreCase),
            _ => true,
        });

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SetNamePattern();
}
