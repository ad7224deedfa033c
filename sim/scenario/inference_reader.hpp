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

// Arrival times of a trace file: a header `time`, then one time per line in seconds after the scenario start,
// non-decreasing and finite. Throws ScenarioError naming the file and line.
std::vector<double> read_arrival_trace(const std::string& path);

}  // namespace terawatt
