#pragma once
// What `terawatt run` is asked to do, shared by the run of a simulation scenario (sim/app/run_command.hpp) and of a
// projection scenario (sim/app/projection/projection_command.hpp).

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

struct RunCommandOptions {
  std::string scenario_path;
  std::string output_path;             // empty: <scenario basename>.h5 in the working directory
  std::vector<std::string> overrides;  // --set key.path=value
  // --catalog FILE: user hardware and facility presets (sim/scenario/hardware_reader.hpp); a projection refuses it.
  std::vector<std::string> catalog_files;
  std::vector<std::string> engine_args;  // --cfg=..., --log=...
  bool quiet = false;
  bool timing = false;      // print wall time, peak RSS and the sampling share on stderr
  bool force = false;       // replace an existing output that is not a terawatt output
  std::size_t samples = 0;  // --samples N: an uncertainty run of N samples (sim/app/uncertainty/); 0: one run
  unsigned jobs = 1;        // --jobs: samples simulated at once
  // --as-sweep DIR: write the samples as a sweep to run elsewhere (sim/app/uncertainty/sample_sweep.hpp);
  // --from-sweep DIR: read that sweep's points for the bands instead of simulating the samples here.
  std::string samples_sweep_dir;
  std::string samples_from_sweep_dir;
  bool series_bands = false;  // --series-bands: bands over time of the sites' headline series (series_bands.hpp)
  std::string command_line;
};

// "scenarios/quickstart.yaml" -> "quickstart.h5"
std::string default_output_path(const std::string& scenario_path);

}  // namespace terawatt
