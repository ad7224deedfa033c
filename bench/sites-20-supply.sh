#!/bin/sh
# Grid connections at scale (README, Grid connection): one simulated year of the 20 sites of bench/sites-20.yaml, each
# given 2 MW of PV in its own climate's sky, a 4-hour 0.5 MW battery shaving its import to a 1.5 MW connection, and
# hourly prices from a file, at 5-minute samples, run side by side with its comparator, the same 20 sites without
# supply (bench/sites-20.yaml). Target: the grid and storage models (PV, battery, dispatch, bill) at most 10 % of the
# run; --timing prints their share. The wall-time ratio of the two runs is the whole cost of the supply.
# Usage: bench/sites-20-supply.sh [BUILD_DIR] [RUNS]   (defaults: build, 3)
set -eu
build=${1:-build}
runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Hourly prices for 2024 and the first hours of 2025: 40 per MWh at night, 90 in the evening peak (17:00-21:00 UTC),
# an invented shape that only exercises the price series.
/usr/bin/python3 - "$out/prices.csv" <<'PY'
import sys, datetime
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
with open(sys.argv[1], "w") as f:
    f.write("time,price\n")
    for h in range(366 * 24 + 24):
        t = start + datetime.timedelta(hours=h)
        price = 90 if 17 <= t.hour < 21 else 40 if t.hour < 6 else 60
        f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ") + ",%d\n" % price)
PY
# Each site's supply follows its grid line; its climate is its facility's.
sed 's|^\(    grid: .*\)$|\1\
    solar: {peak_power: 2 MW}\
    battery: {capacity: 2 MWh, power: 0.5 MW, policy: peak_shaving}\
    connection: {capacity: 1.5 MW, price_file: prices.csv, demand_charge: 15}|' "$here/sites-20.yaml" \
  > "$out/sites-20-supply.yaml"
for i in $(seq "$runs"); do
  /usr/bin/time -f "without supply: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run "$here/sites-20.yaml" \
    -o "$out/plain.h5" --quiet --timing
  /usr/bin/time -f "with PV, battery and prices: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run \
    "$out/sites-20-supply.yaml" -o "$out/supply.h5" --quiet --timing
done
