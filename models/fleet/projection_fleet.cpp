#include "models/fleet/projection_fleet.hpp"

#include "models/fleet/demand_driven_stock.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr int max_history_years = 50;
constexpr double negligible_survival = 1e-9;

void require_growth(double growth, const std::string& what) {
  if (!(growth > -1.0) || !std::isfinite(growth)) {
    throw std::invalid_argument(what + ": growth must be finite and above -100 % a year");
  }
}

// One segment in one region for one case: shipments over history and horizon, then the stock by vintage.
struct SegmentFleet {
  FleetStock stock;
  int history = 0;  // years before the first year in `stock`
};

SegmentFleet segment_fleet(const ProjectionInputs& inputs, const ProjectionSegment& segment, ProjectionPoint where,
                           const std::string& what) {
  SegmentFleet result;
  result.history = history_years(segment.survival);
  const int y0 = inputs.first_year;
  where.year = y0;
  const double installed = segment.installed.at(where);
  const double g_hist = segment.history_growth.at(where);
  require_growth(g_hist, what + " history_growth");
  if (!(installed >= 0.0) || !std::isfinite(installed)) throw std::invalid_argument(what + ": installed must be >= 0");
  const int n = result.history + (inputs.last_year - y0) + 1;
  Eigen::VectorXd shipped(n);
  const double s0 = base_year_shipments(installed, g_hist, segment.survival, result.history);
  for (int i = 0; i <= result.history; ++i) shipped(i) = s0 * std::pow(1.0 + g_hist, i - result.history);
  for (int i = result.history + 1; i < n; ++i) {
    where.year = y0 + (i - result.history);
    if (segment.shipments) {
      shipped(i) = segment.shipments->at(where);
      if (!(shipped(i) >= 0.0) || !std::isfinite(shipped(i))) {
        throw std::invalid_argument(what + ": shipments must be >= 0");
      }
    } else {
      const double g = segment.growth.at(where);
      require_growth(g, what + " growth");
      shipped(i) = shipped(i - 1) * (1.0 + g);
    }
  }
  result.stock = fleet_stock(y0 - result.history, shipped, segment.survival);
  return result;
}

// The generations' weights in each vintage's shipments (vintages x generations), each row normalised to 1.
Eigen::MatrixXd vintage_weights(const ProjectionSegment& segment, ProjectionPoint where, int first_vintage_year,
                                Eigen::Index vintages, const std::string& what) {
  const auto generations = static_cast<Eigen::Index>(segment.generations.size());
  Eigen::MatrixXd weights(vintages, generations);
  for (Eigen::Index v = 0; v < vintages; ++v) {
    where.year = first_vintage_year + static_cast<int>(v);
    for (Eigen::Index g = 0; g < generations; ++g) {
      const auto& generation = segment.generations[static_cast<std::size_t>(g)];
      weights(v, g) = generation.share.at(where);
      if (!(weights(v, g) >= 0.0) || !std::isfinite(weights(v, g))) {
        throw std::invalid_argument(what + ": generation '" + generation.name + "' has a negative share");
      }
    }
    const double weight_sum = weights.row(v).sum();
    if (!(weight_sum > 0.0)) {
      throw std::invalid_argument(what + ": every generation's share is 0 in " + std::to_string(where.year) +
                                  " (expected a positive share for at least one)");
    }
    weights.row(v) /= weight_sum;
  }
  return weights;
}

}  // namespace

int history_years(const SurvivalCurve& survival) {
  int age = 0;
  while (age < max_history_years && survival.at(age + 1) > negligible_survival) ++age;
  return age;
}

double base_year_shipments(double installed, double history_growth, const SurvivalCurve& survival, int history) {
  if (!(installed >= 0.0)) throw std::invalid_argument("an installed base must be >= 0");
  require_growth(history_growth, "history");
  double surviving_per_base_shipment = 0.0;
  for (int a = 0; a <= history; ++a) surviving_per_base_shipment += std::pow(1.0 + history_growth, -a) * survival.at(a);
  return installed / surviving_per_base_shipment;
}

namespace {

constexpr double t_per_mt = 1e6;

// A projection input's value in each year of the horizon, at one region and case.
Eigen::VectorXd over_years(const std::vector<int>& years, const ProjectionPoint& where, const Varying& input) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(years.size()));
  for (Eigen::Index y = 0; y < out.size(); ++y) {
    ProjectionPoint at = where;
    at.year = years[static_cast<std::size_t>(y)];
    out(y) = input.at(at);
  }
  return out;
}

// The region's weight in `share` at `at` (region, case, year) over the weights of every region then. Throws
// std::invalid_argument (saying `what`) for a negative weight or weights that sum to 0.
double regional_share(const ProjectionInputs& inputs, const Varying& share, const ProjectionPoint& at,
                      const std::string& what) {
  double share_sum = 0.0;
  for (const auto& region : inputs.regions) {
    const double weight = share.at({region.name, at.case_chain, at.year});
    if (!(weight >= 0.0) || !std::isfinite(weight)) throw std::invalid_argument(what + ": shares must be >= 0");
    share_sum += weight;
  }
  if (!(share_sum > 0.0)) {
    throw std::invalid_argument(what + ": every region's share is 0 in " + std::to_string(at.year));
  }
  return share.at(at) / share_sum;
}

// The region's share of a demand-driven segment's demand in each year of the horizon.
Eigen::VectorXd regional_demand(const ProjectionInputs& inputs, const ProjectionSegment& segment,
                                const std::vector<int>& years, const ProjectionPoint& where, const std::string& what) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(years.size()));
  for (Eigen::Index y = 0; y < out.size(); ++y) {
    ProjectionPoint at = where;
    at.year = years[static_cast<std::size_t>(y)];
    out(y) = segment.demand->at(at) * regional_share(inputs, segment.demand_share, at, what + " demand");
    if (!(out(y) >= 0.0) || !std::isfinite(out(y))) throw std::invalid_argument(what + ": demand must be >= 0");
  }
  return out;
}

// A segment's figures per server of each vintage: the share-weighted means over its generations. Power and work
// depend on the year too (its utilisation), so they are (years x vintages), every year of the stock, history included.
struct VintageFigures {
  Eigen::MatrixXd it_w, facility_w, work;
  Eigen::VectorXd accelerators, peak_flop_per_s, bandwidth_bytes_per_s;
};

VintageFigures vintage_figures(const ProjectionSegment& segment, const ServerMeanPowerTable& power, std::size_t s,
                               std::size_t r, std::size_t c, const ProjectionPoint& where, int first_vintage_year,
                               Eigen::Index vintages, const std::string& what) {
  const Eigen::MatrixXd weights = vintage_weights(segment, where, first_vintage_year, vintages, what);
  const auto generations = weights.cols();
  // (generations x years) of each figure, then (vintages x generations) x that, transposed to (years x vintages).
  Eigen::MatrixXd it_w(generations, vintages);
  Eigen::MatrixXd facility_w(generations, vintages);
  Eigen::MatrixXd work(generations, vintages);
  Eigen::VectorXd accelerators(generations);
  Eigen::VectorXd peak(generations);
  Eigen::VectorXd bandwidth(generations);
  for (Eigen::Index g = 0; g < generations; ++g) {
    const auto& generation = segment.generations[static_cast<std::size_t>(g)];
    for (Eigen::Index y = 0; y < vintages; ++y) {
      const ServerMeanPower p = power(s, static_cast<std::size_t>(g), r, c, first_vintage_year + static_cast<int>(y));
      it_w(g, y) = p.it_w;
      facility_w(g, y) = p.facility_w;
      work(g, y) = segment.demand ? p.work_per_year : nan;
    }
    accelerators(g) = static_cast<double>(generation.accelerators_per_server);
    peak(g) = accelerators(g) * generation.peak_flop_per_s;
    bandwidth(g) = accelerators(g) * generation.memory_bandwidth_bytes_per_s;
  }
  return {(weights * it_w).transpose(),
          (weights * facility_w).transpose(),
          (weights * work).transpose(),
          weights * accelerators,
          weights * peak,
          weights * bandwidth};
}

// The segment's stock: sized by its regional demand, or by its installed base and shipments.
SegmentFleet segment_stock(const ProjectionInputs& inputs, const ProjectionSegment& segment,
                           const ProjectionPoint& where, const Eigen::MatrixXd& work, const Eigen::VectorXd& demand,
                           const std::string& what) {
  if (!segment.demand) return segment_fleet(inputs, segment, where, what);
  SegmentFleet fleet;
  fleet.history = history_years(segment.survival);
  ProjectionPoint at = where;
  at.year = inputs.first_year;
  try {
    fleet.stock = demand_driven_stock(inputs.first_year - fleet.history, fleet.history, segment.history_growth.at(at),
                                      work, demand, segment.survival);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(what + ": " + e.what());
  }
  return fleet;
}

// One accelerated or conventional segment in one region and case: its fleet, energy, emissions and stock by year.
void project_segment(const ProjectionInputs& inputs, const ServerMeanPowerTable& power, std::size_t s, std::size_t r,
                     std::size_t c, const ProjectionPoint& where, const Eigen::VectorXd& intensity,
                     ProjectionResult& result) {
  const Eigen::Index years = static_cast<Eigen::Index>(result.years.size());
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(years);
  const ProjectionSegment& segment = inputs.segments[s];
  const std::string what =
      "segment '" + segment.name + "', region '" + where.region + "', case '" + inputs.cases[c].name + "'";
  const int history = history_years(segment.survival);
  const VintageFigures f =
      vintage_figures(segment, power, s, r, c, where, inputs.first_year - history, history + years, what);
  const Eigen::VectorXd demand = segment.demand ? regional_demand(inputs, segment, result.years, where, what)
                                                : Eigen::VectorXd::Constant(years, nan);
  const SegmentFleet fleet = segment_stock(inputs, segment, where, f.work, demand, what);
  // The horizon's rows of the stock and of the powers (the history rows hold the years before the first).
  const Eigen::MatrixXd installed = fleet.stock.installed_by_vintage.bottomRows(years);
  const Eigen::VectorXd pue = over_years(result.years, where, segment.pue);
  const Eigen::VectorXd it_twh = fleet_energy_twh(installed, f.it_w.bottomRows(years), ones);
  // A stated PUE multiplies IT energy; "simulated" takes the simulated facility power instead.
  const bool stated = std::isfinite(pue(0));
  if (stated && !pue.allFinite()) throw std::invalid_argument(what + ": PUE is stated in some years only");
  const Eigen::VectorXd facility_twh = stated ? fleet_energy_twh(installed, f.it_w.bottomRows(years), pue)
                                              : fleet_energy_twh(installed, f.facility_w.bottomRows(years), ones);
  const Eigen::VectorXd emissions_t = fleet_emissions_t(facility_twh, intensity);
  const Eigen::VectorXd installed_accelerators = installed * f.accelerators;
  const Eigen::VectorXd installed_peak = installed * f.peak_flop_per_s;
  const Eigen::VectorXd installed_bandwidth = installed * f.bandwidth_bytes_per_s;
  for (Eigen::Index y = 0; y < years; ++y) {
    const std::size_t i = result.index(static_cast<std::size_t>(y), s, r, c);
    const Eigen::Index row = fleet.history + y;
    result.electricity_twh[i] = facility_twh(y);
    result.it_electricity_twh[i] = it_twh(y);
    result.emissions_mt[i] = emissions_t(y) / t_per_mt;
    result.installed_servers[i] = fleet.stock.installed(row);
    result.installed_accelerators[i] = installed_accelerators(y);
    result.installed_peak_flop_per_s[i] = installed_peak(y);
    result.installed_memory_bandwidth_bytes_per_s[i] = installed_bandwidth(y);
    result.shipped_servers[i] = fleet.stock.shipped(row);
    result.retired_servers[i] = fleet.stock.retired(row);
    result.pue[i] = it_twh(y) > 0.0 ? facility_twh(y) / it_twh(y) : nan;
    result.served_work[i] = demand(y);
  }
}

// Crypto in one region and case: the given total split by normalised regional weights.
void project_crypto(const ProjectionInputs& inputs, std::size_t r, std::size_t c, const ProjectionPoint& where,
                    const Eigen::VectorXd& intensity, ProjectionResult& result) {
  const Eigen::Index years = static_cast<Eigen::Index>(result.years.size());
  for (Eigen::Index y = 0; y < years; ++y) {
    ProjectionPoint at = where;
    at.year = result.years[static_cast<std::size_t>(y)];
    const double twh =
        inputs.crypto->electricity_twh.at(at) * regional_share(inputs, inputs.crypto->share, at, "crypto");
    if (!(twh >= 0.0)) throw std::invalid_argument("crypto: electricity and shares must be >= 0");
    const std::size_t i = result.index(static_cast<std::size_t>(y), inputs.segments.size(), r, c);
    result.electricity_twh[i] = twh;
    result.it_electricity_twh[i] = nan;
    result.emissions_mt[i] = twh * intensity(y) * 1e3 / t_per_mt;  // t = TWh x g/kWh x 1e3 (fleet_emissions_t)
    result.pue[i] = nan;
    result.served_work[i] = nan;
  }
}

}  // namespace

ProjectionResult project_fleet(const ProjectionInputs& inputs, const ServerMeanPowerTable& power) {
  if (inputs.last_year < inputs.first_year) throw std::invalid_argument("the last year precedes the first");
  if (inputs.cases.empty() || inputs.regions.empty())
    throw std::invalid_argument("a projection needs cases and regions");
  ProjectionResult result;
  for (int y = inputs.first_year; y <= inputs.last_year; ++y) result.years.push_back(y);
  for (const auto& s : inputs.segments) result.segments.push_back(s.name);
  if (inputs.crypto) result.segments.push_back(inputs.crypto->name);
  for (const auto& r : inputs.regions) result.regions.push_back(r.name);
  for (const auto& c : inputs.cases) result.cases.push_back(c.name);
  const std::size_t cells = result.years.size() * result.segments.size() * result.regions.size() * result.cases.size();
  for (auto* values : {&result.electricity_twh, &result.it_electricity_twh, &result.emissions_mt,
                       &result.installed_servers, &result.installed_accelerators, &result.installed_peak_flop_per_s,
                       &result.installed_memory_bandwidth_bytes_per_s, &result.shipped_servers, &result.retired_servers,
                       &result.pue, &result.served_work}) {
    values->assign(cells, 0.0);
  }
  for (std::size_t c = 0; c < inputs.cases.size(); ++c) {
    for (std::size_t r = 0; r < inputs.regions.size(); ++r) {
      const ProjectionPoint where{inputs.regions[r].name, inputs.cases[c].chain, inputs.first_year};
      const Eigen::VectorXd intensity = over_years(result.years, where, inputs.regions[r].carbon_intensity_g_per_kwh);
      for (std::size_t s = 0; s < inputs.segments.size(); ++s) {
        project_segment(inputs, power, s, r, c, where, intensity, result);
      }
      if (inputs.crypto) project_crypto(inputs, r, c, where, intensity, result);
    }
  }
  return result;
}

double fleet_capacity_per_it_w(const ProjectionResult& result, const std::vector<double>& installed, std::size_t year,
                               std::size_t case_index) {
  constexpr double w_per_twh_per_year = 1e12 / fleet_hours_per_year;  // mean W of 1 TWh over a year
  double capacity = 0.0;
  double it_w = 0.0;
  for (std::size_t s = 0; s < result.segments.size(); ++s) {
    for (std::size_t r = 0; r < result.regions.size(); ++r) {
      const std::size_t i = result.index(year, s, r, case_index);
      if (!(result.installed_accelerators[i] > 0.0)) continue;
      capacity += installed[i];
      it_w += result.it_electricity_twh[i] * w_per_twh_per_year;
    }
  }
  return capacity > 0.0 && it_w > 0.0 ? capacity / it_w : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace terawatt
