#!/usr/bin/python3
"""Check the size limits of the code: no function over 80 lines, no file over 400 lines without a reason.

    /usr/bin/python3 tests/tools/check_code_size.py [REPOSITORY]

Functions are read with Universal Ctags (Debian's universal-ctags), which gives each definition's first and last
line: C++ under sim/ and models/, Python under analysis/. A source or test file over 400 lines must say why near
its top, in a comment with the words "is long because". Exits 1 and lists what breaks a limit; exits 77 (a skip
for ctest) when ctags is missing, unless TERAWATT_REQUIRE_LINT=1 (CI), where a missing tool is a failure.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys

MAX_FUNCTION_LINES = 80
MAX_FILE_LINES = 400
REASON = "is long because"
REASON_WITHIN_LINES = 15
FUNCTION_FOLDERS = ("sim", "models", "analysis")
FILE_FOLDERS = ("sim", "models", "analysis", "tests", "bench")
EXTENSIONS = (".cpp", ".hpp", ".py")


def tracked_files(repo):
    listed = subprocess.run(["git", "-C", str(repo), "ls-files"], capture_output=True, text=True, check=True).stdout
    return [name for name in listed.split() if name.endswith(EXTENSIONS) and name.split("/")[0] in FILE_FOLDERS]


def long_files(repo, files):
    found = []
    for name in files:
        lines = (repo / name).read_text(encoding="utf-8", errors="replace").splitlines()
        if len(lines) > MAX_FILE_LINES and not any(REASON in line for line in lines[:REASON_WITHIN_LINES]):
            found.append(f"{name}: {len(lines)} lines and no '{REASON}' comment in its first {REASON_WITHIN_LINES}")
    return found


def long_functions(repo, files, ctags):
    sources = [name for name in files if name.split("/")[0] in FUNCTION_FOLDERS]
    done = subprocess.run([ctags, "--output-format=json", "--fields=+ne", "--kinds-C++=f", "--kinds-Python=fm",
                           "-o", "-", *sources], cwd=repo, capture_output=True, text=True, check=True)
    found = []
    for line in done.stdout.splitlines():
        tag = json.loads(line)
        if tag.get("_type") != "tag" or "end" not in tag:
            continue
        length = tag["end"] - tag["line"] + 1
        if length > MAX_FUNCTION_LINES:
            found.append(f"{tag['path']}:{tag['line']}: {tag['name']} is {length} lines")
    return sorted(found)


def main():
    repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    ctags = shutil.which("ctags-universal") or shutil.which("ctags")  # Debian names it both ways
    version = subprocess.run([ctags, "--version"], capture_output=True, text=True).stdout if ctags else ""
    if "Universal Ctags" not in version:
        print("check_code_size: Universal Ctags (Debian's universal-ctags) is not installed")
        sys.exit(1 if os.environ.get("TERAWATT_REQUIRE_LINT") == "1" else 77)
    files = tracked_files(repo)
    problems = long_files(repo, files) + long_functions(repo, files, ctags)
    for problem in problems:
        print(problem)
    print(f"check_code_size: {len(files)} files, {len(problems)} over the limits "
          f"({MAX_FUNCTION_LINES} lines a function, {MAX_FILE_LINES} a file without a reason)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
