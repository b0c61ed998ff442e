#!/usr/bin/env bash
# Thin wrapper: builds the `loadlab` CLI once (incrementally) and hands it every argument.
# The logic lives in the C# CLI (bench/LoadLab.Cli); run.ps1 mirrors this file.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# W^X doubles the JIT's cost (every code page mapped twice): a connect storm is the engine's and the server's first
# run of their code, and 10,000 connects took twice as long with it (docs/performance.md). An explicit setting wins.
export DOTNET_EnableWriteXorExecute="${DOTNET_EnableWriteXorExecute:-0}"

# Built to its own folder so that `loadlab test`, which rebuilds the solution, never overwrites the running program.
cli_dir=artifacts/cli
if ! build_log=$(dotnet build bench/LoadLab.Cli/LoadLab.Cli.csproj --configuration Release --output "$cli_dir" -nologo -v quiet 2>&1); then
  echo "$build_log" >&2
  echo "run.sh: building the loadlab CLI failed" >&2
  exit 2
fi

# The main job: the default comparison on the embedded reference server.
if [ "$#" -eq 0 ]; then
  set -- run scenarios/quick.yaml
fi

exec dotnet "$cli_dir/loadlab.dll" "$@"
