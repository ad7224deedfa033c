"""Run a scenario with the terawatt program from Python and open its output: `terawatt.run`.

The program runs as a child process (`terawatt run SCENARIO -o OUTPUT --quiet --set KEY=VALUE ...`), so a notebook
can drive a study end to end: change a key, run, compare. Which program: the `program` argument, else the
`TERAWATT_PROGRAM` environment variable, else `terawatt` on the PATH.
"""

import os
import pathlib
import shutil
import subprocess
import tempfile

from .run_file import open_run


class RunFailed(RuntimeError):
    """The program refused the scenario (exit 2: the message names the file, line and key) or failed (exit 1)."""

    def __init__(self, exit_code, stderr):
        super().__init__(f"terawatt run exited {exit_code}: {stderr.strip()}")
        self.exit_code = exit_code
        self.stderr = stderr


def find_program(program=None):
    """The terawatt program to run: `program`, $TERAWATT_PROGRAM or `terawatt` on the PATH."""
    chosen = program or os.environ.get("TERAWATT_PROGRAM") or shutil.which("terawatt")
    if not chosen:
        raise FileNotFoundError("no terawatt program: pass program=, set TERAWATT_PROGRAM, or put terawatt on the "
                                "PATH (cmake --install puts it in PREFIX/bin)")
    return str(chosen)


def _override_text(key, value):
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"{key}={value}"


def run(scenario, overrides=None, output=None, program=None, timeout=None):
    """Simulate `scenario` and return the opened output (a `Run`).

    scenario   a scenario file (str or path), or the scenario as a dict (written to a temporary YAML file first;
               needs PyYAML, Debian's python3-yaml)
    overrides  {key path: value} given to the program as `--set key.path=value`, e.g.
               {"clusters.h100-pod.servers": 128, "sites.iowa.pue": 1.3}; values as in a scenario file ("1 d")
    output     the HDF5 file to write; default: the scenario's name with .h5, in the working folder (for a file,
               its name without .yaml, as `terawatt run` names it)
    program    the terawatt program (see find_program)
    timeout    seconds after which the run is stopped (subprocess.TimeoutExpired); None: no limit

    Raises RunFailed with the program's message when it exits non-zero.
    """
    command = [find_program(program), "run"]
    with tempfile.TemporaryDirectory(prefix="terawatt-run-") as scratch:
        if isinstance(scenario, dict):
            import yaml

            name = str(scenario.get("scenario", {}).get("name", "scenario"))
            scenario_path = pathlib.Path(scratch) / f"{name}.yaml"
            scenario_path.write_text(yaml.safe_dump(scenario, sort_keys=False))
        else:
            scenario_path = pathlib.Path(scenario)
        output_path = pathlib.Path(output) if output is not None else pathlib.Path(scenario_path.stem + ".h5")
        command += [str(scenario_path), "-o", str(output_path), "--quiet"]
        for key, value in (overrides or {}).items():
            command += ["--set", _override_text(key, value)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RunFailed(done.returncode, done.stderr)
    return open_run(output_path)
