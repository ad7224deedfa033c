#pragma once
// One published figure against the simulated one: the metric read from a run's /summary, brought to SI from the
// variable's `units` attribute, and its relative error against the published value and tolerance.

#include "sim/app/validate/validation_case.hpp"
#include "sim/io/summary_reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// A simulated value within `tolerance` of the published one, relative to it, passes; the edge included. Binary
// floating point cannot hold most percentages exactly (0.02 is not), so the edge is widened by this relative slack:
// 102 against 100 at 2 % must pass whatever the rounding of 0.02 x 100.
constexpr double tolerance_rounding_slack = 1e-12;

struct CheckOutcome {
  double simulated_si = 0.0;
  double relative_error = 0.0;  // (simulated - published) / |published|; NaN when simulated is NaN
  bool pass = false;            // NaN never passes
};

CheckOutcome compare_with_published(double published_si, double simulated_si, double tolerance);

// The dimension of a /summary `units` attribute and its factor to SI. The writer uses the unit table's symbols
// ("J", "kg", "s", "m3", "L/kWh"), "1" for dimensionless values and pint's "hour" for accelerator-hours.
struct SummaryUnit {
  Dimension dimension = Dimension::dimensionless;
  double factor_to_si = 1.0;
};
std::optional<SummaryUnit> summary_unit(const std::string& units);

struct CheckResult {
  CheckOutcome outcome;
  std::string problem;  // non-empty: the check names nothing in the summary or compares unlike quantities
};

// The check evaluated on one run's /summary variables.
CheckResult evaluate_check(const ValidationCheck& check, const std::vector<PointSummaryVariable>& summary);

}  // namespace terawatt
