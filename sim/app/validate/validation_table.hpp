#pragma once
// The table `terawatt validate` prints: one row per published figure, with the simulated value in the published
// figure's unit, the relative error and whether it is within the tolerance.

#include "sim/app/validate/validation_case.hpp"
#include "sim/app/validate/validation_check.hpp"

#include <string>
#include <vector>

namespace terawatt {

struct ValidationRow {
  std::string case_name;
  std::string mode;
  std::string metric;
  std::string published;
  std::string simulated;  // in the published figure's unit; "-" when the run failed
  std::string error;      // "+0.18 %"
  std::string tolerance;  // "2 %"
  std::string result;     // "pass", "FAIL", "run failed", "error"
};

// A row for a check that was evaluated.
ValidationRow validation_row(const ValidationCase& validation_case, const ValidationCheck& check,
                             const CheckOutcome& outcome);
// A row for a check that could not be evaluated, with `result` saying why.
ValidationRow unevaluated_row(const ValidationCase& validation_case, const ValidationCheck& check,
                              const std::string& result);

// Aligned columns under a header, one line per row.
std::string format_validation_table(const std::vector<ValidationRow>& rows);

}  // namespace terawatt
