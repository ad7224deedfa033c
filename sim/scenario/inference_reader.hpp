#pragma once
// Reads an inference service (`workloads[]` with `type: inference`) into its typed form: the replica's latency and
// power table from the cost models (models/workload/replica_service.hpp), the arrivals, the replica placement on hosts.
// Every mistake is a ScenarioError located at file:line:col with the key's path.
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <vector>

namespace terawatt {

// `base_dir` resolves a relative trace path.
InferenceService read_inference(const YamlSource& context, const MapReader& map, const std::vector<Cluster>& clusters,
                                const ScenarioInfo& info, const std::string& base_dir);

}  // namespace terawatt
