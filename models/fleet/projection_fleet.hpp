#pragma once
// Fleet projection: electricity, emissions and installed hardware by year, segment, region and case, from
// a stock-flow model of installed servers by vintage (models/fleet/fleet_stock_flow.hpp) times the annual mean power of
// one installed server, which the simulator measures on representative clusters (the coupling, supplied here as a
// ServerMeanPowerTable so that this model stays pure).
//
// Method, for each segment, region and case:
//  1. Shipments. Before and in the first year they grow at `history_growth` a year, scaled so that the servers still
//     installed in the first year (every earlier vintage on the survival curve) equal `installed`:
//       s(y0) = installed / sum_a (1 + g_hist)^-a survival(a),  s(y) = s(y0) (1 + g_hist)^(y - y0) for y < y0.
//     After it, s(y) = s(y - 1) (1 + growth(y)), or the `shipments` table where the scenario gives one.
//  2. Stock. installed(y, v) = s(v) survival(y - v); retirements follow from installed = shipped - retired, exactly.
//  3. Vintage power. A vintage's shipments are a mix of generations weighted by their `share` in its year; its
//     power per server in year y is the share-weighted mean of the generations' powers at year y's utilisation (IT
//     and facility, from the coupling).
//  4. Energy. With a stated PUE: E = sum_v installed(y, v) x IT power(y, v) x 8,760 h x PUE(y). Without (PUE
//     "simulated"): E = sum_v installed(y, v) x facility power(y, v) x 8,760 h, the facility power the simulated
//     cooling plant drew for that load and climate. Mean PUE = facility / IT energy.
//  5. Emissions = E x grid intensity of the region (case, year).
// A demand-driven segment (`demand` given) replaces steps 1-2: its stock is sized every year so that its servers
// deliver the demand, the region's share of it (models/fleet/demand_driven_stock.hpp), each server delivering the
// work the coupling says one server of its generation delivers in a year; steps 3-5 are the same.
// Crypto mining is a given series of electricity by case and year, split over regions by its `share` weights.

#include "models/fleet/fleet_stock_flow.hpp"
#include "models/fleet/projection_varying.hpp"

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// A PUE leaf that says "take the simulated facility power" instead of a stated ratio.
inline constexpr double simulated_pue = std::numeric_limits<double>::quiet_NaN();

struct ProjectionGeneration {
  std::string name;
  int accelerators_per_server = 0;  // 0 for servers without accelerators
  Varying share;                    // weight of this generation in a year's shipments (normalised over generations)
  double peak_flop_per_s = 0.0;     // of one accelerator, dense 16-bit (the catalog's peak); 0 without accelerators
  double memory_bandwidth_bytes_per_s = 0.0;  // of one accelerator's HBM (the catalog's); 0 without accelerators
};

struct ProjectionSegment {
  std::string name;
  std::vector<ProjectionGeneration> generations;
  Varying installed;                 // servers installed in the first year, all vintages
  Varying history_growth;            // annual growth of shipments up to the first year (0.1 = +10 % a year)
  Varying growth;                    // annual growth of shipments after the first year
  std::optional<Varying> shipments;  // servers shipped per year after the first year; replaces `growth`
  SurvivalCurve survival;
  Varying pue;  // facility / IT; simulated_pue: the coupling's facility power
  // Demand-driven: the work asked of the segment in a year, all regions (FLOP, requests, tokens, images or minutes of
  // video: the unit of the coupling's work_per_year), split over regions by `demand_share` (weights normalised over
  // the regions). Replaces `installed`, `growth` and `shipments` in the model (the loader checks a stated `installed`
  // against it).
  std::optional<Varying> demand;
  Varying demand_share = Varying::constant(1.0);
};

struct ProjectionCase {
  std::string name;
  std::vector<std::string> chain;  // the case, then the case it is like, ...: how by-case values are looked up
};

struct ProjectionRegion {
  std::string name;
  Varying carbon_intensity_g_per_kwh;
};

struct CryptoSeries {
  std::string name = "crypto";
  Varying electricity_twh;  // final electricity per year and case, all regions
  Varying share;            // by region, weights normalised over the regions
};

struct ProjectionInputs {
  int first_year = 0;
  int last_year = 0;
  std::vector<ProjectionCase> cases;
  std::vector<ProjectionRegion> regions;
  std::vector<ProjectionSegment> segments;
  std::optional<CryptoSeries> crypto;
};

// Annual mean power of one installed server: IT (server and accelerators) and facility (IT plus cooling and
// distribution losses at the site), W.
struct ServerMeanPower {
  double it_w = 0.0;
  double facility_w = 0.0;
  double work_per_year = 0.0;  // demand-driven segments: the work one server delivers in a year, in the demand's unit
};
// In calendar year `year`: a segment's utilisation may change over the years, and with it a server's power and work
// (any year is asked for, those before the first included, for the vintages installed then).
using ServerMeanPowerTable = std::function<ServerMeanPower(std::size_t segment, std::size_t generation,
                                                           std::size_t region, std::size_t case_index, int year)>;

// Values are row-major over (year, segment, region, case); segments are the inputs' then the crypto series.
struct ProjectionResult {
  std::vector<int> years;
  std::vector<std::string> segments;
  std::vector<std::string> regions;
  std::vector<std::string> cases;
  std::vector<double> electricity_twh;
  std::vector<double> it_electricity_twh;  // crypto: NaN (the series is final electricity)
  std::vector<double> emissions_mt;        // Mt CO2e
  std::vector<double> installed_servers;   // crypto: 0 (not modelled)
  std::vector<double> installed_accelerators;
  std::vector<double> installed_peak_flop_per_s;               // the installed accelerators' dense 16-bit peaks, summed
  std::vector<double> installed_memory_bandwidth_bytes_per_s;  // the installed accelerators' HBM bandwidths, summed
  std::vector<double> shipped_servers;
  std::vector<double> retired_servers;
  std::vector<double> pue;          // facility / IT energy; NaN where there is no IT energy or for crypto
  std::vector<double> served_work;  // demand-driven segments: the demand served in the year; NaN for the others
  std::size_t index(std::size_t year, std::size_t segment, std::size_t region, std::size_t case_index) const {
    return ((year * segments.size() + segment) * regions.size() + region) * cases.size() + case_index;
  }
};

// Servers shipped in the first year so that `installed` of them remain then, shipments having grown at
// `history_growth` a year over the `history_years` before it. Throws std::invalid_argument for a negative base or
// a growth <= -100 %.
double base_year_shipments(double installed, double history_growth, const SurvivalCurve& survival, int history_years);

// Years of history before the first year that still hold servers: the ages at which survival is above 1e-9, at most
// 50 (a survival curve with a longer tail is cut there; the cut is below 1e-9 of a vintage for any lifetime the
// scenario schema accepts).
int history_years(const SurvivalCurve& survival);

// The fleet's mean efficiency in year index `year` and case `case_index`: an installed capacity of its accelerators
// (`installed`: ProjectionResult::installed_peak_flop_per_s, FLOP/s per W, or installed_memory_bandwidth_bytes_per_s,
// bytes/s per W) over the mean IT power of the segments that hold them (IT electricity / 8,760 h). It measures the
// hardware, not the work done: utilisation and idle time lower the power, not the capacity. NaN without accelerators.
double fleet_capacity_per_it_w(const ProjectionResult& result, const std::vector<double>& installed, std::size_t year,
                               std::size_t case_index);

// Throws std::invalid_argument (with the segment, region and case named) for inputs that make no fleet: negative
// values, all-zero generation shares, growth <= -100 %; std::out_of_range for a missing region or case entry.
ProjectionResult project_fleet(const ProjectionInputs& inputs, const ServerMeanPowerTable& power);

}  // namespace terawatt
