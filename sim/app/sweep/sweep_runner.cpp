#include "sim/app/sweep/sweep_runner.hpp"

#include "sim/app/common/child_process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <ostream>
#include <stdexcept>

namespace terawatt {
namespace {

volatile sig_atomic_t stop_signal = 0;

void note_stop(int signal_number) {
  stop_signal = signal_number;
}
void note_child(int) {}

// Installs the handlers for the duration of a run and blocks the signals outside sigsuspend(), so that a signal
// can never slip in between the check of `stop_signal` and the wait (which would then sleep until a point ends).
class SignalScope {
 public:
  SignalScope() {
    stop_signal = 0;
    sigset_t block;
    sigemptyset(&block);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&block, s);
    sigprocmask(SIG_BLOCK, &block, &previous_mask_);
    struct sigaction action {};
    sigemptyset(&action.sa_mask);
    action.sa_handler = note_stop;
    for (int i = 0; i < 3; ++i) sigaction(stop_signals[i], &action, &previous_[i]);
    action.sa_handler = note_child;
    sigaction(SIGCHLD, &action, &previous_[3]);
  }
  ~SignalScope() {
    for (int i = 0; i < 3; ++i) sigaction(stop_signals[i], &previous_[i], nullptr);
    sigaction(SIGCHLD, &previous_[3], nullptr);
    sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

  // Sleeps until any signal arrives (a child ended, or a stop).
  void wait() const { sigsuspend(&previous_mask_without_ours()); }

 private:
  static constexpr int stop_signals[3] = {SIGINT, SIGTERM, SIGHUP};
  const sigset_t& previous_mask_without_ours() const {
    wait_mask_ = previous_mask_;
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigdelset(&wait_mask_, s);
    return wait_mask_;
  }
  sigset_t previous_mask_{};
  mutable sigset_t wait_mask_{};
  struct sigaction previous_[4]{};
};

struct Running {
  std::size_t index;
  std::chrono::steady_clock::time_point started;
};

bool is_stop_signal(int s) {
  return s == SIGINT || s == SIGTERM || s == SIGHUP;
}

std::string seconds(std::chrono::steady_clock::duration elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(elapsed).count());
  return text;
}

std::string last_line(const std::string& text) {
  const auto newline = text.find_last_of('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

// Starts point `index` as `terawatt run` of the base scenario with the point's overrides; its log starts empty.
pid_t start_point(const SweepPlan& plan, const SweepLayout& layout, const SweepRunOptions& options, std::size_t index) {
  const SweepPoint& point = plan.points.at(index);
  const std::string log = layout.log_path(point.name);
  std::remove(log.c_str());
  std::vector<std::string> argv{options.terawatt_path,          "run",    plan.scenario_file, "-o",
                                layout.output_path(point.name), "--quiet"};
  for (const auto& text : point.overrides) {
    argv.push_back("--set");
    argv.push_back(text);
  }
  return spawn_process(argv, log, log);
}

// What a point that did not finish records: its exit code and the tail of its log, with the signal that killed it
// or the missing output when it exited 0.
PointFailure failure_of(const ProcessExit& exit, const std::string& log, bool stopped) {
  PointFailure failure;
  failure.exit_code = exit.exit_code;
  failure.error = file_tail(log);
  if (exit.signal != 0) {
    failure.error += std::string(failure.error.empty() ? "" : "\n") + "killed by signal " +
                     std::to_string(exit.signal) + " (" + strsignal(exit.signal) + ")" +
                     (stopped ? ": the Slurm time limit, scancel, or the sweep was interrupted" : "");
  } else if (exit.exit_code == 0) {
    failure.exit_code = 1;
    failure.error += std::string(failure.error.empty() ? "" : "\n") + "exited 0 without a complete output";
  }
  return failure;
}

}  // namespace

SweepRunResult run_points(const SweepPlan& plan, const SweepLayout& layout, const std::vector<std::size_t>& indices,
                          const SweepRunOptions& options, std::ostream& out, std::ostream& err) {
  const unsigned jobs = options.jobs == 0 ? 1 : options.jobs;
  SweepRunResult result;
  const SignalScope signals;
  std::map<pid_t, Running> running;
  std::size_t next = 0;
  std::size_t finished = 0;
  const std::size_t total = indices.size();
  const int width = static_cast<int>(std::to_string(total).size());

  const auto progress = [&](const SweepPoint& point, const std::string& what) {
    char counter[64];
    std::snprintf(counter, sizeof counter, "[%*zu/%zu] ", width, finished, total);
    return std::string(counter) + point.name + " " + what;
  };

  const auto finish = [&](const Running& run, const ProcessExit& exit) {
    const SweepPoint& point = plan.points[run.index];
    const std::string log = layout.log_path(point.name);
    const std::string partial = layout.output_path(point.name) + ".partial";
    const bool stopped = exit.signal != 0 && (is_stop_signal(exit.signal) || stop_signal != 0);
    ++finished;
    if (exit.exit_code == 0 && point_state(layout, plan, point) == PointState::done) {
      ++result.succeeded;
      std::remove(log.c_str());
      std::remove(layout.failed_path(point.name).c_str());
      if (!options.quiet)
        out << progress(point, "done in " + seconds(std::chrono::steady_clock::now() - run.started)) << std::endl;
      return;
    }
    std::remove(partial.c_str());
    if (stopped && !options.record_interruption) {
      std::remove(log.c_str());
      if (!options.quiet) out << progress(point, "stopped by signal " + std::to_string(exit.signal)) << std::endl;
      return;
    }
    const PointFailure failure = failure_of(exit, log, stopped);
    write_point_failure(layout, point, failure);
    std::remove(log.c_str());
    ++result.failed;
    err << progress(point, "FAILED (exit " + std::to_string(failure.exit_code) + "): " + last_line(failure.error))
        << std::endl;
  };

  bool forwarded = false;
  while (true) {
    if (stop_signal != 0 && !forwarded) {
      forwarded = true;
      result.interrupted_by = stop_signal;
      for (const auto& [pid, run] : running) kill(pid, SIGTERM);
    }
    while (stop_signal == 0 && running.size() < jobs && next < indices.size()) {
      const std::size_t index = indices[next++];
      running.emplace(start_point(plan, layout, options, index), Running{index, std::chrono::steady_clock::now()});
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    if (pid <= 0) {
      signals.wait();
      continue;
    }
    const auto found = running.find(pid);
    if (found == running.end()) continue;  // not a point of ours
    const Running run = found->second;
    running.erase(found);
    finish(run, decode_wait_status(status));
  }
  return result;
}

}  // namespace terawatt
