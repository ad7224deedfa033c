#pragma once
// A metric of a sweep: one number per point taken from the point's /summary group.
//   facility_energy              the variable; summed over its dimension when that has several labels
//   facility_energy[site=iowa]   the value at one label
//   max(end_time)                min, max, mean or sum over the dimension
//   electricity[year=2026,case=base]   a variable of several dimensions (a projection's /projection): one label
//                                      per named dimension; the unnamed ones are summed, which is refused (as
//                                      above) for variables that do not add up, such as a PUE
// The column it becomes in the collected table is named after it: facility_energy, facility_energy.iowa,
// end_time.max, electricity.2026.base.

#include "sim/io/summary_reader.hpp"

#include <string>
#include <utility>
#include <vector>

namespace terawatt {

struct MetricSpec {
  std::string expression;  // as written
  std::string column;
  std::string variable;
  std::string reducer;    // "", "sum", "min", "max", "mean"
  std::string dimension;  // of the first selector, else empty
  std::string label;
  std::vector<std::pair<std::string, std::string>> selectors;  // every (dimension, label), in the order written
};

// Throws std::invalid_argument with a message for the user ("... (expected NAME, NAME[dim=label] or max(NAME))").
MetricSpec parse_metric(const std::string& expression);

struct MetricValue {
  double value = 0.0;
  std::string problem;  // non-empty: the metric cannot be read from this summary, and why (value is then NaN)
};

// The metric's value in one run's /summary, in the units of its variable. A sum over several labels is refused for
// variables that do not add up (PUEs, times, intensities).
MetricValue evaluate_metric(const MetricSpec& metric, const std::vector<PointSummaryVariable>& variables);

}  // namespace terawatt
