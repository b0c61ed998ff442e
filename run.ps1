#!/usr/bin/env pwsh
# Thin wrapper: builds the `loadlab` CLI once (incrementally) and hands it every argument.
# The logic lives in the C# CLI (bench/LoadLab.Cli); this file mirrors run.sh.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

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
