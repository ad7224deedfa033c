#include "sim/app/validate/validation_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace terawatt {

CheckOutcome compare_with_published(double published_si, double simulated_si, double tolerance) {
  CheckOutcome outcome;
  outcome.simulated_si = simulated_si;
  const double magnitude = std::fabs(published_si);
  outcome.relative_error = (simulated_si - published_si) / magnitude;
  outcome.pass = std::fabs(simulated_si - published_si) <= tolerance * magnitude * (1.0 + tolerance_rounding_slack);
  return outcome;
}

std::optional<SummaryUnit> summary_unit(const std::string& units) {
  if (units == "1") return SummaryUnit{Dimension::dimensionless, 1.0};
  if (units == "hour") return SummaryUnit{Dimension::time, 3600.0};
  const UnitSpec* unit = find_unit(units);
  if (unit == nullptr || unit->offset_to_si != 0.0) return std::nullopt;
  return SummaryUnit{unit->dimension, unit->factor_to_si};
}

CheckResult evaluate_check(const ValidationCheck& check, const std::vector<PointSummaryVariable>& summary) {
  CheckResult result;
  const MetricValue value = evaluate_metric(check.metric, summary);
  if (!value.problem.empty()) {
    result.problem = value.problem;
    return result;
  }
  const auto variable = std::find_if(summary.begin(), summary.end(),
                                     [&](const PointSummaryVariable& v) { return v.name == check.metric.variable; });
  const auto unit = summary_unit(variable->units);
  if (!unit) {
    result.problem = "'" + variable->name + "' is in '" + variable->units +
                     "', a unit validate cannot convert (expected a variable in units of the project's table)";
    return result;
  }
  if (unit->dimension != check.published.dimension) {
    result.problem = "the published '" + check.published_text + "' (" +
                     std::string(dimension_name(check.published.dimension)) + ") cannot be compared with '" +
                     variable->name + "' [" + variable->units + "] (" + std::string(dimension_name(unit->dimension)) +
                     ") (expected a published value in " + accepted_units(unit->dimension) + ")";
    return result;
  }
  result.outcome = compare_with_published(check.published.si, value.value * unit->factor_to_si, check.tolerance);
  return result;
}

}  // namespace terawatt
