#pragma once
// What the sampler sums over the intervals: per site, and per workload its share of its site.

namespace terawatt {

// Sums over the intervals of one site.
struct SiteAccumulator {
  double it_j = 0.0, facility_j = 0.0, cooling_j = 0.0, distribution_j = 0.0, other_j = 0.0;
  double emissions_kg = 0.0, marginal_emissions_kg = 0.0, market_emissions_kg = 0.0;
  double onsite_water_m3 = 0.0, offsite_water_m3 = 0.0;
};

// A site's supply since the start (models/supply/site_dispatch.hpp): energies on the site's bus, and what the site
// would have emitted drawing all its facility energy from the grid.
struct SupplyAccumulator {
  double pv_j = 0.0, pv_used_j = 0.0, export_j = 0.0, curtailed_j = 0.0, import_j = 0.0, excess_j = 0.0;
  double battery_charge_j = 0.0, battery_discharge_j = 0.0, grid_to_battery_j = 0.0;
  double emissions_without_supply_kg = 0.0;
  double cost = 0.0;  // energy cost less export revenue, interval by interval (the demand charge is monthly)
};

// A workload's share of its site: its IT energy times the interval's PUE, intensity and water per energy.
struct WorkloadAccumulator {
  double it_j = 0.0, facility_j = 0.0, emissions_kg = 0.0, water_m3 = 0.0;
};

}  // namespace terawatt
