#pragma once
// Grid regions used in published studies (docs/references.md G), with the year and source of each figure, so
// that a scenario can reproduce a study with the intensity that study used rather than a current value.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

struct GridPreset {
  std::string name;
  std::string description;
  double carbon_intensity_kg_per_j = 0.0;           // location-based average (gross)
  std::optional<double> market_intensity_kg_per_j;  // after hourly carbon-free-energy matching (net), where published
  std::optional<double> water_intensity_m3_per_j;   // off-site water of electricity (EWIF), where published
  std::string source;
};

const std::vector<GridPreset>& grid_presets();
const GridPreset* find_grid_preset(std::string_view name);
std::string format_grid_presets();

}  // namespace terawatt
