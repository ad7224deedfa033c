#include "sim/app/sweep/sweep_array_task.hpp"

#include "sim/app/common/child_process.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/sweep/sweep_runner.hpp"
#include "sim/app/sweep/sweep_tasks.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

namespace fs = std::filesystem;

namespace terawatt {
namespace {

// The value of --index or --task, or SLURM_ARRAY_TASK_ID without one; none (after a usage error) when unusable.
std::optional<std::size_t> array_number(const std::string& option, std::string text) {
  if (text.empty()) {
    const char* task = std::getenv("SLURM_ARRAY_TASK_ID");
    if (!task) {
      command_usage_error("sweep", option + " without a value reads SLURM_ARRAY_TASK_ID, which is not set");
      return std::nullopt;
    }
    text = task;
  }
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9) {
    command_usage_error("sweep", option + " " + text + ": expected a whole number");
    return std::nullopt;
  }
  return std::stoul(text);
}

// An array task must run the points that were submitted: a sweep file or base scenario edited since then would give
// the indices another meaning. Writes the plan when there is none; false (after saying why) when it changed.
bool submitted_plan_holds(const SweepLayout& layout, const SweepPlan& plan, const std::vector<std::size_t>& indices) {
  std::error_code error;
  if (!fs::exists(layout.plan_path(), error)) {
    write_file_atomically(layout.plan_path(), plan_yaml(plan));
    return true;
  }
  const SweepPlan submitted = read_plan_file(layout.plan_path());
  for (const std::size_t index : indices) {
    if (index < submitted.points.size() && submitted.points[index].name == plan.points[index].name &&
        submitted.scenario_sha256 == plan.scenario_sha256) {
      continue;
    }
    std::cerr << layout.plan_path() << ": point " << index << " was "
              << (index < submitted.points.size() ? submitted.points[index].name : std::string("not planned"))
              << " but the sweep file and base scenario now give " << plan.points[index].name
              << ": they changed since the plan was written (plan again with --slurm, or use another -o)\n";
    return false;
  }
  return true;
}

// Runs `indices` here, one after the other; the points already done are skipped.
int run_task_points(bool quiet, const SweepSpec& spec, const SweepPlan& plan, const SweepLayout& layout,
                    const std::vector<std::size_t>& indices) {
  validate_points(spec, plan, indices);
  layout.create_directories();
  if (!submitted_plan_holds(layout, plan, indices)) return exit_usage;
  adopt_renamed_outputs(layout, plan);
  std::vector<std::size_t> pending;
  for (const std::size_t index : indices) {
    const SweepPoint& point = plan.points[index];
    if (point_state(layout, plan, point) != PointState::done) {
      pending.push_back(index);
    } else if (!quiet) {
      std::cout << point.name << " is already done: " << layout.output_path(point.name) << '\n';
    }
  }
  if (pending.empty()) return 0;
  SweepRunOptions run;
  run.terawatt_path = self_executable();
  run.jobs = 1;
  run.quiet = quiet;
  run.record_interruption = true;
  const SweepRunResult result = run_points(plan, layout, pending, run, std::cout, std::cerr);
  if (result.interrupted_by != 0) return 128 + result.interrupted_by;
  return result.failed == 0 && result.running_elsewhere == 0 ? 0 : exit_failure;
}

}  // namespace

int run_index_task(const std::string& value, bool quiet, const SweepSpec& spec, const SweepPlan& plan,
                   const SweepLayout& layout) {
  const std::optional<std::size_t> index = array_number("--index", value);
  if (!index) return exit_usage;
  if (*index >= plan.points.size()) {
    return command_usage_error("sweep", "--index " + std::to_string(*index) + ": the sweep has points 0 to " +
                                            std::to_string(plan.points.size() - 1));
  }
  return run_task_points(quiet, spec, plan, layout, {*index});
}

int run_bundle_task(const std::string& value, bool quiet, const SweepSpec& spec, const SweepPlan& plan,
                    const SweepLayout& layout) {
  const std::optional<std::size_t> task = array_number("--task", value);
  if (!task) return exit_usage;
  const std::vector<std::size_t> indices = read_task_points(layout.tasks_path(), *task);
  for (const std::size_t index : indices) {
    if (index >= plan.points.size()) {
      std::cerr << layout.tasks_path() << ": task " << *task << " names point " << index << ", beyond the sweep's "
                << plan.points.size() << " points (plan again with --slurm, or use another -o)\n";
      return exit_usage;
    }
  }
  return run_task_points(quiet, spec, plan, layout, indices);
}

}  // namespace terawatt
