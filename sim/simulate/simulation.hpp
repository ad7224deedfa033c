#pragma once
// Runs one validated scenario on SimGrid, streaming time-series rows to a sink, and returns exact totals read
// from the energy ledgers. One simulation per process (docs/design.md section 9).

#include "sim/record/run_report.hpp"
#include "sim/record/sampler.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

struct SimulationOptions {
  std::vector<std::string> engine_args;          // SimGrid's own --cfg=... and --log=... options
  ProgressStyle progress = ProgressStyle::none;  // sim/record/run_progress.hpp
  bool quiet = false;  // SimGrid prints warnings and errors only (a --log of the user's, in engine_args, still wins)
};

RunReport simulate(const Scenario& scenario, const SimulationOptions& options, const RowSink& sink);

}  // namespace terawatt
