#pragma once
// The samples of an uncertainty run: a Latin hypercube over the scenario's distributions (sim/scenario/
// input_distributions.hpp), each point mapped through every input's quantile function, and the --set overrides that
// give a sample's values to `terawatt run`. A Latin hypercube puts exactly one sample in each of the `count` equal
// strata of every input's probability, so that 200 samples cover each input's range as evenly as it can be covered,
// whatever the number of inputs (McKay, Beckman and Conover 1979; docs/references.md K).

#include "sim/scenario/input_correlations.hpp"
#include "sim/scenario/input_distributions.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace terawatt {

struct SamplePlan {
  std::vector<InputDistribution> inputs;
  std::vector<InputCorrelation> correlations;       // the rank correlations asked for (scenario.correlations)
  std::vector<std::vector<double>> values;          // [sample][input]: in the input's unit; a choice's index
  std::vector<std::vector<std::string>> overrides;  // [sample]: "path=value" for each input
};

// The same seed gives the same samples on every machine (sim/app/sweep/sweep_sampling.hpp). With correlations, the
// hypercube's columns are re-paired to approach them (models/base/rank_correlation.hpp), each input keeping one
// sample in each of its strata; without, the samples are the plain hypercube's.
SamplePlan plan_samples(std::vector<InputDistribution> inputs, std::size_t count, std::uint64_t seed,
                        std::vector<InputCorrelation> correlations = {});

// "a ~ b: rank 0.6 asked, 0.58 drawn" for each correlation asked for; the achieved Spearman correlation of the
// samples' values.
std::vector<std::string> drawn_correlations(const SamplePlan& plan);

}  // namespace terawatt
