#!/usr/bin/python3
"""`terawatt validate` end to end.

Copies two shipped cases into a scratch directory and checks the program's contract:
- every check passes: exit 0, one table row per check, the sources listed, no temporary directory left behind;
- a published figure moved outside its tolerance: exit 1, the row marked FAIL, the others still run;
- a case whose run fails (its output path is taken by a directory, so `terawatt run` cannot write it): exit 1, its
  rows marked "run failed", the run's error on stderr; the other case is unaffected;
- a malformed `expected` section or scenario: exit 2 with a located message, and nothing runs;
- a metric that names nothing in the run's /summary: exit 2, located at the metric;
- --case runs one case; an unknown --case is a usage error (exit 2); -o keeps the outputs;
- --csv and --junit write the rows as CSV and JUnit XML, a moved figure as a JUnit failure.

Usage: validate_cli_test.py TERAWATT_BINARY SCENARIOS_VALIDATION_DIR
"""

import csv
import glob
import os
import shutil
import sys
import tempfile
from xml.etree import ElementTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cli_check import check, run_terawatt  # noqa: E402

TERAWATT = os.path.abspath(sys.argv[1])
CASES = os.path.abspath(sys.argv[2])


def run(*args, expect, env=None):
    return run_terawatt(TERAWATT, "validate", args, expect, env=env, timeout=60)


def rows(result, case):
    return [line for line in result.stdout.splitlines() if line.startswith(case + " ")]


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    check(text.count(old) == 1, f"{old!r} occurs once in {path}")
    with open(path, "w") as f:
        f.write(text.replace(old, new))


with tempfile.TemporaryDirectory() as scratch:
    cases = os.path.join(scratch, "cases")
    os.makedirs(cases)
    for name in ("t5", "llama2-7b"):
        shutil.copy(os.path.join(CASES, name + ".yaml"), cases)
    tmp = os.path.join(scratch, "tmp")
    os.makedirs(tmp)
    env = dict(os.environ, TMPDIR=tmp)

    ok = run(cases, "--jobs", "2", expect=0, env=env)
    check(len(rows(ok, "t5")) == 3 and len(rows(ok, "llama2-7b")) == 3, "three rows per case", ok)
    check(all(line.endswith("pass") for line in rows(ok, "t5") + rows(ok, "llama2-7b")), "every row passes", ok)
    check("2 cases, 6 checks: 6 passed, 0 documented misses, 0 did not" in ok.stdout, "the count line", ok)
    check("t5: Patterson et al. 2021, Table 4 (docs/references.md RC-02)" in ok.stdout, "the sources", ok)
    check(os.listdir(tmp) == [], "the temporary output directory is removed")

    # The same rows as CSV and JUnit XML for machines.
    results_csv, results_xml = os.path.join(scratch, "results.csv"), os.path.join(scratch, "results.xml")
    run(cases, "--csv", results_csv, "--junit", results_xml, expect=0, env=env)
    with open(results_csv, newline="") as f:
        table = list(csv.DictReader(f))
    check(len(table) == 6 and all(row["result"] == "pass" for row in table), "six passing CSV rows")
    check({row["case"] for row in table} == {"t5", "llama2-7b"}, "the CSV names the cases")
    suite = ElementTree.parse(results_xml).getroot().find("testsuite")
    check(suite.get("tests") == "6" and suite.get("failures") == "0" and len(suite.findall("testcase")) == 6,
          "six JUnit test cases, none failed")

    one = run(cases, "--case", "t5", expect=0, env=env)
    check(rows(one, "llama2-7b") == [] and len(rows(one, "t5")) == 3, "--case runs that case only", one)
    unknown = run(cases, "--case", "t6", expect=2)
    check("--case t6: no such case (did you mean 't5'?)" in unknown.stderr, "an unknown case is named", unknown)

    kept = os.path.join(scratch, "kept")
    run(cases, "-o", kept, expect=0)
    check(sorted(os.listdir(kept)) == ["llama2-7b.h5", "t5.h5"], "-o keeps each case's output")

    # A published figure outside its tolerance fails its row only.
    t5 = os.path.join(cases, "t5.yaml")
    edit(t5, "published: 85.7 MWh, tolerance: 2 %", "published: 80 MWh, tolerance: 2 %")
    failed = run(cases, expect=1)
    t5_rows = rows(failed, "t5")
    failed_xml = os.path.join(scratch, "failed.xml")
    run(cases, "--junit", failed_xml, expect=1)
    failures = ElementTree.parse(failed_xml).getroot().findall("testsuite/testcase/failure")
    check(len(failures) == 1 and "tolerance 2 %" in failures[0].get("message"), "JUnit marks the failed figure")
    check(t5_rows[0].endswith("FAIL") and "+7.07 %" in t5_rows[0], "the moved figure fails with its error", failed)
    check(all(line.endswith("pass") for line in t5_rows[1:] + rows(failed, "llama2-7b")), "the others pass", failed)
    edit(t5, "published: 80 MWh, tolerance: 2 %", "published: 85.7 MWh, tolerance: 2 %")

    # A run that fails: its output path is a directory.
    blocked = os.path.join(scratch, "blocked")
    os.makedirs(os.path.join(blocked, "t5.h5"))
    broken = run(cases, "-o", blocked, expect=1)
    check(all(line.endswith("run failed") for line in rows(broken, "t5")), "its rows say the run failed", broken)
    check(all(line.endswith("pass") for line in rows(broken, "llama2-7b")), "the other case runs", broken)
    check(f"case t5 ({t5}) did not run: exit 2:" in broken.stderr and "is a directory" in broken.stderr,
          "the run's exit code and error are reported", broken)

    # A malformed expected section: located, exit 2, nothing runs.
    edit(t5, "mode: measured-power", "mode: measured")
    malformed = run(cases, expect=2)
    check(malformed.stdout == "", "nothing runs", malformed)
    check(malformed.stderr.startswith(f"{t5}:") and "expected.mode: unknown mode 'measured'" in malformed.stderr,
          "the error is located", malformed)
    edit(t5, "mode: measured", "mode: measured-power")

    # A malformed scenario is the loader's error, as `terawatt run` would print it.
    edit(t5, "accelerators_per_server: 4", "accelerators_per_sever: 4")
    scenario = run(cases, expect=2)
    check("clusters.tpu-v3.accelerators_per_sever: unknown key (did you mean 'accelerators_per_server'?)"
          in scenario.stderr, "the scenario error is located", scenario)
    edit(t5, "accelerators_per_sever: 4", "accelerators_per_server: 4")

    # A metric that names nothing in the /summary is found after the run, and located at the metric.
    edit(t5, 'metric: "end_time[workload=t5]"', 'metric: "end_tim[workload=t5]"')
    typo = run(cases, expect=2)
    check(rows(typo, "t5")[-1].endswith("error"), "its row says error", typo)
    check("expected.checks.2.metric: 'end_tim[workload=t5]': no /summary variable 'end_tim' (did you mean "
          "'end_time'?)" in typo.stderr, "the metric error is located", typo)

    empty = os.path.join(scratch, "empty")
    os.makedirs(empty)
    check("no validation cases" in run(empty, expect=2).stderr, "an empty directory is a usage error")

print("ok")
