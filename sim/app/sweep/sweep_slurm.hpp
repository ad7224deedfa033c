#pragma once
// Slurm job arrays for a sweep: one array task per pending point, each running
// `terawatt sweep SWEEP.yaml -o DIR --index $SLURM_ARRAY_TASK_ID`, so a task needs nothing but the sweep file,
// the base scenario and the binary on a shared file system.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// The sweep file's `slurm` section or the command line's flags, already in Slurm's syntax.
struct SlurmSettings {
  std::optional<std::size_t> throttle;  // most array tasks running at once (%N)
  std::string time;                     // --time, e.g. "0:30:00"; empty: the partition's default
  std::string mem;                      // --mem, e.g. "2048M"; empty: the partition's default
  std::string partition;
  std::string account;
  std::string job_name;              // empty: the sweep's name
  std::vector<std::string> options;  // further sbatch options, verbatim ("--qos=short")
};

// A time limit for --time: a quantity ("30 min", "2 h", "1.5 d", rounded up to whole minutes) or Slurm's own
// syntax ("30", "1:00:00", "2-12:00:00"). Throws std::invalid_argument with a message for the user.
std::string slurm_time_text(std::string_view text);

// The time limit of a task that runs `points` points one after the other, each within `per_point` (Slurm's syntax,
// as slurm_time_text returns it; empty, UNLIMITED and INFINITE are kept).
std::string slurm_time_for_points(const std::string& per_point, std::size_t points);

// The time limit of a task expected to take `expected_s` (points x a measured point time): twice that, because the
// point was timed here and a compute node may be slower, plus `per_point` (empty, UNLIMITED and INFINITE are kept)
// for one point much slower than the others; never more than `slurm_time_for_points(per_point, points)`.
std::string slurm_time_for_expected(double expected_s, const std::string& per_point, std::size_t points);

// Memory for --mem: a data size ("2 GB", "500 MiB", rounded up to whole MiB) or Slurm's own ("2G", "2048M", "2048").
std::string slurm_mem_text(std::string_view text);

// "0-3,5,9-11%4": the indices (any order, no duplicates) as ranges, then the throttle.
std::string slurm_array_spec(std::vector<std::size_t> indices, std::optional<std::size_t> throttle);

struct SlurmScriptInputs {
  std::string sweep_name;
  std::string terawatt_path;  // absolute
  std::string sweep_file;     // absolute
  std::string output_dir;     // absolute
  // The array indices: with points_per_task 0, the pending points' own indices (`--index`); else the task numbers
  // of DIR/tasks.txt (sim/app/sweep/sweep_tasks.hpp, `--task`), each task running up to that many points in turn.
  std::vector<std::size_t> indices;
  std::size_t points_per_task = 0;
  SlurmSettings settings;
  std::vector<std::string> catalog_files;  // absolute: `--catalog` of each task, passed on to its points
};

// Why one of `paths` (output folder, program, sweep file) cannot go into an #SBATCH line, or "" when all can.
std::string sbatch_path_problem(const std::vector<std::string>& paths);

// The sbatch script. Throws std::invalid_argument for a path Slurm cannot take in an #SBATCH line (white space).
std::string sbatch_script(const SlurmScriptInputs& inputs);

// Runs `sbatch --parsable ARGUMENTS...` (a script, or options and --wrap) and returns the job id. Throws
// std::runtime_error with sbatch's message when it cannot be run or fails.
std::string submit_sbatch(const std::vector<std::string>& arguments);

// Submits `terawatt collect DIR -o DIR/table.h5` to run once job `array_job` has ended, whatever its tasks' exit
// (collect lists the points that failed or are missing). Returns the collect job's id.
std::string submit_collect_after(const std::string& array_job, const SlurmScriptInputs& inputs);

}  // namespace terawatt
