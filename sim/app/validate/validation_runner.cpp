#include "sim/app/validate/validation_runner.hpp"

#include "sim/app/common/child_process.hpp"

#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>

namespace terawatt {

std::vector<CaseRun> run_validation_cases(const std::vector<ValidationCase>& cases, const std::string& terawatt_path,
                                          const std::string& output_dir, unsigned jobs) {
  std::vector<CaseRun> runs(cases.size());
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  const auto log_path = [&](std::size_t i) { return output_dir + "/" + cases[i].name + ".log"; };
  while (next < cases.size() || !running.empty()) {
    while (running.size() < (jobs == 0 ? 1 : jobs) && next < cases.size()) {
      runs[next].output_path = output_dir + "/" + cases[next].name + ".h5";
      std::remove(log_path(next).c_str());
      const std::vector<std::string> argv{terawatt_path,          "run",    cases[next].file, "-o",
                                          runs[next].output_path, "--quiet"};
      running.emplace(spawn_process(argv, log_path(next), log_path(next)), next);
      ++next;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    const auto found = running.find(pid);
    if (found == running.end()) continue;  // not a case of ours
    const std::size_t i = found->second;
    running.erase(found);
    const ProcessExit exit = decode_wait_status(status);
    runs[i].exit_code = exit.exit_code;
    if (exit.exit_code != 0) {
      runs[i].error_tail = file_tail(log_path(i));
      if (exit.signal != 0) {
        runs[i].error_tail += std::string(runs[i].error_tail.empty() ? "" : "\n") + "killed by signal " +
                              std::to_string(exit.signal) + " (" + strsignal(exit.signal) + ")";
      }
    }
    std::remove(log_path(i).c_str());
  }
  return runs;
}

}  // namespace terawatt
