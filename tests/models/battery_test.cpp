#include "models/supply/battery.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace terawatt;

namespace {
BatteryParams four_hour_battery() {
  BatteryParams p;
  p.capacity_j = 4.0 * 3.6e9;  // 4 MWh
  p.charge_power_w = 1e6;
  p.discharge_power_w = 1e6;
  p.round_trip_efficiency = 0.81;
  p.min_soc = 0.1;
  p.max_soc = 0.9;
  p.initial_soc = 0.5;
  return p;
}
}  // namespace

TEST_CASE("battery: a full cycle returns the round-trip efficiency", "[supply]") {
  BatteryParams p = four_hour_battery();
  p.initial_soc = p.min_soc;
  Battery battery(p);
  // Charge to the top in steps, then discharge to the bottom.
  double in_j = 0.0;
  while (battery.max_charge_w(600.0) > 0.0) in_j += -battery.hold(-1e9, 600.0) * 600.0;
  CHECK(battery.soc() == Approx(0.9).epsilon(1e-12));
  double out_j = 0.0;
  while (battery.max_discharge_w(600.0) > 0.0) out_j += battery.hold(1e9, 600.0) * 600.0;
  CHECK(battery.soc() == Approx(0.1).epsilon(1e-12));
  CHECK(out_j / in_j == Approx(0.81).epsilon(1e-12));
  CHECK(battery.equivalent_full_cycles() == Approx(out_j / (0.8 * p.capacity_j)).epsilon(1e-12));
  CHECK(battery.discharged_j() == Approx(out_j));
  CHECK(battery.charged_j() == Approx(in_j));
}

TEST_CASE("battery: power limits and state-of-charge limits bind", "[supply]") {
  Battery battery(four_hour_battery());
  // 1 MW for an hour from 50 %: within power and energy.
  CHECK(battery.hold(5e6, 3600.0) == 1e6);
  const double stored_j = 0.5 * 4 * 3.6e9 - 3.6e9 / std::sqrt(0.81);
  CHECK(battery.stored_j() == Approx(stored_j).epsilon(1e-12));
  // What is left above 10 % over 10 hours, delivered at the discharge efficiency.
  const double left_w = (stored_j - 0.1 * 4 * 3.6e9) * 0.9 / 36000.0;
  CHECK(battery.max_discharge_w(36000.0) == Approx(left_w).epsilon(1e-12));
  CHECK(battery.hold(1e6, 36000.0) == Approx(left_w).epsilon(1e-12));
  CHECK(battery.soc() == Approx(0.1).epsilon(1e-12));
  CHECK(battery.hold(1e6, 60.0) == 0.0);
  CHECK(battery.hold(0.0, 60.0) == 0.0);
}

TEST_CASE("battery: bad parameters name their field", "[supply]") {
  BatteryParams p = four_hour_battery();
  p.round_trip_efficiency = 1.2;
  CHECK(battery_params_problem(p).rfind("round_trip_efficiency", 0) == 0);
  p = four_hour_battery();
  p.initial_soc = 0.95;
  CHECK(battery_params_problem(p).rfind("initial_soc", 0) == 0);
  p = four_hour_battery();
  p.capacity_j = 0.0;
  CHECK_THROWS_AS(Battery(p), std::invalid_argument);
  CHECK(battery_params_problem(four_hour_battery()).empty());
}
