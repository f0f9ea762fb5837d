using System.Text.Json.Serialization;

using EmailList.Core.Credentials;
using EmailList.Redis.Idempotency;

namespace EmailList.Redis;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CachedCredentials))]
[JsonSerializable(typeof(IdempotencyRecord))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
