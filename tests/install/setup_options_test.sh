#!/usr/bin/env bash
# setup.sh's options, without installing anything: --help names --with-slurm, and an unknown option exits 2 with a
# message naming it, before any package is looked at.
# Usage: setup_options_test.sh PATH/TO/setup.sh
set -uo pipefail
setup=$1
"$setup" --help | grep -q -- "--with-slurm" || { echo "setup.sh --help does not name --with-slurm" >&2; exit 1; }
message=$("$setup" --no-such-option 2>&1)
status=$?
[ "$status" -eq 2 ] || { echo "setup.sh --no-such-option exited $status, expected 2" >&2; exit 1; }
grep -q "unknown option '--no-such-option'" <<<"$message" || { echo "unexpected message: $message" >&2; exit 1; }
