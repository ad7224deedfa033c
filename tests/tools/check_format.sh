#!/usr/bin/env bash
# Fails, listing the files, when a tracked *.cpp or *.hpp differs from what clang-format makes of it with the
# repository's .clang-format. Fix with: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
# Usage: check_format.sh <source dir>
set -uo pipefail
source_dir=${1:?usage: check_format.sh <source dir>}
source "$(dirname "$0")/lint_tool.sh"
# Version 14 first: the tree is formatted with Debian 12's clang-format, and other versions format a few
# constructs differently.
clang_format=$(find_lint_tool clang-format-14 clang-format) || exit $?

cd "$source_dir" || exit 1
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ ${#files[@]} -eq 0 ]; then
  echo "no tracked *.cpp or *.hpp under $source_dir: is it a git checkout?" >&2
  exit 1
fi
# One clang-format process for the whole tree: --dry-run reports each difference as "<file>:<line>:<col>: warning"
# and still exits 0; any other exit status is clang-format itself failing (a bad .clang-format, an unreadable file).
report=$("$clang_format" --style=file --dry-run "${files[@]}" 2>&1) || {
  echo "$report" >&2
  echo "$clang_format failed" >&2
  exit 1
}
mapfile -t unformatted < <(echo "$report" |
                           sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: .*clang-format-violations.*/\1/p' | sort -u)
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "${#unformatted[@]} of ${#files[@]} files differ from $clang_format's output:"
  printf '  %s\n' "${unformatted[@]}"
  exit 1
fi
echo "all ${#files[@]} files match $clang_format's output"
