using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmailList.Dashboard.Auth;

namespace EmailList.Dashboard.Api;

/// <summary>Sends one API request and reads the answer as a value or a <see cref="ApiProblem"/>.</summary>
internal static class ApiResponses
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>For request bodies: a member left null is left out, so the API applies its default (or, on a PATCH, keeps what it has).</summary>
    public static readonly JsonSerializerOptions Body = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static async Task<ApiResult<T>> SendAsync<T>(HttpClient http, HttpRequestMessage request, string api, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException)
            {
                return new ApiResult<T>(ApiProblem.Unreachable(api));
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ApiResult<T>(ApiProblem.Unreachable(api));
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new SessionExpiredException($"{api} refused the session's token.");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return new ApiResult<T>(ApiProblem.Read((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
                }

                if (typeof(T) == typeof(NoContent))
                {
                    return new ApiResult<T>((T)(object)new NoContent());
                }

                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return value is null
                    ? new ApiResult<T>(ApiProblem.Read((int)response.StatusCode, "{}"))
                    : new ApiResult<T>(value);
            }
        }
    }
}
