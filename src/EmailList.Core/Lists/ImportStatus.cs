namespace EmailList.Core.Lists;

public enum ImportStatus
{
    /// <summary>Uploaded and stored in chunks; waiting for a worker to claim it.</summary>
    Queued,

    /// <summary>A worker holds it under a lease; its progress is written after every chunk.</summary>
    Running,

    Completed,

    /// <summary>Stopped for a reason the tenant reads in <see cref="ImportJob.FailureReason"/>; rows before it stay imported.</summary>
    Failed,
}
