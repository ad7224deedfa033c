#pragma once
// `terawatt run`: load and validate the scenario, open the output, simulate, write the summary and provenance,
// commit the file, print the summary. Exit codes: 0 ok, 1 runtime failure, 2 scenario or usage error.

#include <string>
#include <vector>

namespace terawatt {

struct RunCommandOptions {
  std::string scenario_path;
  std::string output_path;                // empty: <scenario basename>.h5 in the working directory
  std::vector<std::string> overrides;     // --set key.path=value
  std::vector<std::string> engine_args;   // --cfg=..., --log=...
  bool quiet = false;
  bool timing = false;                    // print wall time, peak RSS and the sampling share on stderr
  bool force = false;                     // replace an existing output that is not a terawatt output
  std::string command_line;
};

int run_command(const RunCommandOptions& options);

// "scenarios/quickstart.yaml" -> "quickstart.h5"
std::string default_output_path(const std::string& scenario_path);

}  // namespace terawatt
