#pragma once
// Facility classes: a cooling plant and power chain for each, with the published annual PUE it is checked
// against (docs/references.md F, RC-60) in a typical climate for the class.

#include "models/facility/climate.hpp"
#include "models/facility/cooling_plant.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// Largest PUE a scenario may state. Reported PUEs run from 1.09 (Google's fleet, 2024) to 2.5 (the Uptime Institute
// industry average of 2007) (docs/references.md F, RC-60). Assumption: 5, twice the highest, still admits an
// inefficient small machine room and refuses a typo or a PUE written as a percentage.
constexpr double max_stated_pue = 5.0;

struct FacilityPreset {
  std::string name;  // "hyperscale", "colocation", "enterprise", "liquid-cooled-ai"
  std::string description;
  CoolingPlantParams plant;  // design_it_power_w is 0: set it per site with with_design_capacity
  double published_annual_pue = 0.0;
  std::string
      published_source;         // where the target comes from (docs/references.md section), or that it is an assumption
  std::string typical_climate;  // climate preset the target is checked in
  double typical_load_fraction = 0.7;  // IT load / design capacity for that check (constant over the year)
  // The one parameter fitted so that the modelled annual PUE meets the target; every other is set from physics
  // or literature (see `source`).
  std::string fitted_parameter;
  std::string source;  // the reasoning and provenance of every parameter
  // A user's preset (sim/scenario/hardware_reader.hpp): the built-in preset it starts from, through any user presets
  // between; empty for a built-in one.
  std::string built_in_base;
};

const std::vector<FacilityPreset>& facility_presets();
// nullptr if unknown; exact, case-sensitive.
const FacilityPreset* find_facility_preset(std::string_view name);

// The plant with its design IT capacity set. Throws std::invalid_argument unless design_it_power_w is finite > 0.
CoolingPlantParams with_design_capacity(CoolingPlantParams plant, double design_it_power_w);

// A plant run over weather at constant IT power: energy-weighted totals (sum of facility / sum of IT).
struct PlantYearSummary {
  double it_energy_j = 0.0;
  double facility_energy_j = 0.0;
  double cooling_energy_j = 0.0;
  double onsite_water_m3 = 0.0;
  std::array<double, 12> monthly_it_energy_j{};  // by UTC calendar month
  std::array<double, 12> monthly_facility_energy_j{};
  double pue() const;                   // facility / IT energy
  double monthly_pue(int month) const;  // month 1-12; NaN for a month the weather did not cover
  double wue_l_per_kwh() const;  // on-site water / IT energy, litres per kWh (docs/references.md RC-61 convention)
};
// Evaluates every hour of `weather` (dry and wet bulb must share start, step and length; else
// std::invalid_argument).
PlantYearSummary summarise_plant(const CoolingPlantParams& plant, const WeatherSeries& weather, double it_power_w);

// Seed and year of the synthetic typical year in which presets are checked (any seed works: the synthetic weather
// keeps every month's normal mean; this one is fixed so that the catalog and tests print the same numbers).
inline constexpr std::uint64_t preset_check_seed = 2024;
inline constexpr std::int64_t preset_check_year = 2023;  // non-leap

// The preset in its typical climate at its typical load over preset_check_year, synthetic weather with
// preset_check_seed, at a design capacity of 1 MW (results are per unit of capacity).
PlantYearSummary typical_year_summary(const FacilityPreset& preset);

// Table for `terawatt catalog`: name, published vs modelled annual PUE, WUE, climate, then description and sources.
// A preset without a published PUE (a user's, published_annual_pue 0) shows "-" there.
std::string format_facility_presets(const std::vector<FacilityPreset>& presets);
std::string format_facility_presets();  // the built-in presets

}  // namespace terawatt
