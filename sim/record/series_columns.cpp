#include "sim/record/series_columns.hpp"

#include <limits>

namespace terawatt {
namespace {
// Carbon intensity is reported in g/kWh, the unit of the studies in docs/references.md G.
constexpr double g_per_kg = 1000.0;
constexpr double j_per_kwh = 3.6e6;

}  // namespace

// Every value describes the interval between its time bounds (time_bnds): a mean over it, or, for the cumulative
// ones, the running total at its end.

const std::vector<Column<ClusterSample>>& cluster_series_columns() {
  using C = ClusterSample;
  static const std::vector<Column<C>> columns{
      {{"it_power", "W", "IT power", "cluster", interval_mean("accelerators, their servers' hosts and the network")},
       [](const C& c) { return c.it_j / c.length_s; }},
      {{"gpu_power", "W", "accelerator power", "cluster", interval_mean()},
       [](const C& c) { return c.accelerator_j / c.length_s; }},
      {{"network_power", "W", "network power", "cluster", interval_mean("the fabric's switches and transceivers")},
       [](const C& c) { return c.network_j / c.length_s; }},
  };
  return columns;
}

const std::vector<Column<SiteSample>>& site_series_columns() {
  using S = SiteSample;
  static const std::vector<Column<S>> columns{
      {{"site_it_power", "W", "site IT power", "site", interval_mean()},
       [](const S& s) { return s.interval.it_j / s.length_s; }},
      {{"facility_power", "W", "facility power", "site", interval_mean()},
       [](const S& s) { return s.interval.facility_j / s.length_s; }},
      {{"overhead_power", "W", "facility overhead power", "site", interval_mean("facility power - IT power")},
       [](const S& s) { return (s.interval.facility_j - s.interval.it_j) / s.length_s; }},
      {{"cooling_power", "W", "cooling power", "site", interval_mean("cooling plant; NaN with a constant PUE")},
       [](const S& s) { return s.interval.cooling_j / s.length_s; }},
      {{"distribution_loss_power", "W", "distribution losses", "site",
        interval_mean("UPS and PDU losses; NaN with a constant PUE")},
       [](const S& s) { return s.interval.distribution_j / s.length_s; }},
      {{"other_power", "W", "other facility loads", "site",
        interval_mean("lighting and other fixed loads; NaN with a constant PUE")},
       [](const S& s) { return s.interval.other_j / s.length_s; }},
      // An empty site (no IT load) still has its facility's view of PUE at zero load: undefined, so NaN.
      {{"pue", "1", "PUE", "site",
        interval_mean("power usage effectiveness: facility / IT energy of the interval; NaN without IT load")},
       [](const S& s) { return s.interval.it_j > 0.0 ? s.interval.pue() : std::numeric_limits<double>::quiet_NaN(); }},
      {{"outdoor_temperature",
        "degC",
        "outdoor temperature",
        "site",
        {"outdoor dry-bulb air temperature; NaN without weather", "time: mean", "air_temperature"}},
       [](const S& s) { return s.interval.dry_bulb_c; }},
      {{"wet_bulb_temperature",
        "degC",
        "wet-bulb temperature",
        "site",
        {"outdoor wet-bulb temperature; NaN without weather", "time: mean", "wet_bulb_temperature"}},
       [](const S& s) { return s.interval.wet_bulb_c; }},
      {{"carbon_intensity", "g/(kW h)", "carbon intensity", "site",
        interval_mean("grid carbon intensity, location-based: CO2e per energy drawn")},
       [](const S& s) { return s.interval.carbon_intensity_kg_per_j * g_per_kg * j_per_kwh; }},
      {{"emissions_rate", "g/s", "emissions rate", "site", interval_mean("operational CO2e, location-based")},
       [](const S& s) { return s.interval.emissions_kg * g_per_kg / s.length_s; }},
      {{"marginal_emissions_rate", "g/s", "marginal emissions rate", "site",
        interval_mean("consequential CO2e at the grid's marginal intensity; NaN if none is given")},
       [](const S& s) { return s.interval.marginal_emissions_kg * g_per_kg / s.length_s; }},
      {{"market_emissions_rate", "g/s", "market-based emissions rate", "site",
        interval_mean("market-based CO2e; NaN if no market-based intensity is given")},
       [](const S& s) { return s.interval.market_emissions_kg * g_per_kg / s.length_s; }},
      {{"energy", "J", "facility energy to date", "site", value_at_end("facility energy since the start of the run")},
       [](const S& s) { return s.total.facility_j; }},
      {{"emissions", "kg", "emissions to date", "site",
        value_at_end("operational CO2e, location-based, since the start of the run")},
       [](const S& s) { return s.total.emissions_kg; }},
      {{"water_onsite", "m^3", "on-site water to date", "site",
        value_at_end("water consumed on site (cooling towers) since the start of the run")},
       [](const S& s) { return s.total.onsite_water_m3; }},
      {{"water_offsite", "m^3", "off-site water to date", "site",
        value_at_end("water consumed to generate the electricity since the start of the run")},
       [](const S& s) { return s.total.offsite_water_m3; }},
  };
  return columns;
}

const std::vector<Column<WorkloadSample>>& workload_series_columns() {
  using W = WorkloadSample;
  static const std::vector<Column<W>> columns{
      {{"workload_power", "W", "workload IT power", "workload",
        interval_mean("IT power of the servers the workload holds")},
       [](const W& w) { return w.it_j / w.length_s; }},
  };
  return columns;
}

}  // namespace terawatt
