#!/usr/bin/env bash
# Installs the build into a fresh prefix and uses what it installed from another folder, as a user would:
#   the program runs an installed scenario, and `validate` finds the installed validation cases without being told;
#   a CMake project finds the models with find_package(terawatt) and links terawatt::models;
#   a plain compiler gets the same models through pkg-config.
# Usage: install_test.sh BUILD_DIR   (exit 0 when everything works)
set -euo pipefail
build=$(realpath "$1")
consumer=$(cd "$(dirname "$0")/consumer" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
elsewhere=$work/elsewhere
mkdir -p "$elsewhere"
cd "$elsewhere"

fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
for installed in bin/terawatt share/terawatt/scenarios/quickstart.yaml share/terawatt/scenarios/validation/t5.yaml \
  include/terawatt/models/power/catalog.hpp lib/cmake/terawatt/terawattConfig.cmake lib/pkgconfig/terawatt.pc \
  share/doc/terawatt/LICENSE share/doc/terawatt/CITATION.cff; do
  [ -e "$prefix/$installed" ] || fail "missing after install: $installed"
done
[ -z "$(find "$prefix" -name '*_test*' -o -name 'sim_*' | head -1)" ] || fail "tests or simulator internals installed"

"$prefix/bin/terawatt" run "$prefix/share/terawatt/scenarios/quickstart.yaml" -o quickstart.h5 --quiet
[ -s quickstart.h5 ] || fail "the installed program wrote no output"
"$prefix/bin/terawatt" validate --case t5 > validate.txt || fail "validate did not pass: $(cat validate.txt)"
grep -q "t5" validate.txt || fail "validate did not run the installed case t5: $(cat validate.txt)"

cmake -S "$consumer" -B cmake-build -DCMAKE_PREFIX_PATH="$prefix" > cmake.log || fail "find_package: $(cat cmake.log)"
cmake --build cmake-build > build.log || fail "building against terawatt::models: $(cat build.log)"
cmake_says=$(./cmake-build/use_models)

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046  # pkg-config prints a list of flags
g++ -std=c++17 "$consumer/use_models.cpp" $(pkg-config --cflags --libs terawatt) -o use_models_pc
pkg_config_says=$(./use_models_pc)
[ "$cmake_says" = "$pkg_config_says" ] || fail "CMake and pkg-config builds differ: '$cmake_says' / '$pkg_config_says'"
echo "install_test: $cmake_says"
echo "install_test: pkg-config terawatt $(pkg-config --modversion terawatt)"
