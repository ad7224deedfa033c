#include "sim/app/uncertainty/sample_plan.hpp"

#include "models/base/random_stream.hpp"
#include "models/base/rank_correlation.hpp"
#include "sim/app/sweep/sweep_sampling.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <cstdlib>

namespace terawatt {

SamplePlan plan_samples(std::vector<InputDistribution> inputs, std::size_t count, std::uint64_t seed,
                        std::vector<InputCorrelation> correlations) {
  SamplePlan plan;
  plan.inputs = std::move(inputs);
  plan.correlations = std::move(correlations);
  auto unit = unit_samples(SamplingMethod::latin_hypercube, count, plan.inputs.size(), seed);
  if (!plan.correlations.empty()) {
    // Quantile functions are monotonic: ranks imposed on the probabilities hold for the values.
    unit = with_rank_correlation(unit, correlation_matrix(plan.inputs.size(), plan.correlations),
                                 derived_seed(seed, "uncertainty/correlations"));
  }
  for (const std::vector<double>& point : unit) {
    std::vector<double> values;
    std::vector<std::string> overrides;
    for (std::size_t k = 0; k < plan.inputs.size(); ++k) {
      const InputDistribution& input = plan.inputs[k];
      const double drawn = input.quantile(point[k]);
      const std::string text = input.text(drawn);
      // The value as the run reads it back from its override, rounded to the text's 10 digits.
      values.push_back(input.kind == DistributionKind::choice ? drawn : std::strtod(text.c_str(), nullptr));
      overrides.push_back(input.path + "=" + text);
    }
    plan.values.push_back(std::move(values));
    plan.overrides.push_back(std::move(overrides));
  }
  return plan;
}

std::vector<std::string> drawn_correlations(const SamplePlan& plan) {
  std::vector<std::string> lines;
  for (const InputCorrelation& c : plan.correlations) {
    std::vector<double> a, b;
    for (const auto& values : plan.values) {
      a.push_back(values[c.first]);
      b.push_back(values[c.second]);
    }
    lines.push_back(plan.inputs[c.first].path + " ~ " + plan.inputs[c.second].path + ": rank " + short_number(c.rank) +
                    " asked, " + short_number(spearman_correlation(a, b)) + " drawn");
  }
  return lines;
}

}  // namespace terawatt
