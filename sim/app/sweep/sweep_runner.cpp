#include "sim/app/sweep/sweep_runner.hpp"

#include "sim/app/common/child_process.hpp"
#include "sim/app/common/stop_signals.hpp"
#include "sim/app/sweep/point_lock.hpp"
#include "sim/record/run_progress.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>

namespace terawatt {
namespace {

// How long a resumed sweep waits for the locks of points still running: the points of a sweep killed just before
// end within moments of their parent-death signal, and all at once, so one window from the start covers them all.
constexpr auto lock_patience = std::chrono::seconds(3);

using Clock = std::chrono::steady_clock;

struct Running {
  std::size_t index;
  Clock::time_point started;
  PointLock lock;  // held with the point's process until it has ended
};

std::string seconds(std::chrono::steady_clock::duration elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(elapsed).count());
  return text;
}

std::string last_line(const std::string& text) {
  const auto newline = text.find_last_of('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

// Starts point `index` as `terawatt run` of the base scenario with the point's overrides and the sweep's catalog files,
// keeping `lock`; its log starts empty.
pid_t start_point(const SweepPlan& plan, const SweepLayout& layout, const SweepRunOptions& options, std::size_t index,
                  const PointLock& lock) {
  const SweepPoint& point = plan.points.at(index);
  const std::string log = layout.log_path(point.name);
  std::remove(log.c_str());
  std::vector<std::string> argv{options.terawatt_path,          "run",    plan.scenario_file, "-o",
                                layout.output_path(point.name), "--quiet"};
  for (const auto& text : point.overrides) {
    argv.push_back("--set");
    argv.push_back(text);
  }
  for (const auto& path : plan.catalog_files) {
    argv.push_back("--catalog");
    argv.push_back(path);
  }
  return spawn_process(argv, log, log, lock.descriptor());
}

enum class PointStart { started, running_elsewhere, already_done };

// Starts point `index` under its lock, waiting for the lock until `patience_end`; a point whose lock is free but
// whose output is now done was finished by the process that held it.
PointStart start_locked(const SweepPlan& plan, const SweepLayout& layout, const SweepRunOptions& options,
                        std::size_t index, Clock::time_point patience_end, std::map<pid_t, Running>& running) {
  const SweepPoint& point = plan.points[index];
  const auto patience = std::max<Clock::duration>(patience_end - Clock::now(), Clock::duration::zero());
  std::optional<PointLock> lock = PointLock::acquire(layout.lock_path(point.name), patience);
  if (!lock) return PointStart::running_elsewhere;
  if (point_state(layout, plan, point) == PointState::done) return PointStart::already_done;
  const pid_t pid = start_point(plan, layout, options, index, *lock);
  running.emplace(pid, Running{index, Clock::now(), std::move(*lock)});
  return PointStart::started;
}

// A child that has ended (its id, its status in `status`), or 0 after sleeping until a signal came.
pid_t reap_or_wait(const StopSignalScope& signals, int& status) {
  const pid_t pid = waitpid(-1, &status, WNOHANG);
  if (pid < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  if (pid > 0) return pid;
  signals.wait();
  return 0;
}

// What a point that did not finish records: its exit code and the tail of its log, with the signal that ended it
// (`ended_by`: it was killed by it, or caught it and exited 128 + it) or the missing output when it exited 0.
PointFailure failure_of(const ProcessExit& exit, int ended_by, const std::string& log, bool stopped) {
  PointFailure failure;
  failure.exit_code = exit.exit_code;
  failure.error = file_tail(log);
  if (ended_by != 0) {
    failure.error += std::string(failure.error.empty() ? "" : "\n") +
                     (exit.signal != 0 ? "killed by signal " : "stopped by signal ") + std::to_string(ended_by) + " (" +
                     strsignal(ended_by) + ")" +
                     (stopped ? ": the Slurm time limit, scancel, or the sweep was interrupted" : "");
  } else if (exit.exit_code == 0) {
    failure.exit_code = 1;
    failure.error += std::string(failure.error.empty() ? "" : "\n") + "exited 0 without a complete output";
  }
  return failure;
}

// The "[ 3/36] NAME WHAT" lines of a sweep, and how long the points left will take at the pace of those this process
// ran: points found done or running elsewhere count as finished but took no time.
class PointProgress {
 public:
  explicit PointProgress(std::size_t total)
      : total_(total), width_(static_cast<int>(std::to_string(total).size())), began_(Clock::now()) {}
  void ran() {
    ++finished_;
    ++ran_;
  }
  void skipped() { ++finished_; }
  std::string line(const SweepPoint& point, const std::string& what) const {
    char counter[64];
    std::snprintf(counter, sizeof counter, "[%*zu/%zu] ", width_, finished_, total_);
    return std::string(counter) + point.name + " " + what;
  }
  // ", about 3 min left", or "" when none are left or none has run yet.
  std::string time_left() const {
    const double elapsed_s = std::chrono::duration<double>(Clock::now() - began_).count();
    return RunProgress::time_left(elapsed_s, static_cast<double>(ran_), static_cast<double>(total_ - finished_));
  }

 private:
  std::size_t total_;
  int width_;
  Clock::time_point began_;
  std::size_t finished_ = 0;
  std::size_t ran_ = 0;
};

}  // namespace

SweepRunResult run_points(const SweepPlan& plan, const SweepLayout& layout, const std::vector<std::size_t>& indices,
                          const SweepRunOptions& options, std::ostream& out, std::ostream& err) {
  const unsigned jobs = options.jobs == 0 ? 1 : options.jobs;
  SweepRunResult result;
  const StopSignalScope signals;
  const Clock::time_point began = Clock::now();
  std::map<pid_t, Running> running;
  std::size_t next = 0;
  PointProgress progress(indices.size());

  const auto finish = [&](const Running& run, const ProcessExit& exit) {
    const SweepPoint& point = plan.points[run.index];
    const std::string log = layout.log_path(point.name);
    const std::string partial = layout.output_path(point.name) + ".partial";
    // A point ends by a signal it caught (128 + its number, after removing its partial output) or by one it could
    // not catch; either is a stop when it is a stop signal or when the sweep itself is stopping.
    const int ended_by = exit.signal != 0 ? exit.signal : stop_signal_of(exit);
    const bool stopped = stop_signal_of(exit) != 0 || (ended_by != 0 && StopSignalScope::received() != 0);
    progress.ran();
    if (exit.exit_code == 0 && point_state(layout, plan, point) == PointState::done) {
      ++result.succeeded;
      std::remove(log.c_str());
      std::remove(layout.failed_path(point.name).c_str());
      const std::string took = seconds(std::chrono::steady_clock::now() - run.started);
      if (!options.quiet) out << progress.line(point, "done in " + took + progress.time_left()) << std::endl;
      return;
    }
    std::remove(partial.c_str());
    if (stopped && !options.record_interruption) {
      std::remove(log.c_str());
      if (!options.quiet) out << progress.line(point, "stopped by signal " + std::to_string(ended_by)) << std::endl;
      return;
    }
    const PointFailure failure = failure_of(exit, ended_by, log, stopped);
    write_point_failure(layout, point, failure);
    std::remove(log.c_str());
    ++result.failed;
    err << progress.line(point, "FAILED (exit " + std::to_string(failure.exit_code) + "): " + last_line(failure.error))
        << std::endl;
  };

  bool forwarded = false;
  while (true) {
    if (StopSignalScope::received() != 0 && !forwarded) {
      forwarded = true;
      result.interrupted_by = StopSignalScope::received();
      for (const auto& [pid, run] : running) kill(pid, SIGTERM);
    }
    while (StopSignalScope::received() == 0 && running.size() < jobs && next < indices.size()) {
      const std::size_t index = indices[next++];
      const PointStart start = start_locked(plan, layout, options, index, began + lock_patience, running);
      if (start == PointStart::started) continue;
      progress.skipped();
      if (start == PointStart::already_done) {
        ++result.succeeded;
        continue;
      }
      ++result.running_elsewhere;
      err << progress.line(plan.points[index], "is running in another process (its .lock is held); skipped")
          << std::endl;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = reap_or_wait(signals, status);
    if (pid <= 0) continue;
    const auto found = running.find(pid);
    if (found == running.end()) continue;  // not a point of ours
    const Running run = std::move(found->second);
    running.erase(found);
    finish(run, decode_wait_status(status));
  }
  return result;
}

}  // namespace terawatt
