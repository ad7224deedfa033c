#pragma once
// A workload type as the registry knows it (sim/engine/workloads/workload_registry.hpp): the scenario's `type` name,
// the output dimension it adds, what it needs of the platform, and how its workloads are made from the scenario.

#include "sim/engine/platform.hpp"
#include "sim/engine/workloads/workload.hpp"
#include "sim/scenario/scenario.hpp"

#include <memory>
#include <string>
#include <vector>

namespace terawatt {

struct WorkloadType {
  std::string type;                    // the scenario's `type` key
  const WorkloadDimension* dimension;  // the output dimension of its own, or null
  // The names of the scenario's workloads of this type, in their order.
  std::vector<std::string> (*names)(const Scenario& scenario);
  // Adds what its workloads need of each cluster's platform (`needs` has one entry per cluster).
  void (*add_platform_needs)(const Scenario& scenario, std::vector<ClusterNeeds>& needs);
  // Its workloads on the built platform, in the order of `names`.
  std::vector<std::unique_ptr<Workload>> (*create)(const Scenario& scenario, const Platform& platform);
};

}  // namespace terawatt
