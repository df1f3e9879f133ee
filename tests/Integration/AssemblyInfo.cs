// Every spec here starts real node processes; on a 2-core machine two at once would only make
// timings flaky, so the whole assembly runs one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
