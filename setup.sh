#!/usr/bin/env bash
# terawatt quick start on Debian 12, as root: install what is needed (idempotent), build, and run the default
# scenario, which writes quickstart.h5 and prints a summary. Re-running it only rebuilds what changed.
# Usage: ./setup.sh [--with-slurm]
#   --with-slurm  also install Debian's Slurm and munge, which the `slurm`-labelled sweep test starts as a one-node
#                 cluster (without them it reports itself skipped). Sweeps submit to a cluster's own Slurm with
#                 `terawatt sweep --slurm`/`--submit` without this: it installs daemons, which only a test needs.
set -euo pipefail
cd "$(dirname "$0")"

with_slurm=0
for argument in "$@"; do
  case $argument in
    --with-slurm) with_slurm=1 ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$argument' (expected --with-slurm)" >&2; exit 2 ;;
  esac
done

packages=(
  g++ cmake pkg-config git
  libsimgrid-dev libeigen3-dev libboost-program-options-dev libhdf5-dev catch2 libyaml-cpp-dev
  python3 python3-h5py python3-xarray python3-h5netcdf python3-pandas
  python3-matplotlib python3-pytest python3-nbconvert python3-ipykernel   # analysis/: plots, tests, notebooks
  python3-yaml   # tests/validation: the predicted twins are read as YAML
  libudunits2-0 python3-pint python3-netcdf4 netcdf-bin   # tests/analysis: units parse with UDUNITS-2 and pint; both netCDF readers
  python3-venv python3-pip python3-setuptools python3-wheel   # the Python package's pip install into a venv
)
# sweeps: the `slurm`-labelled test runs a one-node Slurm cluster
if [ "$with_slurm" = 1 ]; then packages+=(slurm-wlm munge); fi
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
