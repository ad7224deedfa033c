#pragma once
// Runs validation cases as child processes, at most `jobs` at a time: SimGrid runs one simulation per process, so
// each case is its own `terawatt run CASE.yaml -o DIR/CASE.h5 --quiet`.

#include "sim/app/validate/validation_case.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace terawatt {

struct CaseRun {
  std::string output_path;  // DIR/NAME.h5, complete when exit_code is 0
  int exit_code = 0;        // as shells report it: 128 + the signal that killed it
  std::string error_tail;   // the end of its stdout and stderr when it failed
};

// One result per case, in the order of `cases`; `finished(i)`, when given, is called as case i ends. Throws
// std::runtime_error when a child cannot be started.
std::vector<CaseRun> run_validation_cases(const std::vector<ValidationCase>& cases, const std::string& terawatt_path,
                                          const std::string& output_dir, unsigned jobs,
                                          const std::function<void(std::size_t)>& finished = {});

}  // namespace terawatt
