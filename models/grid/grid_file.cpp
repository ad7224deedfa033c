#include "models/grid/grid_file.hpp"

#include "models/base/hourly_csv.hpp"
#include "models/base/text_fields.hpp"
#include "models/base/units.hpp"

#include <limits>

namespace terawatt {

namespace {

// Electricity Maps' hourly export (app.electricitymaps.com/datasets): "Datetime (UTC)" as "2023-01-01 00:00:00"
// and both intensities in gCO2eq/kWh, the subscript 2 written in UTF-8 (U+2082).
constexpr const char* em_time_column = "Datetime (UTC)";
constexpr const char* em_lca_column =
    "Carbon Intensity gCO\xE2\x82\x82"
    "eq/kWh (LCA)";
constexpr const char* em_direct_column =
    "Carbon Intensity gCO\xE2\x82\x82"
    "eq/kWh (direct)";
constexpr const char* em_unit = "g/kWh";

// ENTSO-E's "Actual Generation per Production Type" export: the interval in "MTU" and one column per production
// type and kind, "Fossil Gas  - Actual Aggregated [MW]" (generation) beside "... - Actual Consumption [MW]"
// (pumping, read by nobody here); "n/e" marks a type that does not exist in the area.
constexpr const char* entsoe_time_column = "MTU";
constexpr std::string_view entsoe_generation_suffix = "- Actual Aggregated";
constexpr const char* entsoe_not_existing = "n/e";

std::string or_default(const std::string& value, const char* fallback) {
  return value.empty() ? std::string(fallback) : value;
}

// The production type of an ENTSO-E generation column ("Fossil Gas" of "Fossil Gas  - Actual Aggregated"), or ""
// for any other column.
std::string production_type(const std::string& column_name) {
  if (column_name.size() <= entsoe_generation_suffix.size()) return "";
  const std::size_t at = column_name.size() - entsoe_generation_suffix.size();
  if (column_name.compare(at, std::string::npos, entsoe_generation_suffix) != 0) return "";
  return std::string(trim(std::string_view(column_name).substr(0, at)));
}

std::string known_types() {
  std::string names;
  for (const EmissionFactor& factor : entsoe_emission_factors()) {
    names += (names.empty() ? "" : ", ") + factor.production_type;
  }
  return names;
}

// The generation columns of an ENTSO-E file and the factor of each, in file order.
void generation_columns(const std::string& path, const GridFileLayout& layout, const HourlyCsvLayout& csv,
                        std::vector<CsvColumn>& columns, std::vector<const EmissionFactor*>& factors) {
  const HourlyCsvHeader header = read_hourly_csv_header(path, csv);
  const std::string where = path + ":" + std::to_string(header.line) + ": ";
  for (const std::string& name : header.column_names) {
    const std::string type = production_type(name);
    if (type.empty()) continue;
    const EmissionFactor* factor = find_emission_factor(type, layout.stated_factors);
    if (factor == nullptr) {
      throw SeriesFileError(where + "column '" + name + "': production type '" + type +
                            "' has no emission factor (expected one of the ENTSO-E types: " + known_types() +
                            "; or state its factor in emission_factors)");
    }
    // Generation is not negative; ENTSO-E's "n/e" (not existing) is none.
    columns.push_back(
        {name, Dimension::power, 0.0, std::numeric_limits<double>::infinity(), "", "", entsoe_not_existing});
    factors.push_back(factor);
  }
  if (columns.empty()) {
    throw SeriesFileError(where + "header has no generation column (expected columns such as 'Fossil Gas  " +
                          std::string(entsoe_generation_suffix) + " [MW]')");
  }
}

// Each hour's intensity: the generation-weighted mean of the factors, storage left out.
StepSeries generation_intensity(const std::string& path, const GridFileLayout& layout, const HourlyCsvLayout& csv,
                                double start_epoch_s, double end_epoch_s) {
  std::vector<CsvColumn> columns;
  std::vector<const EmissionFactor*> factors;
  generation_columns(path, layout, csv, columns, factors);
  const HourlyCsvTable table = read_hourly_csv_table(path, columns, start_epoch_s, end_epoch_s, csv);
  const std::size_t hours = table.row_lines.size();
  std::vector<double> intensity(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    double emitted = 0.0;    // kg/s
    double generated = 0.0;  // W
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (!factors[c]->kg_per_j) continue;
      const double power_w = table.series[c].values()[h];
      emitted += power_w * *factors[c]->kg_per_j;
      generated += power_w;
    }
    if (!(generated > 0.0)) {
      throw SeriesFileError(path + ":" + std::to_string(table.row_lines[h]) +
                            ": the generation of this hour is 0 MW, so it has no intensity (expected "
                            "generation in at least one column of a production type that is not storage)");
    }
    intensity[h] = emitted / generated;
  }
  const StepSeries& first = table.series.front();
  return StepSeries(first.start_epoch_s(), first.step_s(), std::move(intensity));
}

}  // namespace

const std::vector<GridFileFormatInfo>& grid_file_formats() {
  static const std::vector<GridFileFormatInfo> formats{
      {GridFileFormat::terawatt, "terawatt"},
      {GridFileFormat::electricity_maps, "electricity_maps"},
      {GridFileFormat::entsoe_generation, "entsoe_generation"},
  };
  return formats;
}

std::optional<GridFileFormat> find_grid_file_format(std::string_view name) {
  for (const GridFileFormatInfo& info : grid_file_formats()) {
    if (info.name == name) return info.format;
  }
  return std::nullopt;
}

std::string_view grid_file_format_name(GridFileFormat format) {
  for (const GridFileFormatInfo& info : grid_file_formats()) {
    if (info.format == format) return info.name;
  }
  return "";
}

StepSeries read_grid_intensity_file(const std::string& path, const GridFileLayout& layout, double start_epoch_s,
                                    double end_epoch_s, double max_kg_per_j) {
  HourlyCsvLayout csv;
  csv.utc_offset_h = layout.utc_offset_h;
  CsvColumn intensity{"carbon_intensity", Dimension::carbon_intensity, 0.0, max_kg_per_j};
  intensity.header = layout.intensity_column;
  intensity.unit = layout.intensity_unit;
  switch (layout.format) {
    case GridFileFormat::terawatt:
      csv.time_column = or_default(layout.time_column, "time");
      break;
    case GridFileFormat::electricity_maps:
      csv.time_column = or_default(layout.time_column, em_time_column);
      csv.utc_offset_h = 0.0;  // the column's name says UTC
      intensity.header =
          or_default(layout.intensity_column, layout.basis == IntensityBasis::lca ? em_lca_column : em_direct_column);
      intensity.unit = or_default(layout.intensity_unit, em_unit);
      break;
    case GridFileFormat::entsoe_generation:
      csv.time_column = or_default(layout.time_column, entsoe_time_column);
      return generation_intensity(path, layout, csv, start_epoch_s, end_epoch_s);
  }
  return read_hourly_csv(path, {intensity}, start_epoch_s, end_epoch_s, csv).front();
}

}  // namespace terawatt
