namespace EmailList.Sandbox.Admin;

/// <summary>One of the platform's SQS queues as <c>GET /_sandbox/queues</c> shows it: messages waiting and in flight.</summary>
public sealed record SandboxQueueDepth(string Name, string Arn, string Url, int Visible, int InFlight, string? DeadLetterQueue, int? MaxReceiveCount);
