#include "sim/app/common/stop_signals.hpp"

#include <unistd.h>

#include <cstring>
#include <mutex>
#include <thread>

namespace terawatt {
namespace {

constexpr int stop_signals[3] = {SIGINT, SIGTERM, SIGHUP};

volatile sig_atomic_t noted_stop_signal = 0;

void note_stop(int signal_number) {
  noted_stop_signal = signal_number;
}
void note_child(int) {}

sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : stop_signals) sigaddset(&set, s);
  return set;
}

std::mutex file_mutex;
std::string file_to_remove;  // guarded by file_mutex

[[noreturn]] void wait_for_stop_signal(sigset_t set) {
  int signal_number = SIGTERM;
  while (sigwait(&set, &signal_number) != 0) {
  }
  {
    const std::lock_guard<std::mutex> lock(file_mutex);
    if (!file_to_remove.empty()) unlink(file_to_remove.c_str());
    // The lock is kept: the main thread cannot rename the file before the process ends.
    const std::string message = std::string("terawatt: stopped by signal ") + std::to_string(signal_number) + " (" +
                                strsignal(signal_number) + ")\n";
    if (write(STDERR_FILENO, message.data(), message.size()) < 0) {
      // Nothing to do: the process ends either way.
    }
    _exit(128 + signal_number);
  }
}

}  // namespace

bool is_stop_signal(int signal_number) {
  return signal_number == SIGINT || signal_number == SIGTERM || signal_number == SIGHUP;
}

int stop_signal_of(const ProcessExit& exit) {
  if (exit.signal != 0) return is_stop_signal(exit.signal) ? exit.signal : 0;
  return exit.exit_code > 128 && is_stop_signal(exit.exit_code - 128) ? exit.exit_code - 128 : 0;
}

StoppedBySignal::StoppedBySignal(int signal_number)
    : std::runtime_error(std::string("stopped by signal ") + std::to_string(signal_number) + " (" +
                         strsignal(signal_number) + ")"),
      signal_number_(signal_number) {}

StopSignalScope::StopSignalScope() {
  noted_stop_signal = 0;
  sigset_t block = stop_signal_set();
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &previous_mask_);
  wait_mask_ = previous_mask_;
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigdelset(&wait_mask_, s);
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = note_stop;
  for (int i = 0; i < 3; ++i) sigaction(stop_signals[i], &action, &previous_[i]);
  action.sa_handler = note_child;
  sigaction(SIGCHLD, &action, &previous_[3]);
}

StopSignalScope::~StopSignalScope() {
  for (int i = 0; i < 3; ++i) sigaction(stop_signals[i], &previous_[i], nullptr);
  sigaction(SIGCHLD, &previous_[3], nullptr);
  sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
}

int StopSignalScope::received() {
  return noted_stop_signal;
}

void StopSignalScope::wait() const {
  sigsuspend(&wait_mask_);
}

void remove_file_on_stop_signal(const std::string& path) {
  {
    const std::lock_guard<std::mutex> lock(file_mutex);
    file_to_remove = path;
  }
  static const bool watching = [] {
    const sigset_t set = stop_signal_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // threads started later (SimGrid's) inherit the mask
    std::thread(wait_for_stop_signal, set).detach();
    return true;
  }();
  (void)watching;
}

void keep_file_on_stop_signal(const std::function<void()>& keep) {
  const std::lock_guard<std::mutex> lock(file_mutex);
  keep();
  file_to_remove.clear();
}

}  // namespace terawatt
