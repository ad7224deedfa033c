#!/usr/bin/env bash
# terawatt quick start on Debian 12, as root: install what is needed (idempotent), build, and run the default
# scenario, which writes quickstart.h5 and prints a summary. Re-running it only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  g++ cmake pkg-config git
  libsimgrid-dev libeigen3-dev libboost-program-options-dev libhdf5-dev catch2 libyaml-cpp-dev
  python3 python3-h5py python3-xarray python3-h5netcdf python3-pandas
  python3-matplotlib python3-pytest python3-nbconvert python3-ipykernel   # analysis/: plots, tests, notebooks
  python3-yaml   # tests/validation: the predicted twins are read as YAML
  slurm-wlm munge   # sweeps: the `slurm`-labelled test runs a one-node Slurm cluster
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)"
./build/sim/terawatt run scenarios/quickstart.yaml -o quickstart.h5
