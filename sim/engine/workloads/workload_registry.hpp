#pragma once
// Every workload type, keyed by the scenario's `type`. Their order is the order of the output's workload dimension:
// training jobs, inference services, offline batch inference jobs, servers at a given power. A new type is a file of
// its own that defines its WorkloadType, and one line in workload_registry.cpp.

#include "sim/engine/workloads/workload_type.hpp"

#include <memory>
#include <string>
#include <vector>

namespace terawatt {

const std::vector<WorkloadType>& workload_types();
// The type named `type`, or null.
const WorkloadType* find_workload_type(const std::string& type);

// What the scenario's workloads need of each cluster's platform, one entry per cluster.
std::vector<ClusterNeeds> workload_platform_needs(const Scenario& scenario);
// The scenario's workloads of every type, in the registry's order.
std::vector<std::unique_ptr<Workload>> create_workloads(const Scenario& scenario, const Platform& platform);
// The names of all of them, in the same order.
std::vector<std::string> workload_names(const Scenario& scenario);
// The output dimensions of the types the scenario has workloads of, in the registry's order.
std::vector<const WorkloadType*> types_with_dimension(const Scenario& scenario);

}  // namespace terawatt
