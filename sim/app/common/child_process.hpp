#pragma once
// Child processes: a sweep's points, validation cases and a projection's representative weeks each run as a
// process of their own (SimGrid runs one simulation per process), and a sweep's --submit runs sbatch.

#include <sys/types.h>

#include <string>
#include <vector>

namespace terawatt {

// Starts argv[0] (searched on PATH when it has no '/') with stdin from /dev/null and stdout and stderr appended to
// the given files ("" for /dev/null), its stop signals unblocked and at their default action. The child gets
// SIGTERM when the thread that started it ends (PR_SET_PDEATHSIG), so no child outlives a killed parent. It keeps
// the open descriptor `keep_fd` (-1: none), e.g. a lock it holds while it runs. Throws std::runtime_error when it
// cannot be started.
pid_t spawn_process(const std::vector<std::string>& argv, const std::string& stdout_path,
                    const std::string& stderr_path, int keep_fd = -1);

struct ProcessExit {
  int exit_code = 0;  // the exit status, or 128 + the signal that killed it, as shells report it
  int signal = 0;     // the signal that killed it, 0 when it exited
};

ProcessExit decode_wait_status(int status);

// Waits for one child; retries on EINTR.
ProcessExit wait_process(pid_t pid);

// What a program printed, and how it ended.
struct CapturedRun {
  ProcessExit exit;
  std::string out;
  std::string err;
};
// Runs argv (as spawn_process does) to its end, its stdout and stderr captured through temporary files under $TMPDIR
// (or /tmp), removed after. Throws std::runtime_error when it cannot be started.
CapturedRun run_captured(const std::vector<std::string>& argv);

// The absolute path of the running program, so that points run the very same terawatt.
std::string self_executable();

// The cores this process may run on: a Slurm allocation, a cpuset or taskset may grant fewer than the machine has.
unsigned usable_cores();

// At most the last `max_lines` lines (and `max_bytes` bytes) of a file; "" when it cannot be read.
std::string file_tail(const std::string& path, std::size_t max_lines = 20, std::size_t max_bytes = 4000);

// At most the last `max_lines` lines of a text, without its trailing line breaks.
std::string text_tail(std::string text, std::size_t max_lines = 20);

}  // namespace terawatt
