#pragma once
// YAML scenario file (+ --set overrides) -> typed, validated Scenario. Every error is a ScenarioError located
// at file:line:col (or at the --set override that caused it) and is raised before anything is simulated.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_error.hpp"

#include <string>
#include <vector>

namespace YAML {
class Node;
}  // namespace YAML

namespace terawatt {

// `overrides` are "key.path=value" strings; list elements are addressed by name or index
// ("clusters.dc1.servers=64", "sites.0.pue=1.2"). `catalog_files` are user hardware catalogs (`run --catalog`),
// read after the scenario's own `catalog` files and before its `hardware` section (sim/scenario/hardware_reader.hpp).
Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {},
                            const std::vector<std::string>& catalog_files = {});
Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides = {},
                            const std::vector<std::string>& catalog_files = {});

// Applies one --set override ("key.path=value") to a parsed document in place, as the loaders above do before
// reading it, and returns its canonical key path (list elements by name). Projection scenarios share it
// (sim/scenario/projection_loader.hpp). Throws ScenarioError located at the override.
std::string apply_scenario_override(YAML::Node& document, const std::string& override_text);

}  // namespace terawatt
