#pragma once
// One Slurm array task of a sweep, run where Slurm placed it: `--index I` runs point I, `--task T` the points of line
// T of DIR/tasks.txt one after the other (sim/app/sweep/sweep_tasks.hpp). Without a value, the number is
// SLURM_ARRAY_TASK_ID. A task checks first that the sweep file and base scenario still give the points it was
// submitted for; a point that fails is recorded for the next submission. Exit codes as `terawatt sweep`'s.

#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/sweep/sweep_plan.hpp"

#include <string>

namespace terawatt {

int run_index_task(const std::string& value, bool quiet, const SweepSpec& spec, const SweepPlan& plan,
                   const SweepLayout& layout);
int run_bundle_task(const std::string& value, bool quiet, const SweepSpec& spec, const SweepPlan& plan,
                    const SweepLayout& layout);

}  // namespace terawatt
