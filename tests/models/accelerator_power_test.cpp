#include "models/accelerator_power.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace terawatt;

namespace {
AcceleratorPowerParams h100() {
  AcceleratorPowerParams params;
  params.tdp_w = 700.0;  // H100 SXM, FIGURES.md E
  params.idle_w = 70.0;
  return params;
}
}  // namespace

TEST_CASE("accelerator power follows idle + (limit - idle) x intensity") {
  const AcceleratorPowerModel model(h100());
  CHECK(model.power_w(WorkKind::idle) == 70.0);
  CHECK(model.power_w(WorkKind::compute) == Approx(70.0 + 630.0 * 0.86).epsilon(1e-12));
  // Morrison et al.: training draws more than 85 % of TDP on H100.
  CHECK(model.power_w(WorkKind::compute) > 0.85 * 700.0);
  // Morrison et al.: checkpoint saves draw about 15 % of TDP.
  CHECK(model.power_w(WorkKind::checkpoint) == Approx(0.15 * 700.0).epsilon(1e-12));
  CHECK(model.compute_speed_factor() == 1.0);
}

TEST_CASE("a power cap lowers power more than it lowers speed") {
  auto params = h100();
  params.power_cap_w = 400.0;
  const AcceleratorPowerModel capped(params);
  const AcceleratorPowerModel uncapped(h100());
  const double power_ratio = capped.power_w(WorkKind::compute) / uncapped.power_w(WorkKind::compute);
  const double speed = capped.compute_speed_factor();
  CHECK(capped.limit_w() == 400.0);
  CHECK(speed == Approx(std::cbrt(330.0 / 630.0)).epsilon(1e-12));
  CHECK(power_ratio < speed);
  CHECK(speed < 1.0);
  // Energy per unit of work falls under a cap: power falls faster than speed.
  CHECK(power_ratio / speed < 1.0);
}

TEST_CASE("a cap above TDP changes nothing, a cap at or below idle is rejected") {
  auto params = h100();
  params.power_cap_w = 900.0;
  CHECK(AcceleratorPowerModel(params).limit_w() == 700.0);
  params.power_cap_w = 70.0;
  CHECK_THROWS_AS(AcceleratorPowerModel(params), std::invalid_argument);
  auto broken = h100();
  broken.idle_w = 800.0;
  CHECK_THROWS_AS(AcceleratorPowerModel(broken), std::invalid_argument);
}

TEST_CASE("a measured compute power replaces the default intensity and must lie between idle and the limit") {
  auto params = h100();
  params.measured_compute_w = 400.0;
  const AcceleratorPowerModel measured(params);
  CHECK(measured.power_w(WorkKind::compute) == Approx(400.0).epsilon(1e-12));
  CHECK(measured.power_w(WorkKind::idle) == 70.0);
  params.power_cap_w = 350.0;  // a measured power above the cap is impossible
  CHECK_THROWS_AS(AcceleratorPowerModel(params), std::invalid_argument);
  params.power_cap_w.reset();
  params.measured_compute_w = 60.0;  // below idle
  CHECK_THROWS_AS(AcceleratorPowerModel(params), std::invalid_argument);
}
