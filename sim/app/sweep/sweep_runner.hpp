#pragma once
// Runs a sweep's points as child processes, at most `jobs` at a time:
//   terawatt run BASE -o DIR/points/NAME.h5 --quiet --set k=v ... [--catalog FILE ...]
// A failed point is recorded in DIR/points/NAME.failed (exit code and the end of its error output) and the others
// go on. SIGINT, SIGTERM and SIGHUP stop the sweep: running points are stopped, their partial outputs removed,
// and no point is recorded as failed for it, so the same command resumes where it stopped. A point whose lock
// (DIR/points/NAME.lock) another process holds is still running there: it is reported and skipped, never started
// twice.

#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/sweep/sweep_plan.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace terawatt {

struct SweepRunOptions {
  std::string terawatt_path;  // the binary each point runs
  unsigned jobs = 1;
  bool quiet = false;  // no line per finished point (failures are still reported)
  // A Slurm array task (--index) records a stop by signal as a failure: it is most likely the time limit, and
  // `collect` should say so rather than list the point as merely missing.
  bool record_interruption = false;
};

struct SweepRunResult {
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t running_elsewhere = 0;  // skipped: their lock was held by another process
  int interrupted_by = 0;             // the signal that stopped the sweep, 0 when it ran to the end
};

SweepRunResult run_points(const SweepPlan& plan, const SweepLayout& layout, const std::vector<std::size_t>& indices,
                          const SweepRunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace terawatt
