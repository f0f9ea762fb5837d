namespace EmailList.Sandbox.State;

/// <summary>Injected failures, consumed in the order they were added.</summary>
internal sealed class FaultBook
{
    private readonly Lock gate = new();
    private readonly List<Fault> faults = [];

    public void Add(Fault fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }
    }

    public Fault? Take(string accountId, string operation)
    {
        lock (gate)
        {
            var fault = faults.FirstOrDefault(f =>
                string.Equals(f.AccountId, accountId, StringComparison.Ordinal)
                && string.Equals(f.Operation, operation, StringComparison.OrdinalIgnoreCase));
            if (fault is null)
            {
                return null;
            }

            if (fault.Remaining > 0 && --fault.Remaining == 0)
            {
                faults.Remove(fault);
            }

            return fault;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }
}
