#include "models/supply/site_dispatch.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace terawatt;

namespace {
BatteryParams battery_params() {
  BatteryParams p;
  p.capacity_j = 4.0 * 3.6e9;
  p.charge_power_w = 1e6;
  p.discharge_power_w = 1e6;
  p.round_trip_efficiency = 0.85;
  p.min_soc = 0.1;
  p.max_soc = 0.95;
  p.initial_soc = 0.5;
  return p;
}

void check_balance(const SupplyFlows& f) {
  const double scale = std::max(1.0, f.load_w);
  CHECK(std::abs(f.load_w - (f.import_w + f.pv_used_w() + f.battery_w)) <= 1e-9 * scale);
  CHECK(std::abs(f.pv_w - (f.pv_used_w() + f.export_w + f.curtailed_w)) <= 1e-9 * std::max(1.0, f.pv_w));
  CHECK(f.import_w >= 0.0);
  CHECK(f.export_w >= 0.0);
  CHECK(f.curtailed_w >= 0.0);
  CHECK(!(f.import_w > 0.0 && f.export_w > 0.0));
}
}  // namespace

TEST_CASE("dispatch: self-consumption stores the surplus and covers the deficit", "[supply]") {
  Battery battery(battery_params());
  const DispatchPolicy policy;
  // Noon: 3 MW of PV on a 2 MW load charges at 1 MW.
  SupplyFlows f = dispatch_interval(policy, {2e6, 3e6}, &battery, 3600.0);
  check_balance(f);
  CHECK(f.pv_to_battery_w == 1e6);
  CHECK(f.import_w == 0.0);
  CHECK(f.export_w == 0.0);
  // 4 MW of PV: the battery takes its 1 MW, 1 MW is exported.
  f = dispatch_interval(policy, {2e6, 4e6}, &battery, 600.0);
  check_balance(f);
  CHECK(f.export_w == Approx(1e6));
  // No export allowed: the rest is curtailed.
  SupplyInputs no_export{2e6, 4e6};
  no_export.export_limit_w = 0.0;
  f = dispatch_interval(policy, no_export, &battery, 600.0);
  check_balance(f);
  CHECK(f.curtailed_w == Approx(1e6));
  // Evening: 2 MW load without PV: 1 MW from the battery, 1 MW from the grid.
  f = dispatch_interval(policy, {2e6, 0.0}, &battery, 3600.0);
  check_balance(f);
  CHECK(f.battery_w == 1e6);
  CHECK(f.import_w == 1e6);
}

TEST_CASE("dispatch: peak shaving holds the import at the limit and recharges below it", "[supply]") {
  Battery battery(battery_params());
  DispatchPolicy policy;
  policy.policy = BatteryPolicy::peak_shaving;
  SupplyInputs in{5.5e6, 0.0};
  in.import_limit_w = 5e6;
  SupplyFlows f = dispatch_interval(policy, in, &battery, 900.0);
  check_balance(f);
  CHECK(f.import_w == Approx(5e6));
  CHECK(f.excess_w == 0.0);
  // Beyond the battery's power: the excess is reported.
  in.load_w = 6.5e6;
  f = dispatch_interval(policy, in, &battery, 900.0);
  check_balance(f);
  CHECK(f.import_w == Approx(5.5e6));
  CHECK(f.excess_w == Approx(0.5e6));
  // Below the limit it recharges with the headroom, never above the limit.
  in.load_w = 4.6e6;
  f = dispatch_interval(policy, in, &battery, 900.0);
  check_balance(f);
  CHECK(f.grid_to_battery_w == Approx(0.4e6));
  CHECK(f.import_w == Approx(5e6));
}

TEST_CASE("dispatch: the signal policy charges on clean hours and discharges on dirty ones", "[supply]") {
  Battery battery(battery_params());
  DispatchPolicy policy;
  policy.policy = BatteryPolicy::signal;
  policy.charge_at_or_below = 100.0;
  policy.discharge_at_or_above = 400.0;
  SupplyInputs clean{2e6, 0.0};
  clean.signal = 50.0;
  SupplyFlows f = dispatch_interval(policy, clean, &battery, 3600.0);
  check_balance(f);
  CHECK(f.grid_to_battery_w == 1e6);
  CHECK(f.import_w == 3e6);
  SupplyInputs middle{2e6, 0.0};
  middle.signal = 200.0;
  f = dispatch_interval(policy, middle, &battery, 3600.0);
  CHECK(f.battery_w == 0.0);
  SupplyInputs dirty{2e6, 0.0};
  dirty.signal = 500.0;
  f = dispatch_interval(policy, dirty, &battery, 3600.0);
  check_balance(f);
  CHECK(f.battery_w == 1e6);
}

TEST_CASE("dispatch: energy balances and limits hold over a random year", "[supply]") {
  std::mt19937_64 stream(7);
  const auto uniform = [&stream](double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(stream() >> 11) * 0x1.0p-53;
  };
  for (const BatteryPolicy kind :
       {BatteryPolicy::self_consumption, BatteryPolicy::peak_shaving, BatteryPolicy::signal}) {
    Battery battery(battery_params());
    DispatchPolicy policy;
    policy.policy = kind;
    policy.charge_at_or_below = 0.3;
    policy.discharge_at_or_above = 0.7;
    for (int k = 0; k < 8760; ++k) {
      SupplyInputs in{uniform(0.0, 6e6), uniform(0.0, 1.0) < 0.5 ? 0.0 : uniform(0.0, 5e6)};
      in.import_limit_w = 5e6;
      in.export_limit_w = 2e6;
      in.signal = uniform(0.0, 1.0);
      const SupplyFlows f = dispatch_interval(policy, in, &battery, 3600.0);
      check_balance(f);
      CHECK(battery.soc() >= 0.1 - 1e-12);
      CHECK(battery.soc() <= 0.95 + 1e-12);
      // The import exceeds the limit only when the battery was already giving all it could.
      if (f.excess_w > 0.0) CHECK(f.battery_w >= 0.0);
      CHECK(f.import_w - f.excess_w <= 5e6 * (1.0 + 1e-12));
    }
  }
}

TEST_CASE("dispatch: without a battery, PV then grid", "[supply]") {
  const SupplyFlows f = dispatch_interval(DispatchPolicy{}, {3e6, 1e6}, nullptr, 60.0);
  check_balance(f);
  CHECK(f.import_w == 2e6);
  CHECK(f.pv_to_load_w == 1e6);
}
