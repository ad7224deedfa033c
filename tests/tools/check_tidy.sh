#!/usr/bin/env bash
# Runs clang-tidy with the repository's .clang-tidy over every project source in the build's
# compile_commands.json (models/, sim/, tests/, bench/; their headers through the header filter), in parallel, and
# fails on any finding. Skips (exit 77) where clang-tidy is not installed, unless TERAWATT_REQUIRE_LINT=1.
# Usage: check_tidy.sh <source dir> <build dir>
set -uo pipefail
source_dir=$(cd "${1:?usage: check_tidy.sh <source dir> <build dir>}" && pwd)
build_dir=$(cd "${2:?usage: check_tidy.sh <source dir> <build dir>}" && pwd)
source "$(dirname "$0")/lint_tool.sh"
# run-clang-tidy-14 runs one clang-tidy-14 per source, as many at once as there are cores.
runner=$(find_lint_tool run-clang-tidy-14 run-clang-tidy) || exit $?
tidy=$(find_lint_tool clang-tidy-14 clang-tidy) || exit $?

if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "$build_dir/compile_commands.json is missing: configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON" >&2
  exit 1
fi
project="^$source_dir/(models|sim|tests|bench)/"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# -quiet drops the per-file banner and the count of suppressed system-header warnings; what is left is findings.
"$runner" -clang-tidy-binary "$(command -v "$tidy")" -p "$build_dir" -j "$(nproc)" -quiet \
  -header-filter="$project" "$project" > "$log" 2>&1
status=$?
findings=$(grep -cE '(warning|error): ' "$log")
if [ $status -ne 0 ] || [ "$findings" -gt 0 ]; then
  grep -E '(warning|error): ' "$log" | sort -u
  echo "clang-tidy: $findings findings (exit status $status); the full log follows" >&2
  cat "$log" >&2
  exit 1
fi
echo "clang-tidy: no findings in $source_dir"
