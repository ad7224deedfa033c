#pragma once
// YAML scenario file (+ --set overrides) -> typed, validated Scenario. Every error is a ScenarioError located
// at file:line:col (or at the --set override that caused it) and is raised before anything is simulated.

#include "sim/scenario.hpp"
#include "sim/scenario_error.hpp"

#include <string>
#include <vector>

namespace terawatt {

// `overrides` are "key.path=value" strings; list elements are addressed by name or index
// ("clusters.dc1.servers=64", "sites.0.pue=1.2").
Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});
Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides = {});

}  // namespace terawatt
