#include "sim/app/validate/validation_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace terawatt {
namespace {

// Five significant digits show a simulated figure one digit finer than the three or four a paper prints; whole
// numbers keep all their integer digits (184320 h, not 1.8432e+05 h).
constexpr int simulated_digits = 5;

int digits_for(double value) {
  const double magnitude = std::fabs(value);
  const int integer_digits = magnitude >= 1.0 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 0;
  return std::min(17, std::max(simulated_digits, integer_digits));
}

std::string percent(double fraction, const char* format) {
  if (!std::isfinite(fraction)) return "nan";
  char text[32];
  std::snprintf(text, sizeof text, format, 100.0 * fraction);
  std::string number(text);
  // An error that rounds to zero has no sign worth showing ("-0.00 %" reads as a deficit).
  if (number.find_first_not_of("+-0.") == std::string::npos) number.erase(0, number.find_first_not_of("+-"));
  return number + " %";
}

}  // namespace

ValidationRow unevaluated_row(const ValidationCase& validation_case, const ValidationCheck& check,
                              const std::string& result) {
  return {validation_case.name,
          std::string(validation_mode_name(validation_case.mode)),
          check.metric.expression,
          check.published_text,
          "-",
          "-",
          percent(check.tolerance, "%g"),
          result};
}

ValidationRow validation_row(const ValidationCase& validation_case, const ValidationCheck& check,
                             const CheckOutcome& outcome) {
  ValidationRow row = unevaluated_row(validation_case, check, outcome.pass ? "pass" : "FAIL");
  const double in_unit = (outcome.simulated_si - check.published.offset_to_si) / check.published.factor_to_si;
  row.simulated =
      std::isfinite(in_unit) ? format_in_unit(outcome.simulated_si, check.published, digits_for(in_unit)) : "nan";
  row.error = percent(outcome.relative_error, "%+.2f");
  return row;
}

std::string format_validation_table(const std::vector<ValidationRow>& rows) {
  using Cells = std::array<std::string, 8>;
  std::vector<Cells> lines{{"case", "mode", "metric", "published", "simulated", "error", "tolerance", "result"}};
  for (const auto& row : rows) {
    lines.push_back(
        {row.case_name, row.mode, row.metric, row.published, row.simulated, row.error, row.tolerance, row.result});
  }
  std::array<std::size_t, 8> width{};
  for (const auto& cells : lines) {
    for (std::size_t c = 0; c < cells.size(); ++c) width[c] = std::max(width[c], cells[c].size());
  }
  // Numbers are right-aligned so that their units and decimal places line up; names are left-aligned.
  constexpr std::array<bool, 8> right{false, false, false, true, true, true, true, false};
  std::string out;
  for (const auto& cells : lines) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(width[c] - cells[c].size(), ' ');
      if (c > 0) line += "  ";
      line += right[c] ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : "");
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace terawatt
