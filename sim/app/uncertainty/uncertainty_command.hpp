#pragma once
// `terawatt run SCENARIO.yaml --samples N [--jobs J]`: the scenario's distributions (sim/scenario/
// input_distributions.hpp) drawn as a Latin hypercube of N samples (sample_plan.hpp), every sample validated before
// any is simulated, then simulated in child processes, J at a time, each writing its summary to a temporary file;
// the output holds every sample's summary figures, their bands and the inputs that drive them (uncertainty_figures
// .hpp). Every sample uses the scenario's seed, so that the samples differ by their inputs alone.

#include "sim/app/common/run_options.hpp"

namespace terawatt {

int run_uncertainty_command(const RunCommandOptions& options);

}  // namespace terawatt
