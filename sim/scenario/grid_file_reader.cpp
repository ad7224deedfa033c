#include "sim/scenario/grid_file_reader.hpp"

#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {

constexpr double g_per_kwh_per_kg_per_j = 3.6e9;

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const GridFileFormatInfo& info : grid_file_formats()) names.emplace_back(info.name);
  return names;
}

GridFileFormat read_format(const MapReader& grid) {
  const auto name = grid.name(grid_section().key("format"));
  if (!name) return GridFileFormat::terawatt;
  const auto format = find_grid_file_format(*name);
  if (!format) {
    const auto names = format_names();
    grid.fail("format", "unknown grid file format '" + *name + "'" + did_you_mean(*name, names) +
                            " (expected one of: " + join(names) + ")");
  }
  return *format;
}

IntensityBasis read_basis(const MapReader& grid, GridFileFormat format) {
  const auto basis = grid.name(grid_section().key("basis"));
  if (!basis) return IntensityBasis::lca;
  if (format != GridFileFormat::electricity_maps) {
    grid.fail("basis",
              "applies to format electricity_maps, whose file has both intensities (expected no basis, or "
              "format: electricity_maps)");
  }
  if (*basis == "lca") return IntensityBasis::lca;
  if (*basis == "direct") return IntensityBasis::direct;
  grid.fail("basis",
            "unknown basis '" + *basis + "'" + did_you_mean(*basis, {"lca", "direct"}) + " (expected lca or direct)");
}

// `columns: {time, carbon_intensity}` and `units: {carbon_intensity}`: names as the file's header writes them.
void read_mapping(const YamlSource& source, const MapReader& grid, GridFileLayout& layout) {
  if (grid.has("columns")) {
    const auto& spec = grid_columns_section();
    const MapReader columns(source, grid.child("columns"), grid.child_path("columns"), spec);
    layout.time_column = columns.text(spec.key("time")).value_or("");
    layout.intensity_column = columns.text(spec.key("carbon_intensity")).value_or("");
    if (!layout.intensity_column.empty() && layout.format == GridFileFormat::entsoe_generation) {
      columns.fail("carbon_intensity",
                   "format entsoe_generation computes the intensity from the generation columns (expected "
                   "no carbon_intensity column, or another format)");
    }
  }
  if (grid.has("units")) {
    const auto& spec = grid_units_section();
    const MapReader units(source, grid.child("units"), grid.child_path("units"), spec);
    const auto unit = units.text(spec.key("carbon_intensity"));
    if (unit) {
      const UnitSpec* found = find_unit(*unit);
      if (found == nullptr || found->dimension != Dimension::carbon_intensity) {
        units.fail("carbon_intensity", "'" + *unit + "' is not a unit of carbon intensity (expected one of: " +
                                           accepted_units(Dimension::carbon_intensity) + ")");
      }
      layout.intensity_unit = *unit;
    }
  }
}

// `emission_factors: {Fossil Gas: 450 g/kWh}`: free keys, the production types as the file's header names them.
std::vector<EmissionFactor> read_factors(const YamlSource& source, const MapReader& grid, double max_kg_per_j) {
  const YAML::Node node = grid.child("emission_factors");
  if (!node.IsMap()) grid.fail("emission_factors", "expected a mapping of production types to carbon intensities");
  std::vector<std::string> types;
  for (const auto& entry : node) types.push_back(entry.first.IsScalar() ? entry.first.Scalar() : "");
  const MapReader map(source, node, grid.child_path("emission_factors"), types);
  std::vector<EmissionFactor> factors;
  for (const std::string& type : types) {
    const KeySpec spec{type, ValueType::quantity, Dimension::carbon_intensity, "", false, ""};
    const double kg_per_j = *map.quantity(spec);
    if (!(kg_per_j <= max_kg_per_j)) {
      map.fail(type, short_number(kg_per_j * g_per_kwh_per_kg_per_j) + " g/kWh is implausibly high (expected at most " +
                         short_number(max_kg_per_j * g_per_kwh_per_kg_per_j) + " g/kWh; check the unit)");
    }
    factors.push_back({type, kg_per_j, "stated in the scenario"});
  }
  return factors;
}

}  // namespace

GridFileLayout read_grid_file_layout(const YamlSource& source, const MapReader& grid, bool has_file,
                                     double max_kg_per_j) {
  if (!has_file) {
    for (const char* key : {"format", "basis", "columns", "units", "emission_factors"}) {
      if (grid.has(key))
        grid.fail(key, "describes grid.file, which is absent (expected a file, or no " + std::string(key) + ")");
    }
    return {};
  }
  GridFileLayout layout;
  layout.format = read_format(grid);
  layout.basis = read_basis(grid, layout.format);
  read_mapping(source, grid, layout);
  if (grid.has("emission_factors")) {
    if (layout.format != GridFileFormat::entsoe_generation) {
      grid.fail("emission_factors",
                "applies to format entsoe_generation, whose generation mix they convert (expected no "
                "emission_factors, or format: entsoe_generation)");
    }
    layout.stated_factors = read_factors(source, grid, max_kg_per_j);
  }
  return layout;
}

}  // namespace terawatt
