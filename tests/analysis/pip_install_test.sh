#!/usr/bin/env bash
# The Python package as a user installs it: a virtual environment that sees Debian's modules, pip with nothing
# downloaded, then, from another folder, `import terawatt`, a scenario run through terawatt.run and the report.
# Usage: pip_install_test.sh REPOSITORY TERAWATT_PROGRAM
set -euo pipefail
repo=$(realpath "$1")
export TERAWATT_PROGRAM=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "pip_install_test: $*" >&2; exit 1; }

# A copy, so that setuptools' build folders land there and not in the repository.
cp -r "$repo/analysis" "$work/source"
rm -rf "$work/source/notebooks"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-build-isolation --no-index --no-deps --disable-pip-version-check "$work/source" \
  > "$work/pip.log" 2>&1 || fail "pip install: $(cat "$work/pip.log")"

mkdir "$work/elsewhere" && cd "$work/elsewhere"
"$work/venv/bin/python" - "$repo/scenarios/quickstart.yaml" "$work/venv" <<'PYTHON'
import sys

import terawatt

scenario, venv = sys.argv[1], sys.argv[2]
assert terawatt.__file__.startswith(venv), f"imported {terawatt.__file__}, not the installed package"
run = terawatt.run(scenario, overrides={"scenario.duration": "6 h"}, output="quickstart.h5")
assert run.summary["it_energy"].sum() > 0
print(f"terawatt {terawatt.__version__} from {terawatt.__file__}: {run}")
PYTHON
MPLBACKEND=Agg "$work/venv/bin/python" -m terawatt.report quickstart.h5 -o report > report.log 2>&1 ||
  fail "python -m terawatt.report: $(cat report.log)"
[ -s report/index.html ] && [ -s report/power.png ] || fail "the report wrote no index.html or power.png"
shown=$("$work/venv/bin/pip" show terawatt 2>&1) || fail "pip show terawatt: $shown"
grep -q "^Version: 0" <<<"$shown" || fail "pip does not list the package: $shown"
