#pragma once
// The files of a sweep under its output directory DIR. Every file is written under a temporary name and renamed,
// so a reader (a resumed sweep, `collect`, another array task) never sees half of one.
//   DIR/plan.yaml           the points, written before any point runs
//   DIR/points/NAME.h5      a point's output, written by `terawatt run` (NAME.h5.partial until it is complete)
//   DIR/points/NAME.failed  a failed point: its exit code and the end of its error output (YAML)
//   DIR/points/NAME.log     a running point's error output; removed when the point succeeds
//   DIR/points/NAME.lock    held by a running point's processes (point_lock.hpp); removed when the point ends
//   DIR/sweep.sbatch        the Slurm array script; DIR/logs/ its tasks' output

#include "sim/app/sweep/sweep_plan.hpp"

#include <optional>
#include <string>

namespace terawatt {

class SweepLayout {
 public:
  explicit SweepLayout(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  std::string plan_path() const { return dir_ + "/plan.yaml"; }
  std::string points_dir() const { return dir_ + "/points"; }
  std::string output_path(const std::string& name) const { return points_dir() + "/" + name + ".h5"; }
  std::string failed_path(const std::string& name) const { return points_dir() + "/" + name + ".failed"; }
  std::string log_path(const std::string& name) const { return points_dir() + "/" + name + ".log"; }
  std::string lock_path(const std::string& name) const { return points_dir() + "/" + name + ".lock"; }
  std::string script_path() const { return dir_ + "/sweep.sbatch"; }
  std::string tasks_path() const { return dir_ + "/tasks.txt"; }  // sim/app/sweep/sweep_tasks.hpp
  std::string logs_dir() const { return dir_ + "/logs"; }
  // DIR, DIR/points and DIR/logs. Throws std::runtime_error.
  void create_directories() const;

 private:
  std::string dir_;
};

enum class PointState {
  pending,  // no output yet
  done,     // complete output from this base scenario and these overrides
  stale,    // an output from another base scenario or other overrides: it will be run again
  failed,   // the last attempt failed (NAME.failed); it will be run again
};

const char* point_state_name(PointState state);

PointState point_state(const SweepLayout& layout, const SweepPlan& plan, const SweepPoint& point);

struct PointFailure {
  int exit_code = 0;
  std::string error;  // the end of the run's error output
};

std::optional<PointFailure> read_point_failure(const std::string& path);
void write_point_failure(const SweepLayout& layout, const SweepPoint& point, const PointFailure& failure);

// Writes `path` through a temporary file in the same directory and a rename. Throws std::runtime_error.
void write_file_atomically(const std::string& path, const std::string& content);

// A point keeps the hash of its overrides when an axis gains or loses values, but its index, and so its name,
// may change. Complete outputs of this plan's points found under an older name are renamed to the current one,
// so that extending a sweep does not run its old points again. Returns how many were adopted.
std::size_t adopt_renamed_outputs(const SweepLayout& layout, const SweepPlan& plan);

}  // namespace terawatt
