#include "sim/sweep_metric.hpp"

#include <cctype>
#include <stdexcept>

namespace terawatt {
namespace {

const char* const expected_forms =
    " (expected a /summary variable such as facility_energy, facility_energy[site=iowa] or max(end_time))";

bool is_identifier(const std::string& text) {
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text.front())) || text.front() == '_')) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Labels are scenario names: letters, digits, '_' and '-'.
bool is_label(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

std::string strip(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

[[noreturn]] void reject(const std::string& expression, const std::string& problem) {
  throw std::invalid_argument("'" + expression + "' " + problem + expected_forms);
}

}  // namespace

MetricSpec parse_metric(const std::string& expression) {
  MetricSpec metric;
  metric.expression = expression;
  std::string body = strip(expression);
  const auto open = body.find('(');
  if (open != std::string::npos) {
    if (body.back() != ')') reject(expression, "has an unclosed '('");
    metric.reducer = strip(body.substr(0, open));
    if (metric.reducer != "sum" && metric.reducer != "min" && metric.reducer != "max" && metric.reducer != "mean") {
      reject(expression, "uses an unknown reduction '" + metric.reducer + "' (known: sum, min, max, mean)");
    }
    body = strip(body.substr(open + 1, body.size() - open - 2));
  }
  const auto bracket = body.find('[');
  if (bracket != std::string::npos) {
    if (!metric.reducer.empty()) reject(expression, "both selects one label and reduces over all of them");
    if (body.back() != ']') reject(expression, "has an unclosed '['");
    const std::string selector = body.substr(bracket + 1, body.size() - bracket - 2);
    const auto equals = selector.find('=');
    if (equals == std::string::npos) reject(expression, "has a selector without '=' (such as [site=iowa])");
    metric.dimension = strip(selector.substr(0, equals));
    metric.label = strip(selector.substr(equals + 1));
    if (!is_identifier(metric.dimension)) reject(expression, "selects on an invalid dimension name");
    if (!is_label(metric.label)) reject(expression, "selects an invalid label");
    body = strip(body.substr(0, bracket));
  }
  metric.variable = body;
  if (!is_identifier(metric.variable)) reject(expression, "is not a variable name");
  metric.column = metric.variable;
  if (!metric.label.empty()) metric.column += "." + metric.label;
  if (!metric.reducer.empty()) metric.column += "." + metric.reducer;
  return metric;
}

}  // namespace terawatt
