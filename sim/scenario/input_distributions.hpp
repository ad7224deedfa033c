#pragma once
// Uncertain inputs: any value of a scenario may be given as a distribution instead of a value,
//   pue: {triangular: [1.1, 1.2, 1.5]}                  # low, mode, high
//   server_overhead: {uniform: [3 kW, 5 kW]}            # low, high
//   mfu: {normal: [40 %, 5 %], min: 20 %}               # mean, standard deviation; optional min and max cut it
//   output_tokens: {lognormal: [300, 1.6]}              # median, geometric standard deviation (a factor > 1)
//   climate: {choice: [iowa, arizona], weights: [3, 1]} # values (numbers or names), optional weights
// A run takes each at its central value (the midpoint, the mode, the mean, the median, the most weighted choice);
// `terawatt run --samples N` draws them (sim/app/uncertainty/). Numbers carry the unit text that follows them, which
// must be the same for every parameter of one distribution; the key's own reader checks the value drawn.

#include "sim/scenario/yaml_reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

enum class DistributionKind { uniform, triangular, normal, lognormal, choice };

struct InputDistribution {
  std::string path;      // the --set key path: sites.iowa.pue
  std::string location;  // file:line:col of the distribution
  DistributionKind kind = DistributionKind::uniform;
  std::vector<double> parameters;  // in `unit`: see the kinds above
  std::string unit;                // the text after the numbers ("kW", "%"); empty when none
  std::optional<double> min, max;  // normal and lognormal: cut to [min, max]
  std::vector<std::string> choices;
  std::vector<double> weights;  // choice: one per choice, summing to > 0

  // The value at probability u in [0, 1] of the distribution (its quantile function): a number in `unit`, or for a
  // choice the index of the value chosen.
  double quantile(double u) const;
  double central() const;
  // A value as the scenario writes it: the number and the unit, or the choice itself.
  std::string text(double value) const;
  std::string description() const;  // "triangular(1.1, 1.2, 1.5)"
};

// Every distribution in a scenario document, in document order. Malformed ones are ScenarioErrors at their place.
std::vector<InputDistribution> find_input_distributions(const YamlSource& context, const YAML::Node& document);

// Replaces each distribution of `document` (as found above) by its central value, keeping its place in the file for
// the errors its key's reader may raise. Returns "path=value" for each, in document order.
std::vector<std::string> resolve_input_distributions(YAML::Node& document,
                                                     const std::vector<InputDistribution>& distributions);

}  // namespace terawatt
