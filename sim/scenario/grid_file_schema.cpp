// The keys of a grid file's column mapping, `sites[].grid.columns` and `sites[].grid.units` (read by
// sim/scenario/grid_file_reader.cpp; the other grid keys are in scenario_schema.cpp's grid_section).

#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {

namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& grid_columns_section() {
  static const SectionSpec section{
      "sites[].grid.columns",
      "Which columns of `grid.file` hold the time and the intensity, named as the header writes them (quotes "
      "removed; with or without a `[unit]`).",
      {
          {"time", ValueType::text, none, "", true,
           "The time column: ISO 8601 (zone-less times need `grid.utc_offset`) or ENTSO-E's "
           "`DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM (UTC)`. Absent: the format's (`time`)."},
          {"carbon_intensity", ValueType::text, none, "", true,
           "The intensity column. Absent: the format's (`carbon_intensity`)."},
      }};
  return section;
}

const SectionSpec& grid_units_section() {
  static const SectionSpec section{
      "sites[].grid.units",
      "Units of `grid.file`'s mapped columns, for a header that writes its unit in its name.",
      {
          {"carbon_intensity", ValueType::text, none, "", true,
           "A carbon-intensity unit (g/kWh, kg/kWh, kg/MWh, t/MWh, g/MJ, lb/MWh). Absent: the header's `[unit]`."},
      }};
  return section;
}

}  // namespace terawatt
