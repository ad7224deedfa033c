# Sourced by the lint checks: find a tool, or skip (exit 77, which ctest reports as skipped) where it is not
# installed. CI sets TERAWATT_REQUIRE_LINT=1, so that a missing tool fails there instead of passing silently.
# Usage: tool=$(find_lint_tool clang-format-14 clang-format) || exit $?
find_lint_tool() {
  local candidate
  for candidate in "$@"; do
    if command -v "$candidate" > /dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  if [ "${TERAWATT_REQUIRE_LINT:-0}" = 1 ]; then
    echo "none of $* is installed, and TERAWATT_REQUIRE_LINT=1 asks for it (apt install clang-format clang-tidy)" >&2
    return 1
  fi
  echo "skipped: none of $* is installed (apt install clang-format clang-tidy)" >&2
  return 77
}
