#pragma once
// The stop signals, SIGINT, SIGTERM and SIGHUP: a command that gets one cleans up what it was writing (a .partial
// output, a temporary folder, its child processes) and exits 128 + the signal's number, as a shell reports a
// process that a signal ended. SIGKILL cannot be caught; what it leaves is what the next run replaces.

#include "sim/app/common/child_process.hpp"

#include <signal.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace terawatt {

bool is_stop_signal(int signal_number);

// The stop signal that ended a child: it was killed by one, or it cleaned up and exited 128 + one; 0 otherwise.
int stop_signal_of(const ProcessExit& exit);

// Thrown by a pool of child processes once a stop signal has stopped every child it had started.
class StoppedBySignal : public std::runtime_error {
 public:
  explicit StoppedBySignal(int signal_number);
  int signal_number() const { return signal_number_; }
  int exit_code() const { return 128 + signal_number_; }

 private:
  int signal_number_;
};

// For a loop that waits for child processes: while it lives, the stop signals and SIGCHLD are blocked except inside
// wait(), and a stop signal is only noted (received()), so that the loop can stop its children and clean up. The
// signal can never slip in between a check of received() and wait(), which would then sleep until a child ends.
class StopSignalScope {
 public:
  StopSignalScope();
  ~StopSignalScope();
  StopSignalScope(const StopSignalScope&) = delete;
  StopSignalScope& operator=(const StopSignalScope&) = delete;

  // The stop signal received since this scope began, 0 when none.
  static int received();
  // Sleeps until any signal arrives (a child ended, or a stop).
  void wait() const;

 private:
  sigset_t previous_mask_{};
  sigset_t wait_mask_{};
  struct sigaction previous_[4]{};
};

// For a process that writes one file and starts no child: from here on a stop signal, whenever it comes (building
// the platform, simulating, writing), removes `path` and ends the process with 128 + the signal, before any other
// handler (SimGrid's own SIGINT handler prints every actor's state) can run. The stop signals are blocked in every
// thread and a thread of its own waits for them. Call it once the file exists and before any other thread starts.
void remove_file_on_stop_signal(const std::string& path);

// Runs `keep` (the rename of the file to its final name) so that a stop signal comes either before it (the file is
// removed) or after it (the file is kept), and keeps the file from then on; a later stop signal still ends the
// process with 128 + the signal.
void keep_file_on_stop_signal(const std::function<void()>& keep);

}  // namespace terawatt
