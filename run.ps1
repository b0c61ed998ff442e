#!/usr/bin/env pwsh
# Thin wrapper: builds the `loadlab` CLI once (incrementally) and hands it every argument.
# The logic lives in the C# CLI (bench/LoadLab.Cli); this file mirrors run.sh.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# W^X doubles the JIT's cost (every code page mapped twice): a connect storm is the engine's and the server's first
# run of their code, and 10,000 connects took twice as long with it (docs/performance.md). An explicit setting wins.
if (-not $env:DOTNET_EnableWriteXorExecute) { $env:DOTNET_EnableWriteXorExecute = '0' }

# Built to its own folder so that `loadlab test`, which rebuilds the solution, never overwrites the running program.
$cliDir = 'artifacts/cli'
$buildLog = dotnet build bench/LoadLab.Cli/LoadLab.Cli.csproj --configuration Release --output $cliDir -nologo -v quiet 2>&1
if ($LASTEXITCODE -ne 0) {
    $buildLog | Write-Error -ErrorAction Continue
    Write-Error 'run.ps1: building the loadlab CLI failed' -ErrorAction Continue
    exit 2
}

# The main job: the default comparison on the embedded reference server.
$cliArgs = if ($args.Count -eq 0) { @('run', 'scenarios/quick.yaml') } else { $args }

& dotnet "$cliDir/loadlab.dll" @cliArgs
exit $LASTEXITCODE
