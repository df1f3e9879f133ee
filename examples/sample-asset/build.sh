#!/usr/bin/env bash
# Builds the sample asset and zips it as a Teraslice.Akka asset bundle: asset.json and the
# asset's own assemblies at the root of the zip (the SDK is the node's, never bundled).
#
#   examples/sample-asset/build.sh [OUTPUT_ZIP]     default: examples/sample-asset/sample.zip
#
# CONFIGURATION overrides the build configuration (default Release). Needs only the .NET SDK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
output="${1:-$here/sample.zip}"
case "$output" in
    /*) ;;
    *) output="$PWD/$output" ;;
esac
mkdir -p "$(dirname "$output")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/SampleAsset.csproj" -c "${CONFIGURATION:-Release}" -nologo -v q -p:AssetZip="$output"
echo "$output"
