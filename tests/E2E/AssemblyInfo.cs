// The browser tests share two cores with the build and other test assemblies: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
