#pragma once
// Reads a training-job trace (`workloads[]` with `type: training_trace`) into training jobs, one per job of the
// trace that ran (models/workload/job_trace.hpp: SWF or Slurm sacct): submitted at its submit time after the scenario
// start, on its accelerators rounded up to whole hosts, with the work that makes it run its recorded run time on the
// cluster at full speed (the cluster's power cap included): FLOPs = run time x accelerators x peak x speed x mfu.
// Every mistake is a ScenarioError at the key, with the trace file's line when the problem is in the file.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>

namespace terawatt {

// Appends the trace's jobs to scenario.training_jobs and what was read and skipped to scenario.training_traces.
// `base_dir` resolves a relative path.
void read_training_trace(const MapReader& map, const std::string& base_dir, Scenario& scenario);

}  // namespace terawatt
