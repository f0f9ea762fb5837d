using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using StackExchange.Redis;

namespace EmailList.Redis;

/// <summary>
/// The one multiplexer of the process, connected on first use rather than at start-up, so that a
/// Redis that is down delays nothing but the first Redis call (by at most the connect timeout).
/// </summary>
public sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lock _lock = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _disposed;

    public RedisConnection(IOptions<RedisOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger<RedisConnection>();
        _configuration = CreateConfiguration(options.Value, loggerFactory);
    }

    public async Task<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connecting = _connecting ??= ConnectAsync();
        }

        try
        {
            return await connecting.WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Let the next call try again rather than caching the failure for the life of the process.
            lock (_lock)
            {
                if (ReferenceEquals(_connecting, connecting))
                {
                    _connecting = null;
                }
            }

            throw;
        }
    }

    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken) =>
        (await GetMultiplexerAsync(cancellationToken)).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is not null)
        {
            try
            {
                await (await connecting).DisposeAsync();
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                // Never connected: nothing to close.
            }
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal static ConfigurationOptions CreateConfiguration(RedisOptions options, ILoggerFactory? loggerFactory)
    {
        var configuration = ConfigurationOptions.Parse(options.ConnectionString ?? string.Empty);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = options.ConnectTimeoutMilliseconds;
        configuration.SyncTimeout = options.SyncTimeoutMilliseconds;
        configuration.AsyncTimeout = options.AsyncTimeoutMilliseconds;
        // The default backlog holds commands while disconnected until they time out; failing at once
        // sends the caller to its fallback without the wait.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(options.ConnectTimeoutMilliseconds);
        configuration.ClientName ??= "emaillist";
        configuration.LoggerFactory = loggerFactory;
        configuration.SocketManager = options.DedicatedSocketThreads ? SocketManager.Shared : SocketManager.ThreadPool;
        return configuration;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration.Clone());
        if (!multiplexer.IsConnected)
        {
            RedisConnectionLog.NotConnectedYet(_logger);
        }

        return multiplexer;
    }
}
