#pragma once
// Rank correlations between a scenario's uncertain inputs (sim/scenario/input_distributions.hpp), stated in its
// `scenario` section:
//   scenario:
//     correlations:
//       - {inputs: [sites.iowa.pue, sites.iowa.wue], rank: 0.6}
// `terawatt run --samples N` draws the inputs with these rank (Spearman) correlations
// (models/base/rank_correlation.hpp); inputs not named are independent. A plain run takes central values and only
// checks the section.

#include "sim/scenario/input_distributions.hpp"

#include <Eigen/Dense>

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

struct InputCorrelation {
  std::size_t first = 0;  // indices into the distributions
  std::size_t second = 0;
  double rank = 0.0;
  std::string location;  // file:line:col of the entry
};

// The document's `scenario.correlations`, checked against its distributions: each entry names two different inputs
// that are distributions (a choice among names has no order and is refused), a rank in (-1, 1), each pair once, and
// together a positive definite matrix. Mistakes are ScenarioErrors at their place. None when the key is absent. An
// entry one of whose inputs a --set override made a plain value (a sample's value, or an input held fixed) is left
// out: there is nothing left to correlate.
std::vector<InputCorrelation> read_input_correlations(const YamlSource& context, const YAML::Node& document,
                                                      const std::vector<InputDistribution>& inputs);

// The k x k target matrix: 1 on the diagonal, the stated ranks, 0 elsewhere.
Eigen::MatrixXd correlation_matrix(std::size_t inputs, const std::vector<InputCorrelation>& correlations);

// What `--samples` draws from a scenario or projection file after `overrides`, read once: its distributions, in
// document order, and the correlations among them. Throws ScenarioError for a file that cannot be read or parsed, an
// override that does not apply, or a malformed distribution or correlation.
struct UncertainInputs {
  std::vector<InputDistribution> distributions;
  std::vector<InputCorrelation> correlations;
};
UncertainInputs file_uncertain_inputs(const std::string& path, const std::vector<std::string>& overrides);

}  // namespace terawatt
