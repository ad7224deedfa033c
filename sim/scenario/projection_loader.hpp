#pragma once
// YAML projection scenario (+ --set overrides) -> ProjectionScenario. Like the simulation's loader, every error is a
// ScenarioError located at file:line:col (or at the --set override) and is raised before anything runs.

#include "sim/scenario/projection_scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

// True when the file is a YAML mapping with a top-level `projection` key; false when it is not, or cannot be read
// or parsed (the simulation's loader then reports why).
bool is_projection_file(const std::string& path);
// The same test on a file's text.
bool is_projection_text(const std::string& yaml_text);

// `catalog_files`: hardware catalog files (--catalog) added to the built-in catalog after the document's own `catalog`
// files, before its `hardware` section, as for a simulation (sim/scenario/hardware_reader.hpp).
ProjectionScenario load_projection_file(const std::string& path, const std::vector<std::string>& overrides = {},
                                        const std::vector<std::string>& catalog_files = {});
ProjectionScenario load_projection_text(const std::string& yaml_text, const std::string& display_name,
                                        const std::vector<std::string>& overrides = {},
                                        const std::vector<std::string>& catalog_files = {});

}  // namespace terawatt
