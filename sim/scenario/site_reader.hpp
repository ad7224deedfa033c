#pragma once
// A site's facility and grid, read from `sites[i]` once the clusters are known (the plant's default capacity is
// the nameplate of the site's clusters): data files are read and weather synthesised here, so that every
// problem with them is reported before simulated time starts.

#include "models/power/hardware_catalog.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <vector>

namespace terawatt {

// A data file named in the scenario: relative paths are taken from `base_dir`, the scenario file's folder.
std::string resolve_scenario_path(const std::string& base_dir, const std::string& path);

// The folder of the scenario file `display_name` names ("." for a bare file name): the `base_dir` above.
std::string scenario_base_dir(const std::string& display_name);

// `base_dir` resolves relative data-file paths (the scenario file's folder). `hardware` holds the user's facility
// presets, which `facility.preset` may name beside the built-in ones (sim/scenario/hardware_reader.hpp).
void read_site_environment(const YamlSource& source, const MapReader& map, const ScenarioInfo& info,
                           const std::vector<Cluster>& clusters, std::size_t site_index, const std::string& base_dir,
                           Site& site, const HardwareCatalog& hardware = builtin_catalog());

}  // namespace terawatt
