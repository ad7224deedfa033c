#include "sim/app/validate/validation_runner.hpp"

#include "sim/app/common/child_runner.hpp"

#include <cstdio>
#include <cstring>

namespace terawatt {

std::vector<CaseRun> run_validation_cases(const std::vector<ValidationCase>& cases, const std::string& terawatt_path,
                                          const std::string& output_dir, unsigned jobs,
                                          const std::function<void(std::size_t)>& finished) {
  std::vector<CaseRun> runs(cases.size());
  const auto log_path = [&](std::size_t i) { return output_dir + "/" + cases[i].name + ".log"; };
  run_process_pool(
      cases.size(), jobs,
      [&](std::size_t i) {
        runs[i].output_path = output_dir + "/" + cases[i].name + ".h5";
        std::remove(log_path(i).c_str());
        return spawn_process({terawatt_path, "run", cases[i].file, "-o", runs[i].output_path, "--quiet"}, log_path(i),
                             log_path(i));
      },
      [&](std::size_t i, const ProcessExit& exit) {
        runs[i].exit_code = exit.exit_code;
        if (exit.exit_code != 0) {
          runs[i].error_tail = file_tail(log_path(i));
          if (exit.signal != 0) {
            runs[i].error_tail += std::string(runs[i].error_tail.empty() ? "" : "\n") + "killed by signal " +
                                  std::to_string(exit.signal) + " (" + strsignal(exit.signal) + ")";
          }
        }
        std::remove(log_path(i).c_str());
        if (finished) finished(i);
      });
  return runs;
}

}  // namespace terawatt
