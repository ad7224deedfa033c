#pragma once
// Reads the workloads that hold servers for a time the scenario determines, with no engine model of their work:
// offline batch inference jobs (`type: offline_inference`) and servers at a given power (`type: given_power`). Every
// mistake is a ScenarioError located at file:line:col with the key's path.
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <vector>

namespace terawatt {

OfflineInferenceJob read_offline_inference(const YamlSource& context, const MapReader& map,
                                           const std::vector<Cluster>& clusters);

GivenPowerLoad read_given_power(const MapReader& map, const std::vector<Cluster>& clusters, const ScenarioInfo& info);

}  // namespace terawatt
