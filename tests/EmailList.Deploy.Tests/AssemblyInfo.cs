// One jsii (node) process serves every CDK call in the test run; keep its callers on one thread at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
