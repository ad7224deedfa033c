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

// For a type whose workloads need nothing of the platform but their cluster's hosts.
inline void no_platform_needs(const Scenario& /*scenario*/, std::vector<ClusterNeeds>& /*needs*/) {}

// One workload of type `W`, made from (record, scenario), for each of `records`.
template <typename W, typename Record>
std::vector<std::unique_ptr<Workload>> one_workload_each(const std::vector<Record>& records, const Scenario& scenario) {
  std::vector<std::unique_ptr<Workload>> workloads;
  for (const Record& record : records) workloads.push_back(std::make_unique<W>(record, scenario));
  return workloads;
}

}  // namespace terawatt
