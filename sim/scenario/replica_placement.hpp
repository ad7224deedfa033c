#pragma once
// Places an inference service's replicas (`replicas` of `workloads[]` with `type: inference`) on its cluster's hosts:
// replicas per host or hosts per replica, the fixed count or the autoscaler's limits and targets, and what replicas
// that do not serve do. Every mistake is a ScenarioError located at file:line:col with the key's path.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace terawatt {

// `service.replica` must be read already: its accelerators set the placement.
void place_replicas(const MapReader& map, const Cluster& cluster, InferenceService& service);

}  // namespace terawatt
