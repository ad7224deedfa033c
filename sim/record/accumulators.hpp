#pragma once
// What the sampler sums over the intervals: per site, and per workload its share of its site.

namespace terawatt {

// Sums over the intervals of one site.
struct SiteAccumulator {
  double it_j = 0.0, facility_j = 0.0, cooling_j = 0.0, distribution_j = 0.0, other_j = 0.0;
  double emissions_kg = 0.0, marginal_emissions_kg = 0.0, market_emissions_kg = 0.0;
  double onsite_water_m3 = 0.0, offsite_water_m3 = 0.0;
};

// A workload's share of its site: its IT energy times the interval's PUE, intensity and water per energy.
struct WorkloadAccumulator {
  double it_j = 0.0, facility_j = 0.0, emissions_kg = 0.0, water_m3 = 0.0;
};

}  // namespace terawatt
