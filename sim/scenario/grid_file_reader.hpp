#pragma once
// How a site's hourly grid file is read: its `format`, the Electricity Maps `basis`, a column mapping (`columns`,
// `units`), the zone of zone-less times (`utc_offset`) and stated `emission_factors`, all keys of `sites[].grid`
// (sim/scenario/scenario_schema.cpp). Each is checked where it is written, so a wrong key is located at its place
// in the scenario; the file itself is read by models/grid/grid_file.hpp.

#include "models/grid/grid_file.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace terawatt {

// The layout of `grid.file`. `has_file` is whether the grid names a file: without one, any layout key is an error.
// `max_kg_per_j` bounds stated emission factors (the bound of every carbon intensity of a site).
GridFileLayout read_grid_file_layout(const YamlSource& source, const MapReader& grid, bool has_file,
                                     double max_kg_per_j);

}  // namespace terawatt
