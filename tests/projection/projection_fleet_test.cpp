// The fleet projection model (models/fleet/projection_fleet.hpp) without an engine: stock-flow conservation, the
// constant-fleet identity E = N x P x 8,760 h x PUE, growth recovered by the fits, varying inputs, crypto split.

#include "models/fleet/projection_fleet.hpp"
#include "models/fleet/growth_fit.hpp"
#include "models/power/server_utilisation_power.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

using namespace terawatt;

namespace {

// Relative tolerance for sums of a few dozen doubles: the identities hold in exact arithmetic.
constexpr double rounding = 1e-12;

ProjectionSegment one_generation_segment(double installed, double history_growth, double growth, SurvivalCurve survival,
                                         double pue) {
  ProjectionSegment s;
  s.name = "servers";
  s.generations.push_back({"gen", 8, Varying::constant(1.0), 989e12, 3.35e12});  // an H100: dense BF16 peak, HBM
  s.installed = Varying::constant(installed);
  s.history_growth = Varying::constant(history_growth);
  s.growth = Varying::constant(growth);
  s.survival = survival;
  s.pue = Varying::constant(pue);
  return s;
}

ProjectionInputs one_segment_inputs(ProjectionSegment segment, int first_year = 2022, int last_year = 2030) {
  ProjectionInputs inputs;
  inputs.first_year = first_year;
  inputs.last_year = last_year;
  inputs.cases.push_back({"base", {"base"}});
  inputs.regions.push_back({"world", Varying::constant(400.0)});
  inputs.segments.push_back(std::move(segment));
  return inputs;
}

ServerMeanPowerTable constant_power(double it_w, double facility_w) {
  return [=](std::size_t, std::size_t, std::size_t, std::size_t, int) { return ServerMeanPower{it_w, facility_w}; };
}

}  // namespace

TEST_CASE("stock-flow conservation: each year's installed servers are last year's plus shipped minus retired") {
  for (const SurvivalCurve& survival : {SurvivalCurve::fixed(4), SurvivalCurve::weibull(2.5, 5.0)}) {
    const auto inputs = one_segment_inputs(one_generation_segment(1e6, 0.15, 0.3, survival, 1.2));
    const ProjectionResult r = project_fleet(inputs, constant_power(500.0, 600.0));
    for (std::size_t y = 1; y < r.years.size(); ++y) {
      const std::size_t now = r.index(y, 0, 0, 0);
      const std::size_t before = r.index(y - 1, 0, 0, 0);
      CHECK(r.installed_servers[now] ==
            Approx(r.installed_servers[before] + r.shipped_servers[now] - r.retired_servers[now]).epsilon(rounding));
      CHECK(r.retired_servers[now] >= 0.0);
    }
    // The installed base of the first year is the one stated, whatever the history's growth and survival.
    CHECK(r.installed_servers[r.index(0, 0, 0, 0)] == Approx(1e6).epsilon(rounding));
  }
}

TEST_CASE("a fleet of constant size and power gives E = N x P x 8,760 h x PUE every year") {
  const double servers = 2.4e6;
  const double it_w = 640.0;
  const double pue = 1.3;
  // No growth before or after the first year and a fixed lifetime: shipments replace retirements exactly.
  const auto inputs = one_segment_inputs(one_generation_segment(servers, 0.0, 0.0, SurvivalCurve::fixed(5), pue));
  const ProjectionResult r = project_fleet(inputs, constant_power(it_w, 999.0));
  const double expected_twh = servers * it_w * 8760.0 * pue / 1e12;
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    const std::size_t i = r.index(y, 0, 0, 0);
    CHECK(r.installed_servers[i] == Approx(servers).epsilon(rounding));
    CHECK(r.electricity_twh[i] == Approx(expected_twh).epsilon(rounding));
    CHECK(r.pue[i] == Approx(pue).epsilon(rounding));
    CHECK(r.installed_accelerators[i] == Approx(8.0 * servers).epsilon(rounding));
    // The generation's peak: installed peak = N x 8 x peak, and per W of the fleet's IT power N x 8 x peak / (N x P).
    CHECK(r.installed_peak_flop_per_s[i] == Approx(8.0 * servers * 989e12).epsilon(rounding));
    CHECK(fleet_capacity_per_it_w(r, r.installed_peak_flop_per_s, y, 0) ==
          Approx(8.0 * 989e12 / it_w).epsilon(rounding));
    // The same for the memory bandwidth.
    CHECK(r.installed_memory_bandwidth_bytes_per_s[i] == Approx(8.0 * servers * 3.35e12).epsilon(rounding));
    CHECK(fleet_capacity_per_it_w(r, r.installed_memory_bandwidth_bytes_per_s, y, 0) ==
          Approx(8.0 * 3.35e12 / it_w).epsilon(rounding));
    // Emissions = E x intensity: TWh x g/kWh x 1e3 = t, / 1e6 = Mt.
    CHECK(r.emissions_mt[i] == Approx(expected_twh * 400.0 * 1e3 / 1e6).epsilon(rounding));
  }
  SECTION("with the PUE simulated, the facility power per server replaces IT power x PUE") {
    auto simulated = inputs;
    simulated.segments[0].pue = Varying::constant(simulated_pue);
    const ProjectionResult s = project_fleet(simulated, constant_power(it_w, 800.0));
    CHECK(s.electricity_twh[s.index(3, 0, 0, 0)] == Approx(servers * 800.0 * 8760.0 / 1e12).epsilon(rounding));
    CHECK(s.pue[s.index(3, 0, 0, 0)] == Approx(800.0 / it_w).epsilon(rounding));
  }
}

TEST_CASE("shipment growth is recovered by an exponential fit of the projected shipments") {
  const double growth = 0.25;
  const auto inputs = one_segment_inputs(one_generation_segment(5e5, 0.1, growth, SurvivalCurve::fixed(5), 1.1));
  const ProjectionResult r = project_fleet(inputs, constant_power(1000.0, 1100.0));
  Eigen::VectorXd t(static_cast<Eigen::Index>(r.years.size()));
  Eigen::VectorXd shipped(t.size());
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    t(static_cast<Eigen::Index>(y)) = r.years[y] - r.years.front();
    shipped(static_cast<Eigen::Index>(y)) = r.shipped_servers[r.index(y, 0, 0, 0)];
  }
  // The first year's shipments follow the history growth; from it on they grow at `growth` exactly.
  const ExponentialFit fit = fit_exponential(t.tail(t.size() - 1), shipped.tail(t.size() - 1));
  CHECK(fit.rate_per_year == Approx(std::log1p(growth)).epsilon(1e-10));
  CHECK(fit.rms_log_residual < 1e-10);
}

TEST_CASE("base-year shipments make the installed base from a growing history") {
  // Fixed 3-year life, history growth 100 %/yr: installed = s0 (1 + 1/2 + 1/4) = 1.75 s0.
  CHECK(base_year_shipments(1750.0, 1.0, SurvivalCurve::fixed(3), history_years(SurvivalCurve::fixed(3))) ==
        Approx(1000.0).epsilon(rounding));
  CHECK(history_years(SurvivalCurve::fixed(3)) == 2);
  CHECK_THROWS_AS(base_year_shipments(-1.0, 0.0, SurvivalCurve::fixed(3), 2), std::invalid_argument);
}

TEST_CASE("a server's power follows its year's utilisation, whatever its vintage") {
  // A constant fleet (no growth, 5-year life) whose servers draw more each year as utilisation rises: every vintage
  // installed in a year draws that year's power, E(y) = N x P(y) x 8,760 h x PUE.
  const auto inputs =
      one_segment_inputs(one_generation_segment(1000.0, 0.0, 0.0, SurvivalCurve::fixed(5), 1.2), 2022, 2026);
  const auto power_in = [](int year) { return 5000.0 + 500.0 * (year - 2022); };
  const ProjectionResult r = project_fleet(inputs, [&](std::size_t, std::size_t, std::size_t, std::size_t, int year) {
    return ServerMeanPower{power_in(year), 0.0};
  });
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    const double expected = r.installed_servers[r.index(y, 0, 0, 0)] * power_in(r.years[y]) * 8760.0 * 1.2 / 1e12;
    CHECK(r.electricity_twh[r.index(y, 0, 0, 0)] == Approx(expected).epsilon(rounding));
    CHECK(r.installed_servers[r.index(y, 0, 0, 0)] == Approx(1000.0).epsilon(rounding));
  }
}

TEST_CASE("a vintage's power is its year's share-weighted mix of generations") {
  auto segment = one_generation_segment(1000.0, 0.0, 0.0, SurvivalCurve::fixed(1), 1.0);
  // One-year life: the fleet of each year is that year's vintage. Old generation until 2023, new from 2025.
  segment.generations = {{"old", 8, Varying::trajectory({{2023, 1.0}, {2025, 0.0}})},
                         {"new", 4, Varying::trajectory({{2023, 0.0}, {2025, 1.0}})}};
  const auto inputs = one_segment_inputs(segment, 2022, 2026);
  const ProjectionResult r = project_fleet(inputs, [](std::size_t, std::size_t g, std::size_t, std::size_t, int) {
    return ServerMeanPower{g == 0 ? 1000.0 : 3000.0, 0.0};
  });
  const double twh_per_w = 1000.0 * 8760.0 / 1e12;
  CHECK(r.electricity_twh[r.index(0, 0, 0, 0)] == Approx(1000.0 * twh_per_w));  // 2022: old only
  CHECK(r.electricity_twh[r.index(2, 0, 0, 0)] == Approx(2000.0 * twh_per_w));  // 2024: half and half
  CHECK(r.electricity_twh[r.index(4, 0, 0, 0)] == Approx(3000.0 * twh_per_w));  // 2026: new only
  CHECK(r.installed_accelerators[r.index(2, 0, 0, 0)] == Approx(6.0 * 1000.0));
}

TEST_CASE("varying inputs: trajectories interpolate, by-case tables follow the like chain, a gap is an error") {
  const Varying trajectory = Varying::trajectory({{2020, 400.0}, {2030, 200.0}});
  CHECK(trajectory.at({"", {}, 2019}) == 400.0);
  CHECK(trajectory.at({"", {}, 2025}) == Approx(300.0));
  CHECK(trajectory.at({"", {}, 2040}) == 200.0);
  const Varying by_case = Varying::by_case({"base", "high"}, {Varying::constant(1.0), Varying::constant(2.0)});
  CHECK(by_case.at({"", {"mine", "high", "base"}, 0}) == 2.0);
  CHECK(by_case.at({"", {"base"}, 0}) == 1.0);
  CHECK_THROWS_AS(by_case.at({"", {"low"}, 0}), std::out_of_range);
  const Varying by_region = Varying::by_region({"us"}, {trajectory});
  CHECK(by_region.at({"us", {}, 2025}) == Approx(300.0));
  CHECK_THROWS_AS(by_region.at({"eu", {}, 2025}), std::out_of_range);
  CHECK_THROWS_AS(Varying::trajectory({{2020, 1.0}, {2020, 2.0}}), std::invalid_argument);
}

TEST_CASE("crypto electricity is split over regions by normalised shares and adds up to the series") {
  auto inputs = one_segment_inputs(one_generation_segment(0.0, 0.0, 0.0, SurvivalCurve::fixed(5), 1.5), 2022, 2026);
  inputs.regions.push_back({"china", Varying::constant(550.0)});
  inputs.crypto =
      CryptoSeries{"crypto", Varying::trajectory({{2022, 110.0}, {2026, 160.0}}),
                   Varying::by_region({"world", "china"}, {Varying::constant(3.0), Varying::constant(1.0)})};
  const ProjectionResult r = project_fleet(inputs, constant_power(0.0, 0.0));
  const std::size_t crypto = 1;
  CHECK(r.electricity_twh[r.index(4, crypto, 0, 0)] == Approx(120.0));
  CHECK(r.electricity_twh[r.index(4, crypto, 1, 0)] == Approx(40.0));
  CHECK(r.emissions_mt[r.index(4, crypto, 1, 0)] == Approx(40.0 * 550.0 / 1e3));
  CHECK(std::isnan(r.pue[r.index(4, crypto, 1, 0)]));
  // Shares that change over the years split each year by that year's weights.
  inputs.crypto->share =
      Varying::by_region({"world", "china"}, {Varying::constant(1.0), Varying::trajectory({{2022, 1.0}, {2026, 3.0}})});
  const ProjectionResult moving = project_fleet(inputs, constant_power(0.0, 0.0));
  CHECK(moving.electricity_twh[moving.index(0, crypto, 1, 0)] == Approx(55.0));
  CHECK(moving.electricity_twh[moving.index(4, crypto, 1, 0)] == Approx(120.0));
}

TEST_CASE("inputs that make no fleet are refused with the segment, region and case named") {
  auto segment = one_generation_segment(10.0, 0.0, 0.0, SurvivalCurve::fixed(5), 1.2);
  segment.generations[0].share = Varying::constant(0.0);
  CHECK_THROWS_WITH(project_fleet(one_segment_inputs(segment), constant_power(1.0, 1.0)),
                    Catch::Contains("segment 'servers', region 'world', case 'base'") &&
                        Catch::Contains("every generation's share is 0"));
}

TEST_CASE("a server without accelerators draws idle + (max - idle) x utilisation") {
  CHECK(server_power_at_utilisation_w({150.0, 450.0}, 0.35) == Approx(255.0));
  CHECK(server_power_at_utilisation_w({150.0, 450.0}, 0.0) == 150.0);
  CHECK_THROWS_AS(server_power_at_utilisation_w({150.0, 450.0}, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(server_power_at_utilisation_w({500.0, 450.0}, 0.5), std::invalid_argument);
}
