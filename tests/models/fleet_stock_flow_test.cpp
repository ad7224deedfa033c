#include "models/fleet/fleet_stock_flow.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace terawatt;

namespace {

// Whole-number shipments: with integers below 2^53 and a fixed lifetime (survival 0 or 1) every sum is exact in
// doubles, so conservation can be asserted with ==.
Eigen::VectorXd random_ish_shipments(int years) {
  std::mt19937 rng(20231010u);
  std::uniform_int_distribution<int> draw(0, 2'000'000);
  Eigen::VectorXd shipped(years);
  for (int y = 0; y < years; ++y) {
    shipped(y) = draw(rng);
  }
  return shipped;
}

}  // namespace

TEST_CASE("stock-flow conservation holds exactly on a random-ish table with a fixed lifetime") {
  const Eigen::VectorXd shipped = random_ish_shipments(20);
  const FleetStock fleet = fleet_stock(2015, shipped, SurvivalCurve::fixed(4));
  double cumulative_shipped = 0.0;
  double cumulative_retired = 0.0;
  for (Eigen::Index y = 0; y < shipped.size(); ++y) {
    cumulative_shipped += fleet.shipped(y);
    cumulative_retired += fleet.retired(y);
    CHECK(fleet.installed(y) == cumulative_shipped - cumulative_retired);
    CHECK(fleet.retired(y) >= 0.0);
    // A 4-year lifetime retires vintage y - 4 whole in year y.
    CHECK(fleet.retired(y) == (y >= 4 ? shipped(y - 4) : 0.0));
  }
}

TEST_CASE("stock-flow conservation holds to rounding with a Weibull lifetime") {
  const Eigen::VectorXd shipped = random_ish_shipments(25);
  const FleetStock fleet = fleet_stock(2010, shipped, SurvivalCurve::weibull(2.5, 5.0));
  double cumulative_shipped = 0.0;
  double cumulative_retired = 0.0;
  for (Eigen::Index y = 0; y < shipped.size(); ++y) {
    cumulative_shipped += fleet.shipped(y);
    cumulative_retired += fleet.retired(y);
    // Rounding only: 25 additions of numbers around 1e7 lose at most a few ulps each.
    CHECK(fleet.installed(y) == Approx(cumulative_shipped - cumulative_retired).epsilon(1e-12).margin(1e-6));
    CHECK(fleet.retired(y) >= -1e-6);
    CHECK(fleet.installed_by_vintage.row(y).sum() == Approx(fleet.installed(y)));
  }
  // Vintages are never installed before they ship.
  CHECK(fleet.installed_by_vintage(0, 1) == 0.0);
}

TEST_CASE("survival curves: fixed lifetime is a step, Weibull follows exp(-(a / lambda)^k)") {
  const SurvivalCurve fixed = SurvivalCurve::fixed(5);
  CHECK(fixed.at(0) == 1.0);
  CHECK(fixed.at(4) == 1.0);
  CHECK(fixed.at(5) == 0.0);
  const SurvivalCurve weibull = SurvivalCurve::weibull(2.0, 4.0);
  CHECK(weibull.at(0) == 1.0);
  CHECK(weibull.at(4) == Approx(std::exp(-1.0)));  // at age = scale, survival is 1/e whatever the shape
  CHECK(weibull.at(2) == Approx(std::exp(-0.25)));
  CHECK(weibull.at(3) > weibull.at(6));
  CHECK_THROWS(SurvivalCurve::fixed(0));
  CHECK_THROWS(SurvivalCurve::weibull(0.0, 5.0));
  CHECK_THROWS(fixed.at(-1));
}

TEST_CASE("a constant fleet uses N x P x 8,760 h x PUE every year") {
  constexpr int years = 6;
  constexpr double servers = 123'456.0;
  constexpr double power_w = 750.0;
  constexpr double pue = 1.4;
  Eigen::VectorXd shipped = Eigen::VectorXd::Zero(years);
  shipped(0) = servers;
  const FleetStock fleet = fleet_stock(2024, shipped, SurvivalCurve::fixed(years + 10));
  const Eigen::VectorXd energy_twh =
      fleet_energy_twh(fleet, Eigen::VectorXd::Constant(years, power_w), Eigen::VectorXd::Ones(years),
                       Eigen::VectorXd::Constant(years, pue));
  for (int y = 0; y < years; ++y) {
    CHECK(fleet.installed(y) == servers);
    // 365-day years; leap years are not modelled.
    CHECK(energy_twh(y) == Approx(servers * power_w * 8760.0 * pue / 1e12).epsilon(1e-15));
  }
}

TEST_CASE("de Vries 2023: 1.5M AI servers at 6.5 kW and 10.2 kW use 85.41 and 134.03 TWh a year") {
  // docs/references.md RC-40: 1.5M x 6.5 kW x 8,760 h = 85.41 TWh; x 10.2 kW = 134.03 TWh; full capacity, no PUE.
  Eigen::VectorXd shipped(1);
  shipped << 1.5e6;
  const FleetStock fleet = fleet_stock(2027, shipped, SurvivalCurve::fixed(5));
  const Eigen::VectorXd one = Eigen::VectorXd::Ones(1);
  CHECK(fleet_energy_twh(fleet, Eigen::VectorXd::Constant(1, 6500.0), one, one)(0) == Approx(85.41).epsilon(0.001));
  CHECK(fleet_energy_twh(fleet, Eigen::VectorXd::Constant(1, 10200.0), one, one)(0) == Approx(134.03).epsilon(0.001));
}

TEST_CASE("energy weights each vintage by its own power, and emissions are TWh x g/kWh x 1e3 t") {
  Eigen::VectorXd shipped(3);
  shipped << 100.0, 200.0, 0.0;
  const FleetStock fleet = fleet_stock(2020, shipped, SurvivalCurve::fixed(2));
  Eigen::VectorXd power_w(3);
  power_w << 1000.0, 2000.0, 3000.0;
  Eigen::VectorXd utilisation(3);
  utilisation << 0.5, 0.5, 1.0;
  const Eigen::VectorXd pue = Eigen::VectorXd::Constant(3, 1.2);
  const Eigen::VectorXd energy_twh = fleet_energy_twh(fleet, power_w, utilisation, pue);
  CHECK(energy_twh(0) == Approx(100 * 1000.0 * 0.5 * 8760 * 1.2 / 1e12));
  CHECK(energy_twh(1) == Approx((100 * 1000.0 + 200 * 2000.0) * 0.5 * 8760 * 1.2 / 1e12));
  CHECK(energy_twh(2) == Approx(200 * 2000.0 * 1.0 * 8760 * 1.2 / 1e12));  // vintage 0 retired after 2 years
  const Eigen::VectorXd intensity = Eigen::VectorXd::Constant(3, 400.0);
  // 1 TWh at 400 g/kWh = 1e9 kWh x 400 g = 4e11 g = 400,000 t.
  CHECK(fleet_emissions_t(Eigen::VectorXd::Ones(3), intensity)(1) == Approx(400'000.0));
  CHECK(fleet_emissions_t(energy_twh, intensity)(2) == Approx(energy_twh(2) * 400.0 * 1e3));
}

TEST_CASE("growth series: exponential from a base year and logistic towards a ceiling") {
  const Eigen::VectorXd exponential = exponential_series(2020, 5, 2022, 100.0, 0.2);
  CHECK(exponential(2) == Approx(100.0));
  CHECK(exponential(4) == Approx(100.0 * std::exp(0.4)));
  CHECK(exponential(0) == Approx(100.0 * std::exp(-0.4)));
  const Eigen::VectorXd logistic = logistic_series(2020, 11, 1000.0, 0.8, 2025.0);
  CHECK(logistic(5) == Approx(500.0));
  CHECK(logistic(10) < 1000.0);
}

TEST_CASE("fleet model rejects inconsistent inputs") {
  CHECK_THROWS(fleet_stock(2020, Eigen::VectorXd(), SurvivalCurve::fixed(3)));
  CHECK_THROWS(fleet_stock(2020, Eigen::VectorXd::Constant(3, -1.0), SurvivalCurve::fixed(3)));
  const FleetStock fleet = fleet_stock(2020, Eigen::VectorXd::Ones(3), SurvivalCurve::fixed(3));
  const Eigen::VectorXd one = Eigen::VectorXd::Ones(3);
  CHECK_THROWS(fleet_energy_twh(fleet, Eigen::VectorXd::Ones(2), one, one));
  CHECK_THROWS(fleet_energy_twh(fleet, one, Eigen::VectorXd::Constant(3, 1.5), one));
  CHECK_THROWS(fleet_energy_twh(fleet, one, one, Eigen::VectorXd::Constant(3, 0.9)));
  CHECK_THROWS(fleet_emissions_t(one, Eigen::VectorXd::Ones(2)));
}
