#pragma once
// Uncertainty samples run as a sweep, for sample counts that one machine cannot run in reasonable time: `terawatt run
// X --samples N --as-sweep DIR` writes DIR/samples.yaml, a sweep of the N samples (the user's --set overrides as its
// `set`, the samples as one zipped axis, in sample order), which `terawatt sweep` runs on a local pool or as a Slurm
// job array; `terawatt run X --samples N --from-sweep DIR` draws the same samples again (same scenario, overrides,
// seed and N), checks that DIR's plan holds exactly them, and reads each point's /summary for the bands.

#include "sim/app/common/run_options.hpp"
#include "sim/app/uncertainty/sample_plan.hpp"
#include "sim/io/summary_reader.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace terawatt {

// DIR's sweep is not the one --as-sweep writes for these samples: a usage error (exit 2), unlike points not yet done.
struct SampleSweepMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How to run the sweep and read its bands back: the commands, one a line.
std::string sample_sweep_instructions(const RunCommandOptions& options, const SamplePlan& plan);

// The sweep file's text: the instructions as comments, then `sweep`, `set` and `axes`.
std::string sample_sweep_yaml(const RunCommandOptions& options, const SamplePlan& plan, const std::string& name);

// Writes DIR/samples.yaml (creating DIR); returns its path. Throws std::runtime_error.
std::string write_sample_sweep(const RunCommandOptions& options, const SamplePlan& plan, const std::string& name);

// The summaries of the sweep's points in sample order. Throws SampleSweepMismatch naming DIR/plan.yaml when its
// points are not these samples, and std::runtime_error listing the points that are not done (pending, failed or
// stale) when any is not, or when DIR/plan.yaml cannot be read.
std::vector<std::vector<PointSummaryVariable>> read_sample_sweep(const RunCommandOptions& options,
                                                                 const SamplePlan& plan);

}  // namespace terawatt
