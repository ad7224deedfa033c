#pragma once
// Reads a training job (`workloads[]` with `type: training`) into its typed form: its work, accelerators, speed,
// checkpoints, gradient all-reduce (models/workload/gradient_all_reduce.hpp), failures and deferral, and checks its
// failures and deadline against the run's horizon. Every mistake is a ScenarioError located at file:line:col with the
// key's path.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <vector>

namespace terawatt {

TrainingJob read_training_job(const YamlSource& context, const MapReader& map, const std::vector<Cluster>& clusters,
                              const ScenarioInfo& info);

// The job's mean run on its cluster with failures (models/workload/checkpoint_schedule.hpp): its failure-free run when
// it never fails.
double mean_run_s(const TrainingJob& job, const Cluster& cluster);

}  // namespace terawatt
