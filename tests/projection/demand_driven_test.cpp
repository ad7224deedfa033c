// Demand-driven fleets (models/fleet/demand_driven_stock.hpp, and through project_fleet): every year the installed
// servers deliver the demand; the stock-flow identity holds; where demand follows a stock-flow fleet the two views
// give the same fleet; falling demand retires servers early; the regional split follows the shares.

#include "models/fleet/demand_driven_stock.hpp"
#include "models/fleet/projection_fleet.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace terawatt;

namespace {

constexpr double rounding = 1e-12;

// Work a server of each vintage delivers in each year (years x vintages): newer vintages more, as hardware
// generations improve 30 % a year, and every server more each year as utilisation rises 5 % a year.
Eigen::MatrixXd improving_work(Eigen::Index years) {
  Eigen::MatrixXd work(years, years);
  for (Eigen::Index y = 0; y < years; ++y) {
    for (Eigen::Index v = 0; v < years; ++v) {
      work(y, v) = 1e6 * std::pow(1.3, static_cast<double>(v)) * std::pow(1.05, static_cast<double>(y));
    }
  }
  return work;
}

double delivered(const FleetStock& fleet, const Eigen::MatrixXd& work, Eigen::Index row) {
  return fleet.installed_by_vintage.row(row).dot(work.row(row));
}

}  // namespace

TEST_CASE("a demand-driven fleet delivers the demand in every year, rising or falling") {
  const int history = 4;
  Eigen::VectorXd demand(9);
  demand << 1e12, 2e12, 4e12, 8e12, 6e12, 2e12, 2e12, 5e12, 0.0;
  const Eigen::MatrixXd work = improving_work(history + demand.size());
  for (const SurvivalCurve& survival : {SurvivalCurve::fixed(5), SurvivalCurve::weibull(3.0, 5.0)}) {
    const FleetStock fleet = demand_driven_stock(2020, history, 0.4, work, demand, survival);
    double previous = 0.0;
    for (Eigen::Index y = 0; y < fleet.installed.size(); ++y) {
      if (y >= history) {
        CHECK(delivered(fleet, work, y) == Approx(demand(y - history)).epsilon(rounding).margin(1e-6));
      }
      CHECK(fleet.shipped(y) >= 0.0);
      CHECK(fleet.retired(y) >= -1e-9 * std::max(1.0, previous));
      CHECK(fleet.installed(y) == Approx(previous + fleet.shipped(y) - fleet.retired(y)).epsilon(rounding));
      previous = fleet.installed(y);
    }
    // Demand fell from 8e12 to 6e12: nothing shipped, and the cut shows as retirements beyond the survival curve's.
    CHECK(fleet.shipped(history + 4) == 0.0);
    CHECK(fleet.installed(history + 8) == Approx(0.0).margin(1e-9));
  }
}

TEST_CASE("where demand is what a stock-flow fleet delivers, the demand-driven fleet is that fleet") {
  // The two views meet in the first year: a stock-flow fleet (shipments growing 25 % a year, history at 40 %) of
  // servers that each deliver w, and a demand equal to what it delivers, give the same shipments and stock.
  const SurvivalCurve survival = SurvivalCurve::fixed(5);
  const int history = history_years(survival);
  const int years = 7;
  Eigen::VectorXd shipped(history + years);
  const double s0 = base_year_shipments(50'000.0, 0.4, survival, history);
  for (int i = 0; i <= history; ++i) shipped(i) = s0 * std::pow(1.4, i - history);
  for (int i = history + 1; i < shipped.size(); ++i) shipped(i) = shipped(i - 1) * 1.25;
  const FleetStock stock_flow = fleet_stock(2024 - history, shipped, survival);
  const Eigen::MatrixXd work = Eigen::MatrixXd::Constant(shipped.size(), shipped.size(), 3.2e22);
  const Eigen::VectorXd demand = stock_flow.installed.tail(years) * 3.2e22;
  const FleetStock driven = demand_driven_stock(2024 - history, history, 0.4, work, demand, survival);
  for (Eigen::Index i = 0; i < shipped.size(); ++i) {
    CHECK(driven.shipped(i) == Approx(stock_flow.shipped(i)).epsilon(1e-10));
    CHECK(driven.installed(i) == Approx(stock_flow.installed(i)).epsilon(1e-10));
    CHECK(driven.retired(i) == Approx(stock_flow.retired(i)).epsilon(1e-10).margin(1e-6));
  }
}

TEST_CASE("demand-driven stocks refuse work they cannot size a fleet with") {
  const SurvivalCurve survival = SurvivalCurve::fixed(3);
  Eigen::VectorXd demand(2);
  demand << 1.0, 2.0;
  Eigen::MatrixXd work = Eigen::MatrixXd::Ones(4, 4);
  work(0, 3) = 0.0;  // above the diagonal: a vintage before its year, never read
  CHECK_NOTHROW(demand_driven_stock(2020, 2, 0.1, work, demand, survival));
  CHECK_THROWS_WITH(demand_driven_stock(2020, 1, 0.1, work, demand, survival), Catch::Contains("cover the history"));
  work(3, 3) = 0.0;
  CHECK_THROWS_WITH(demand_driven_stock(2020, 2, 0.1, work, demand, survival), Catch::Contains("must be positive"));
  work(3, 3) = 1.0;
  demand(1) = -1.0;
  CHECK_THROWS_WITH(demand_driven_stock(2020, 2, 0.1, work, demand, survival), Catch::Contains("demand must be"));
  demand(1) = 1.0;
  CHECK_THROWS_WITH(demand_driven_stock(2020, 2, -1.0, work, demand, survival), Catch::Contains("-100 %"));
}

TEST_CASE("a demand-driven projection splits its demand by region and meets it with the coupling's work per server") {
  ProjectionInputs inputs;
  inputs.first_year = 2024;
  inputs.last_year = 2030;
  inputs.cases.push_back({"base", {"base"}});
  inputs.regions.push_back({"us", Varying::constant(350.0)});
  inputs.regions.push_back({"china", Varying::constant(540.0)});
  ProjectionSegment s;
  s.name = "ai-inference";
  s.generations.push_back({"h100", 8, Varying::trajectory({{2024, 1.0}, {2026, 0.0}}), 989e12, 3.35e12});
  s.generations.push_back({"b200", 8, Varying::trajectory({{2024, 0.0}, {2026, 1.0}}), 2250e12, 8e12});
  s.history_growth = Varying::constant(0.4);
  s.survival = SurvivalCurve::fixed(5);
  s.pue = Varying::constant(1.2);
  s.demand = Varying::trajectory({{2024, 1e18}, {2030, 2e19}});  // tokens a year
  s.demand_share = Varying::by_region({"us", "china"}, {Varying::constant(3.0), Varying::constant(1.0)});
  inputs.segments.push_back(s);
  // An H100 server delivers 1e13 tokens a year at 6 kW; a B200 server 3e13 at 9 kW.
  const ServerMeanPowerTable power = [](std::size_t, std::size_t g, std::size_t, std::size_t, int) {
    return g == 0 ? ServerMeanPower{6000.0, 7000.0, 1e13} : ServerMeanPower{9000.0, 10'000.0, 3e13};
  };
  const ProjectionResult r = project_fleet(inputs, power);
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    const double asked = 1e18 + (2e19 - 1e18) * static_cast<double>(y) / 6.0;
    CHECK(r.served_work[r.index(y, 0, 0, 0)] == Approx(0.75 * asked).epsilon(rounding));
    CHECK(r.served_work[r.index(y, 0, 1, 0)] == Approx(0.25 * asked).epsilon(rounding));
    CHECK(r.installed_servers[r.index(y, 0, 0, 0)] == Approx(3.0 * r.installed_servers[r.index(y, 0, 1, 0)]));
  }
  // First year: all H100 (the history vintages ship H100 only), so servers = demand / work per server, and
  // E = servers x 6 kW x 8,760 h x PUE 1.2.
  const double servers_us = 0.75e18 / 1e13;
  CHECK(r.installed_servers[r.index(0, 0, 0, 0)] == Approx(servers_us).epsilon(rounding));
  CHECK(r.electricity_twh[r.index(0, 0, 0, 0)] == Approx(servers_us * 6000.0 * 8760.0 * 1.2 / 1e12).epsilon(rounding));
  CHECK(r.installed_accelerators[r.index(0, 0, 0, 0)] == Approx(8.0 * servers_us).epsilon(rounding));
}
