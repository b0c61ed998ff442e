using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LoadLab.Micro;

// Artifacts go under results/ (ignored by git) instead of the working directory; --artifacts still overrides.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.GetFullPath(Path.Combine("results", "micro")));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(FanOutBenchmarks).Assembly).Run(args, config);

// Exit 1 when a benchmark could not be built or run, as every LoadLab command reports a failure.
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
