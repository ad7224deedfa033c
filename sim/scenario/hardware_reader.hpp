#pragma once
// Reads user-defined hardware: a scenario's `hardware` section and catalog files (sim/scenario/hardware_schema.cpp)
// into a HardwareCatalog (models/power/hardware_catalog.hpp) on top of the built-in entries. Each entry is checked by
// the rules of the built-in ones (check_accelerator, check_server) and every mistake is a ScenarioError located at
// file:line:col with the key's path.

#include "models/power/hardware_catalog.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <vector>

namespace terawatt {

// What a scenario may name, and what its user declared.
struct ScenarioHardware {
  HardwareCatalog catalog;   // built-in, then the user's entries
  HardwareCatalog declared;  // the user's entries alone, resolved (no based_on), in the order declared
};

// The built-in catalog, then the files of the scenario's top-level `catalog` (a path or a list of paths, relative to
// `base_dir`), then `catalog_files` (relative to the working directory), then the `hardware` section of `root`.
ScenarioHardware read_scenario_hardware(const YamlSource& context, const MapReader& root, const std::string& base_dir,
                                        const std::vector<std::string>& catalog_files);

// One catalog file (a mapping with `accelerators` and `servers` lists) on top of `hardware`.
void read_catalog_file(const std::string& path, ScenarioHardware& hardware);

}  // namespace terawatt
