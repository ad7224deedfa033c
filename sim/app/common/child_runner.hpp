#pragma once
// Work that must run in a process of its own: SimGrid runs one engine per process (docs/design.md section 9), so a
// command that needs several simulations (the representative weeks of a projection) runs each in a forked child
// and gets its figures back. The pool that keeps at most `jobs` children running is shared with the commands that
// start `terawatt run` as a program (validation cases).

#include "sim/app/common/child_process.hpp"
#include "sim/record/run_report.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace terawatt {

// Runs tasks 0 .. count - 1, at most `jobs` (>= 1) at a time: `start(i)` starts task i as a child process and
// returns its id; `finish(i, exit)` is called once it has ended, in the order the children end. Children this
// pool did not start are reaped and ignored. Throws std::runtime_error when waiting fails. A stop signal (SIGINT,
// SIGTERM, SIGHUP) sends SIGTERM to the running children, waits for them, and throws StoppedBySignal.
void run_process_pool(std::size_t count, unsigned jobs, const std::function<pid_t(std::size_t)>& start,
                      const std::function<void(std::size_t, const ProcessExit&)>& finish);

// A child that failed: its exit status and the end of what it wrote to stderr.
class ChildRunError : public std::runtime_error {
 public:
  ChildRunError(std::size_t task, const ProcessExit& exit, const std::string& stderr_tail);
  std::size_t task() const { return task_; }

 private:
  std::size_t task_;
};

// Figures one child computes and hands back to the parent.
using ChildWork = std::function<std::vector<double>()>;

// Called in the parent as each child ends, with the number ended so far and the task's index: for progress.
using ChildEnded = std::function<void(std::size_t ended, std::size_t task)>;

// Runs each task in a forked child, at most `jobs` at a time, and returns each task's figures in task order. The
// child's stderr goes to a temporary file; an exception in the task, a non-zero exit or a signal makes this throw
// ChildRunError (the first failed task's) once every child has ended. The calling process must not hold a running
// SimGrid engine, nor threads.
std::vector<std::vector<double>> run_in_children(const std::vector<ChildWork>& tasks, unsigned jobs,
                                                 const ChildEnded& ended = {});

// What a projection (or any caller) takes from a run's report.
using ReportFigures = std::function<std::vector<double>(const Scenario&, const RunReport&)>;

// Simulates each scenario in a child of its own (no time series kept, no SimGrid options) and returns
// `figures(scenario, report)` of each, in order.
std::vector<std::vector<double>> simulate_in_children(const std::vector<Scenario>& scenarios,
                                                      const ReportFigures& figures, unsigned jobs,
                                                      const ChildEnded& ended = {});

}  // namespace terawatt
