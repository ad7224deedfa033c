"""`terawatt.run`: the program driven from Python, as a notebook would, and the package's version.

Needs the built program: TERAWATT_PROGRAM (set by ctest) or `terawatt` on the PATH; skipped without one unless
TERAWATT_REQUIRE_OUTPUTS=1.
"""

import os
import pathlib
import re
import shutil

import pytest

import terawatt

REPO = pathlib.Path(__file__).resolve().parents[2]
QUICKSTART = REPO / "scenarios" / "quickstart.yaml"


@pytest.fixture
def program():
    found = os.environ.get("TERAWATT_PROGRAM") or shutil.which("terawatt")
    if not found:
        if os.environ.get("TERAWATT_REQUIRE_OUTPUTS") == "1":
            pytest.fail("TERAWATT_PROGRAM is not set")
        pytest.skip("no terawatt program (set TERAWATT_PROGRAM)")
    return found


def test_a_run_with_overrides_returns_the_opened_output(program, tmp_path):
    short = {"scenario.duration": "6 h"}
    base = terawatt.run(QUICKSTART, overrides=short, output=tmp_path / "base.h5", program=program)
    hot = terawatt.run(str(QUICKSTART), overrides={**short, "sites.iowa.pue": 1.5}, output=tmp_path / "hot.h5",
                       program=program)
    assert isinstance(base, terawatt.Run) and base.path == str(tmp_path / "base.h5")
    it = float(base.summary["it_energy"].sum())
    assert float(hot.summary["it_energy"].sum()) == pytest.approx(it, rel=1e-12)
    assert float(hot.summary["facility_energy"].sum()) == pytest.approx(1.5 * it, rel=1e-9)


def test_a_scenario_given_as_a_dict_runs(program, tmp_path):
    pytest.importorskip("yaml")
    scenario = {
        "scenario": {"name": "from-python", "start": "2024-01-01T00:00:00Z", "duration": "2 h",
                     "sample_interval": "1 h"},
        "sites": [{"name": "s", "pue": 1.2, "carbon_intensity": "400 g/kWh"}],
        "clusters": [{"name": "c", "accelerator": "h100-sxm", "servers": 2}],
        "workloads": [{"name": "j", "type": "training", "flops": "1e20 FLOP", "accelerators": 8, "mfu": 0.4}],
    }
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        run = terawatt.run(scenario, program=program)
    finally:
        os.chdir(previous)
    assert run.path == "from-python.h5" and (tmp_path / "from-python.h5").exists()
    assert list(run.summary["workload"].values) == ["j"]


def test_a_refused_scenario_raises_with_the_located_message(program, tmp_path):
    with pytest.raises(terawatt.RunFailed) as refused:
        terawatt.run(QUICKSTART, overrides={"clusters.h100-pod.servrs": 3}, output=tmp_path / "x.h5",
                     program=program)
    assert refused.value.exit_code == 2
    assert "did you mean 'servers'?" in str(refused.value)
    assert not (tmp_path / "x.h5").exists()


def test_no_program_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("TERAWATT_PROGRAM", raising=False)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(FileNotFoundError, match="TERAWATT_PROGRAM"):
        terawatt.run(QUICKSTART)


def test_the_version_is_the_programs():
    version = re.search(r"project\(terawatt VERSION (\S+)", (REPO / "CMakeLists.txt").read_text()).group(1)
    assert terawatt.__version__ == version
