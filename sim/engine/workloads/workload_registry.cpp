#include "sim/engine/workloads/workload_registry.hpp"

#include "sim/engine/workloads/given_power_workload.hpp"
#include "sim/engine/workloads/inference_workload.hpp"
#include "sim/engine/workloads/offline_inference_workload.hpp"
#include "sim/engine/workloads/training_workload.hpp"

namespace terawatt {

const std::vector<WorkloadType>& workload_types() {
  static const std::vector<WorkloadType> types{training_workload_type(), inference_workload_type(),
                                               offline_inference_workload_type(), given_power_workload_type()};
  return types;
}

const WorkloadType* find_workload_type(const std::string& type) {
  for (const WorkloadType& candidate : workload_types()) {
    if (candidate.type == type) return &candidate;
  }
  return nullptr;
}

std::vector<ClusterNeeds> workload_platform_needs(const Scenario& scenario) {
  std::vector<ClusterNeeds> needs(scenario.clusters.size());
  for (const WorkloadType& type : workload_types()) type.add_platform_needs(scenario, needs);
  return needs;
}

std::vector<std::unique_ptr<Workload>> create_workloads(const Scenario& scenario, const Platform& platform) {
  std::vector<std::unique_ptr<Workload>> workloads;
  for (const WorkloadType& type : workload_types()) {
    for (auto& workload : type.create(scenario, platform)) workloads.push_back(std::move(workload));
  }
  return workloads;
}

std::vector<std::string> workload_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const WorkloadType& type : workload_types()) {
    const std::vector<std::string> of_type = type.names(scenario);
    names.insert(names.end(), of_type.begin(), of_type.end());
  }
  return names;
}

std::vector<const WorkloadType*> types_with_dimension(const Scenario& scenario) {
  std::vector<const WorkloadType*> types;
  for (const WorkloadType& type : workload_types()) {
    if (type.dimension && !type.names(scenario).empty()) types.push_back(&type);
  }
  return types;
}

}  // namespace terawatt
