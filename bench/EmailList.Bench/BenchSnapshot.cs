namespace EmailList.Bench;

/// <param name="RedisCommands">Redis's total_commands_processed (the INFO call itself counts one).</param>
public sealed record BenchSnapshot(long AssumeRoleCalls, long? RedisCommands);
