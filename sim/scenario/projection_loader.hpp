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

ProjectionScenario load_projection_file(const std::string& path, const std::vector<std::string>& overrides = {});
ProjectionScenario load_projection_text(const std::string& yaml_text, const std::string& display_name,
                                        const std::vector<std::string>& overrides = {});

}  // namespace terawatt
