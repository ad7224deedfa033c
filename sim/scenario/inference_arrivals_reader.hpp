#pragma once
// Reads an inference service's arrivals (`arrivals` of `workloads[]` with `type: inference`): its mean request rate
// (per day, from users, or a trace of requests) and its daily shape. A trace is `trace: file.csv` (a header `time`,
// seconds) or a mapping with the file and its `format` or `columns` (models/workload/request_trace.hpp), which may
// also give each request's input and output tokens. Every mistake is a ScenarioError located at file:line:col, with
// the trace file's line when the problem is in the file.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// `base_dir` resolves a relative trace path.
void read_arrivals(const YamlSource& context, const MapReader& map, const ScenarioInfo& info,
                   const std::string& base_dir, InferenceService& service);

// A trace path as given, made absolute against `base_dir` (the scenario file's folder) when it is relative.
std::string absolute_trace_path(const std::string& path, const std::string& base_dir);

// The trace path of a service's `arrivals` as given (`trace`, or `trace.file`) made absolute, for the resolved
// scenario.
void make_trace_path_absolute(YAML::Node arrivals, const std::string& base_dir);

// A request size the scenario leaves out: the mean of the trace's tokens per request; none when the trace has no
// such column.
std::optional<double> trace_mean_tokens(const std::vector<double>& tokens);

}  // namespace terawatt
