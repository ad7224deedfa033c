#include "models/power/accelerator_power.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace terawatt;

namespace {
AcceleratorPowerParams h100() {
  AcceleratorPowerParams params;
  params.tdp_w = 700.0;  // H100 SXM, docs/references.md E
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
  CHECK(model.speed_factor(WorkKind::compute) == 1.0);
}

// Exact arithmetic up to rounding: the model is closed-form.
constexpr double exact = 1e-12;

TEST_CASE("a power cap lowers power more than it lowers speed") {
  auto params = h100();
  params.power_cap_w = 400.0;
  const AcceleratorPowerModel capped(params);
  const AcceleratorPowerModel uncapped(h100());
  const double power_ratio = capped.power_w(WorkKind::compute) / uncapped.power_w(WorkKind::compute);
  const double speed = capped.speed_factor(WorkKind::compute);
  CHECK(capped.limit_w() == 400.0);
  CHECK(power_ratio < speed);
  CHECK(speed < 1.0);
  // Energy per unit of work falls under a cap: power falls faster than speed.
  CHECK(power_ratio / speed < 1.0);
}

TEST_CASE("a cap below the compute power clips it to the cap and slows compute by the cube root") {
  auto params = h100();
  params.power_cap_w = 400.0;
  const AcceleratorPowerModel capped(params);
  // Compute draws 70 + 0.86 x 630 = 611.8 W uncapped; the cap leaves (400 - 70) / 541.8 of its dynamic power, and
  // with P_dyn ~ f^3 the clock falls to the cube root of that.
  const double dynamic_ratio = 330.0 / (0.86 * 630.0);
  CHECK(capped.uncapped_power_w(WorkKind::compute) == Approx(611.8).epsilon(exact));
  CHECK(capped.power_w(WorkKind::compute) == 400.0);
  CHECK(capped.capped(WorkKind::compute).clock_factor == Approx(std::cbrt(dynamic_ratio)).epsilon(exact));
  CHECK(capped.speed_factor(WorkKind::compute) == Approx(std::cbrt(dynamic_ratio)).epsilon(exact));
  // The power the lower clock implies, idle + (P_u - idle) f^3, is the cap: it never falls below it.
  const double f = capped.capped(WorkKind::compute).clock_factor;
  CHECK(70.0 + 0.86 * 630.0 * f * f * f == Approx(capped.power_w(WorkKind::compute)).epsilon(exact));
}

TEST_CASE("a cap above a phase's power changes neither its power nor its time") {
  auto params = h100();
  params.power_cap_w = 400.0;
  const AcceleratorPowerModel capped(params);
  const AcceleratorPowerModel uncapped(h100());
  // Morrison et al.: checkpoints draw about 15 % of TDP, 105 W on an H100 (docs/references.md E), far below a 400 W
  // cap.
  CHECK(capped.power_w(WorkKind::checkpoint) == Approx(0.15 * 700.0).epsilon(exact));
  CHECK(capped.power_w(WorkKind::communication) == Approx(uncapped.power_w(WorkKind::communication)).epsilon(exact));
  CHECK(capped.speed_factor(WorkKind::checkpoint) == 1.0);
  CHECK(capped.speed_factor(WorkKind::communication) == 1.0);
  // A cap of 650 W lies above compute's 611.8 W: compute keeps its power and its clock.
  params.power_cap_w = 650.0;
  const AcceleratorPowerModel loose(params);
  CHECK(loose.power_w(WorkKind::compute) == Approx(uncapped.power_w(WorkKind::compute)).epsilon(exact));
  CHECK(loose.speed_factor(WorkKind::compute) == 1.0);
}

TEST_CASE("a capped phase stretches only by its clock-bound share") {
  auto params = h100();
  params.power_cap_w = 300.0;
  const AcceleratorPowerModel capped(params);
  // A phase drawing 400 W uncapped, a fifth of whose time waits on the clock: f = ((300 - 70) / (400 - 70))^(1/3),
  // time x (0.8 + 0.2 / f).
  const double f = std::cbrt(230.0 / 330.0);
  const CappedPhase phase = capped.capped(400.0, 0.2);
  CHECK(phase.power_w == 300.0);
  CHECK(phase.clock_factor == Approx(f).epsilon(exact));
  CHECK(phase.time_factor == Approx(0.8 + 0.2 / f).epsilon(exact));
  // Not clock-bound at all (a checkpoint write under a cap below its power): clipped, not slowed.
  CHECK(capped.capped(400.0, 0.0).time_factor == 1.0);
  CHECK_THROWS_AS(capped.capped(400.0, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(capped.capped(800.0, 0.5), std::invalid_argument);
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

TEST_CASE("a measured compute power replaces the default intensity, lies between idle and TDP, and a cap clips it") {
  auto params = h100();
  params.measured_compute_w = 400.0;
  const AcceleratorPowerModel measured(params);
  CHECK(measured.power_w(WorkKind::compute) == Approx(400.0).epsilon(exact));
  CHECK(measured.power_w(WorkKind::idle) == 70.0);
  params.power_cap_w = 450.0;  // above the measured power: nothing changes
  CHECK(AcceleratorPowerModel(params).power_w(WorkKind::compute) == Approx(400.0).epsilon(exact));
  CHECK(AcceleratorPowerModel(params).speed_factor(WorkKind::compute) == 1.0);
  params.power_cap_w = 350.0;  // below it: clipped, and slowed by ((350 - 70) / (400 - 70))^(1/3)
  CHECK(AcceleratorPowerModel(params).power_w(WorkKind::compute) == 350.0);
  CHECK(AcceleratorPowerModel(params).speed_factor(WorkKind::compute) ==
        Approx(std::cbrt(280.0 / 330.0)).epsilon(exact));
  params.power_cap_w.reset();
  params.measured_compute_w = 60.0;  // below idle
  CHECK_THROWS_AS(AcceleratorPowerModel(params), std::invalid_argument);
  params.measured_compute_w = 750.0;  // above TDP
  CHECK_THROWS_AS(AcceleratorPowerModel(params), std::invalid_argument);
}
