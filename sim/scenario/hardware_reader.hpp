#pragma once
// Reads user-defined hardware: a scenario's `hardware` section and catalog files (sim/scenario/hardware_schema.cpp)
// into a HardwareCatalog (models/power/hardware_catalog.hpp) on top of the built-in entries. Each entry is checked by
// the rules of the built-in ones (check_accelerator, check_server, validate_cooling_plant) and every mistake is a
// ScenarioError located at file:line:col with the key's path.

#include "models/facility/cooling_plant.hpp"
#include "models/power/hardware_catalog.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <string_view>
#include <utility>
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

// One catalog file (a mapping with `accelerators`, `servers` and `facilities` lists) on top of `hardware`.
void read_catalog_file(const std::string& path, ScenarioHardware& hardware);

// The facility preset `name`: the user's (hardware.facilities), else the built-in one; nullptr if neither.
const FacilityPreset* find_facility(const HardwareCatalog& hardware, std::string_view name);
// The built-in presets with the user's changes in place, then the user's new ones: what a site may name.
std::vector<FacilityPreset> all_facilities(const HardwareCatalog& hardware);

// The keys of a user facility (sim/scenario/hardware_schema.cpp). A plant group is a nested mapping of
// `hardware.facilities[]` ("chiller", "liquid_cooling.pumps"; "" for the facility's own keys); each of its number keys
// is a field of CoolingPlantParams, named as validate_cooling_plant names it in a message.
const SectionSpec& hardware_facility_section();
struct PlantKey {
  std::string_view key;
  double& (*field)(CoolingPlantParams&);
};
struct PlantGroup {
  std::string_view path;
  SectionSpec section;  // the number keys, then the group's enumeration or nested group
  std::vector<PlantKey> keys;
};
const std::vector<PlantGroup>& facility_plant_groups();
// The words a facility writes for the plant's enumerations (chiller.heat_rejection, economiser.type).
const std::vector<std::pair<std::string_view, HeatRejection>>& heat_rejection_names();
const std::vector<std::pair<std::string_view, EconomiserType>>& economiser_type_names();

}  // namespace terawatt
