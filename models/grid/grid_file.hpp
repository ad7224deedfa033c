#pragma once
// An hourly grid carbon-intensity file in one of the forms terawatt reads: its own (`time`, `carbon_intensity
// [g/kWh]`), a public export of Electricity Maps (an intensity per hour) or of the ENTSO-E Transparency Platform
// (generation per production type, converted with emission factors, models/grid/emission_factors.hpp), or any
// CSV through a column mapping. The file is read by the strict hourly CSV reader (models/base/hourly_csv.hpp), so
// every defect is a SeriesFileError naming file:line.

#include "models/base/step_series.hpp"
#include "models/grid/emission_factors.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

enum class GridFileFormat {
  terawatt,           // time, carbon_intensity [<unit>]
  electricity_maps,   // Electricity Maps' hourly CSV: Datetime (UTC), Carbon Intensity gCO2eq/kWh (direct|LCA)
  entsoe_generation,  // ENTSO-E Actual Generation per Production Type: MTU, "<type>  - Actual Aggregated [MW]"
};

// Which of Electricity Maps' two intensities: lifecycle (plant construction, fuel supply and operation) or
// direct (combustion at the plant only).
enum class IntensityBasis { lca, direct };

struct GridFileFormatInfo {
  GridFileFormat format;
  std::string_view name;  // as a scenario writes it
};
const std::vector<GridFileFormatInfo>& grid_file_formats();
std::optional<GridFileFormat> find_grid_file_format(std::string_view name);
std::string_view grid_file_format_name(GridFileFormat format);

// How to read one file; every empty or absent field takes the format's default.
struct GridFileLayout {
  GridFileFormat format = GridFileFormat::terawatt;
  IntensityBasis basis = IntensityBasis::lca;  // electricity_maps only
  std::string time_column;
  std::string intensity_column;  // not for entsoe_generation, whose intensity is computed
  std::string intensity_unit;    // for a header without a bracketed unit
  // Zone of zone-less times, hours east of UTC. Electricity Maps' column is UTC by its name, so 0 for it.
  std::optional<double> utc_offset_h;
  std::vector<EmissionFactor> stated_factors;  // entsoe_generation: these first, then the built-in ones
};

// The hourly carbon intensity (kg/J) over the whole file, which must cover [start, end); intensities above
// max_kg_per_j are refused as a unit mistake. Throws SeriesFileError.
StepSeries read_grid_intensity_file(const std::string& path, const GridFileLayout& layout, double start_epoch_s,
                                    double end_epoch_s, double max_kg_per_j);

}  // namespace terawatt
