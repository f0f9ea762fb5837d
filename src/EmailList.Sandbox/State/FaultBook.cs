namespace EmailList.Sandbox.State;

/// <summary>Injected failures, consumed in the order they were added.</summary>
internal sealed class FaultBook
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    public Fault? Take(string accountId, string operation)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f =>
                string.Equals(f.AccountId, accountId, StringComparison.Ordinal)
                && string.Equals(f.Operation, operation, StringComparison.OrdinalIgnoreCase));
            if (fault is null)
            {
                return null;
            }

            if (fault.Remaining > 0 && --fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }
}
