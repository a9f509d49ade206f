// Pulumi's deployment is process-wide state (and config comes through environment variables):
// mock runs must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
