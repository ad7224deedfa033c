#include "sim/record/series_columns.hpp"

#include <limits>

namespace terawatt {
namespace {
// Carbon intensity is reported in g/kWh, the unit of the studies in docs/references.md G.
constexpr double g_per_kg = 1000.0;
constexpr double j_per_kwh = 3.6e6;
}  // namespace

// Every value is the mean over the interval that ends at its time stamp, except the cumulative ones.
const std::vector<Column<ClusterSample>>& cluster_series_columns() {
  using C = ClusterSample;
  static const std::vector<Column<C>> columns{
      {{"it_power", "W", "IT power (accelerators and their servers' hosts), interval mean", "cluster"},
       [](const C& c) { return c.it_j / c.length_s; }},
      {{"gpu_power", "W", "accelerator power, interval mean", "cluster"},
       [](const C& c) { return c.accelerator_j / c.length_s; }},
  };
  return columns;
}

const std::vector<Column<SiteSample>>& site_series_columns() {
  using S = SiteSample;
  static const std::vector<Column<S>> columns{
      {{"site_it_power", "W", "IT power of the site, interval mean", "site"},
       [](const S& s) { return s.interval.it_j / s.length_s; }},
      {{"facility_power", "W", "facility power, interval mean", "site"},
       [](const S& s) { return s.interval.facility_j / s.length_s; }},
      {{"overhead_power", "W", "facility overhead (facility - IT power), interval mean", "site"},
       [](const S& s) { return (s.interval.facility_j - s.interval.it_j) / s.length_s; }},
      {{"cooling_power", "W", "cooling plant power (NaN with a constant PUE), interval mean", "site"},
       [](const S& s) { return s.interval.cooling_j / s.length_s; }},
      {{"distribution_loss_power", "W", "UPS and PDU losses (NaN with a constant PUE), interval mean", "site"},
       [](const S& s) { return s.interval.distribution_j / s.length_s; }},
      {{"other_power", "W", "lighting and other fixed loads (NaN with a constant PUE), interval mean", "site"},
       [](const S& s) { return s.interval.other_j / s.length_s; }},
      // An empty site (no IT load) still has its facility's view of PUE at zero load: undefined, so NaN.
      {{"pue", "1", "power usage effectiveness, facility / IT energy of the interval", "site"},
       [](const S& s) { return s.interval.it_j > 0.0 ? s.interval.pue() : std::numeric_limits<double>::quiet_NaN(); }},
      {{"outdoor_temperature", "degC", "outdoor dry-bulb temperature, interval mean (NaN without weather)", "site"},
       [](const S& s) { return s.interval.dry_bulb_c; }},
      {{"wet_bulb_temperature", "degC", "outdoor wet-bulb temperature, interval mean (NaN without weather)", "site"},
       [](const S& s) { return s.interval.wet_bulb_c; }},
      {{"carbon_intensity", "g/kWh", "grid carbon intensity, location-based, interval mean", "site"},
       [](const S& s) { return s.interval.carbon_intensity_kg_per_j * g_per_kg * j_per_kwh; }},
      {{"emissions_rate", "g/s", "operational CO2e emissions rate, location-based, interval mean", "site"},
       [](const S& s) { return s.interval.emissions_kg * g_per_kg / s.length_s; }},
      {{"marginal_emissions_rate", "g/s", "consequential CO2e rate at the marginal intensity (NaN if none)", "site"},
       [](const S& s) { return s.interval.marginal_emissions_kg * g_per_kg / s.length_s; }},
      {{"market_emissions_rate", "g/s", "market-based CO2e rate (NaN if none)", "site"},
       [](const S& s) { return s.interval.market_emissions_kg * g_per_kg / s.length_s; }},
      {{"energy", "J", "facility energy since the start, cumulative", "site"},
       [](const S& s) { return s.total.facility_j; }},
      {{"emissions", "kg", "operational CO2e emissions since the start, location-based, cumulative", "site"},
       [](const S& s) { return s.total.emissions_kg; }},
      {{"water_onsite", "m3", "on-site water consumed (cooling towers) since the start, cumulative", "site"},
       [](const S& s) { return s.total.onsite_water_m3; }},
      {{"water_offsite", "m3", "water consumed to generate the electricity since the start, cumulative", "site"},
       [](const S& s) { return s.total.offsite_water_m3; }},
  };
  return columns;
}

const std::vector<Column<WorkloadSample>>& workload_series_columns() {
  using W = WorkloadSample;
  static const std::vector<Column<W>> columns{
      {{"workload_power", "W", "IT power of the servers the workload holds, interval mean", "workload"},
       [](const W& w) { return w.it_j / w.length_s; }},
  };
  return columns;
}

}  // namespace terawatt
