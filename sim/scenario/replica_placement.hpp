#pragma once
// Places an inference service's replicas (`replicas` of `workloads[]` with `type: inference`) on its cluster's hosts:
// replicas per host or hosts per replica, the fixed count or the autoscaler's limits and targets, and what replicas
// that do not serve do. Every mistake is a ScenarioError located at file:line:col with the key's path.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <cstdint>
#include <optional>

namespace terawatt {

// `service.replica` must be read already: its accelerators set the placement.
void place_replicas(const MapReader& map, const Cluster& cluster, InferenceService& service);

// How replicas of `accelerators` sit on the cluster's hosts: whole replicas per host (a divisor of a host's
// accelerators), or one replica on whole hosts (a multiple). None where they fit neither way.
struct ReplicaLayout {
  std::int64_t replicas_per_host = 1;
  std::int64_t hosts_per_replica = 1;
};
std::optional<ReplicaLayout> replica_layout(std::int64_t accelerators, const Cluster& cluster);

}  // namespace terawatt
