#include "sim/app/common/child_runner.hpp"

#include "sim/app/common/stop_signals.hpp"

#include "sim/simulate/simulation.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace terawatt {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using TemporaryFile = std::unique_ptr<std::FILE, FileCloser>;

TemporaryFile temporary_file() {
  TemporaryFile file(std::tmpfile());
  if (!file) throw std::runtime_error(std::string("cannot create a temporary file: ") + std::strerror(errno));
  return file;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = write(fd, bytes, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// The child: ends with its parent (even one killed by SIGKILL), stop signals back at their default action (a parent
// may block them while it waits), stderr to its file, the task's figures as a count and the values. Never returns:
// _exit skips the parent's atexit handlers and the destructors of objects it shares with the parent.
[[noreturn]] void run_child(pid_t parent, const ChildWork& work, std::FILE* figures, std::FILE* errors) {
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(1);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) signal(s, SIG_DFL);
  if (dup2(fileno(errors), STDERR_FILENO) < 0) _exit(1);
  try {
    const std::vector<double> values = work();
    const std::uint64_t count = values.size();
    const int fd = fileno(figures);
    if (!write_all(fd, &count, sizeof count) || !write_all(fd, values.data(), values.size() * sizeof(double))) {
      std::fprintf(stderr, "terawatt: error: cannot write the figures: %s\n", std::strerror(errno));
      _exit(1);
    }
    std::cout.flush();
    std::fflush(nullptr);
    _exit(0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "terawatt: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "terawatt: error: unknown exception\n");
  }
  std::fflush(nullptr);
  _exit(1);
}

// The figures a child wrote, or none when they are missing or cut short.
std::optional<std::vector<double>> read_figures(std::FILE* file) {
  std::rewind(file);
  std::uint64_t count = 0;
  if (std::fread(&count, sizeof count, 1, file) != 1) return std::nullopt;
  std::vector<double> values(count);
  if (count > 0 && std::fread(values.data(), sizeof(double), count, file) != count) return std::nullopt;
  return values;
}

// The end of a child's stderr, kept in an unnamed temporary file, read as file_tail reads a log.
std::string read_tail(std::FILE* file) {
  std::fflush(file);
  return file_tail("/proc/self/fd/" + std::to_string(fileno(file)));
}

std::string describe_exit(std::size_t task, const ProcessExit& exit) {
  std::string text = "child run " + std::to_string(task + 1) + " failed (exit " + std::to_string(exit.exit_code);
  if (exit.signal != 0)
    text += ", killed by signal " + std::to_string(exit.signal) + " (" + strsignal(exit.signal) + ")";
  return text + ")";
}

}  // namespace

void run_process_pool(std::size_t count, unsigned jobs, const std::function<pid_t(std::size_t)>& start,
                      const std::function<void(std::size_t, const ProcessExit&)>& finish) {
  const StopSignalScope signals;
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  bool forwarded = false;
  while (true) {
    if (StopSignalScope::received() != 0 && !forwarded) {
      forwarded = true;
      for (const auto& [pid, task] : running) kill(pid, SIGTERM);
    }
    while (StopSignalScope::received() == 0 && running.size() < std::max(1u, jobs) && next < count) {
      running.emplace(start(next), next);
      ++next;
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
    if (found == running.end()) continue;  // not a child of this pool
    const std::size_t task = found->second;
    running.erase(found);
    if (StopSignalScope::received() == 0) finish(task, decode_wait_status(status));
  }
  if (StopSignalScope::received() != 0) throw StoppedBySignal(StopSignalScope::received());
}

ChildRunError::ChildRunError(std::size_t task, const ProcessExit& exit, const std::string& stderr_tail)
    : std::runtime_error(describe_exit(task, exit) + (stderr_tail.empty() ? "" : ":\n" + stderr_tail)), task_(task) {}

std::vector<std::vector<double>> run_in_children(const std::vector<ChildWork>& tasks, unsigned jobs,
                                                 const ChildEnded& ended) {
  std::vector<TemporaryFile> figures;
  std::vector<TemporaryFile> errors;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    figures.push_back(temporary_file());
    errors.push_back(temporary_file());
  }
  // What the parent has buffered would otherwise be written again by every child.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::vector<std::vector<double>> results(tasks.size());
  std::optional<ChildRunError> failure;
  std::size_t ended_count = 0;
  run_process_pool(
      tasks.size(), jobs,
      [&](std::size_t i) {
        const pid_t parent = getpid();
        const pid_t pid = fork();
        if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0) run_child(parent, tasks[i], figures[i].get(), errors[i].get());
        return pid;
      },
      [&](std::size_t i, const ProcessExit& exit) {
        std::optional<std::vector<double>> values;
        if (exit.exit_code == 0) values = read_figures(figures[i].get());
        if (values) {
          results[i] = std::move(*values);
        } else if (!failure || i < failure->task()) {
          std::string tail = read_tail(errors[i].get());
          if (exit.exit_code == 0) tail += std::string(tail.empty() ? "" : "\n") + "exited 0 without its figures";
          failure.emplace(i, exit, tail);
        }
        if (ended) ended(++ended_count, i);
      });
  if (failure) throw *failure;
  return results;
}

std::vector<std::vector<double>> simulate_in_children(const std::vector<Scenario>& scenarios,
                                                      const ReportFigures& figures, unsigned jobs,
                                                      const ChildEnded& ended) {
  std::vector<ChildWork> tasks;
  for (const Scenario& scenario : scenarios) {
    tasks.emplace_back([&scenario, &figures] {
      const RunReport report = simulate(scenario, SimulationOptions{}, [](double, const auto&) {});
      return figures(scenario, report);
    });
  }
  return run_in_children(tasks, jobs, ended);
}

}  // namespace terawatt
