#include "sim/app/uncertainty/sample_plan.hpp"

#include "sim/app/sweep/sweep_sampling.hpp"

#include <cstdlib>

namespace terawatt {

SamplePlan plan_samples(std::vector<InputDistribution> inputs, std::size_t count, std::uint64_t seed) {
  SamplePlan plan;
  plan.inputs = std::move(inputs);
  const auto unit = unit_samples(SamplingMethod::latin_hypercube, count, plan.inputs.size(), seed);
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

}  // namespace terawatt
