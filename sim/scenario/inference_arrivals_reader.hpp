#pragma once
// Reads an inference service's arrivals (`arrivals` of `workloads[]` with `type: inference`): its mean request rate
// (per day, from users, or a trace file of arrival times) and its daily shape. Every mistake is a ScenarioError
// located at file:line:col, or at the trace file's line.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <vector>

namespace terawatt {

// `base_dir` resolves a relative trace path.
void read_arrivals(const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
                   InferenceService& service);

// A trace path as given, made absolute against `base_dir` (the scenario file's folder) when it is relative.
std::string absolute_trace_path(const std::string& path, const std::string& base_dir);

// Arrival times of a trace file: a header `time`, then one time per line in seconds after the scenario start,
// non-decreasing and finite. Throws ScenarioError naming the file and line.
std::vector<double> read_arrival_trace(const std::string& path);

}  // namespace terawatt
