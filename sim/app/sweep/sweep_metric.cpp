#include "sim/app/sweep/sweep_metric.hpp"

#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
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

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Energies, masses, hours and powers add up over sites, clusters and workloads; ratios, times and intensities
// do not, and a silent sum of PUEs would be a wrong number in a table nobody checks by hand.
bool additive(const std::string& units) {
  return !(units.empty() || units == "1" || units == "s" || units == "degC" || units.find('/') != std::string::npos ||
           units.find("^-") != std::string::npos);
}

std::vector<std::string> names_of(const std::vector<PointSummaryVariable>& variables) {
  std::vector<std::string> names;
  for (const auto& v : variables) names.push_back(v.name);
  return names;
}

[[noreturn]] void reject(const std::string& expression, const std::string& problem) {
  throw std::invalid_argument("'" + expression + "' " + problem + expected_forms);
}

// A variable of several dimensions: the cells at the selected labels, the other dimensions summed (or reduced).
MetricValue evaluate_over_dimensions(const MetricSpec& metric, const PointSummaryVariable& v) {
  std::vector<std::string> dimensions = v.dimensions;
  std::vector<std::vector<std::string>> labels = v.dimension_labels;
  if (dimensions.empty()) {
    dimensions = {v.dimension};
    labels = {v.labels};
  }
  std::vector<long> chosen(dimensions.size(), -1);  // the selected label's index, -1 for a dimension not named
  for (const auto& [dimension, label] : metric.selectors) {
    const auto axis = std::find(dimensions.begin(), dimensions.end(), dimension);
    if (axis == dimensions.end()) {
      return {nan, "'" + v.name + "' is over " + join(dimensions) + ", not '" + dimension + "' (expected " + v.name +
                       "[" + dimensions.front() + "=...])"};
    }
    const auto& axis_labels = labels[static_cast<std::size_t>(axis - dimensions.begin())];
    const auto at = std::find(axis_labels.begin(), axis_labels.end(), label);
    if (at == axis_labels.end()) {
      return {nan, "no " + dimension + " '" + label + "'" + did_you_mean(label, axis_labels) +
                       " (expected one of: " + join(axis_labels) + ")"};
    }
    chosen[static_cast<std::size_t>(axis - dimensions.begin())] = at - axis_labels.begin();
  }
  std::size_t cells = 0;
  std::vector<std::string> summed;
  for (std::size_t axis = 0; axis < dimensions.size(); ++axis) {
    if (chosen[axis] < 0 && labels[axis].size() > 1) summed.push_back(dimensions[axis]);
  }
  if (metric.reducer.empty() && !summed.empty() && !additive(v.units)) {
    return {nan, "'" + v.name + "' [" + v.units + "] does not add up over " + join(summed) +
                     " (expected a label for "
                     "each, such as " +
                     v.name + "[" + summed.front() + "=" +
                     labels[static_cast<std::size_t>(std::find(dimensions.begin(), dimensions.end(), summed.front()) -
                                                     dimensions.begin())]
                         .front() +
                     ",...])"};
  }
  const std::string reducer = metric.reducer.empty() ? "sum" : metric.reducer;
  double result = reducer == "min"   ? std::numeric_limits<double>::infinity()
                  : reducer == "max" ? -std::numeric_limits<double>::infinity()
                                     : 0.0;
  for (std::size_t flat = 0; flat < v.values.size(); ++flat) {
    // Row-major: the last dimension varies fastest.
    std::size_t rest = flat;
    bool selected = true;
    for (std::size_t axis = dimensions.size(); axis-- > 0;) {
      const std::size_t index = rest % labels[axis].size();
      rest /= labels[axis].size();
      if (chosen[axis] >= 0 && static_cast<long>(index) != chosen[axis]) selected = false;
    }
    if (!selected) continue;
    const double x = v.values[flat];
    if (std::isnan(x)) return {nan, ""};  // not known: as for one dimension
    if (reducer == "min")
      result = std::min(result, x);
    else if (reducer == "max")
      result = std::max(result, x);
    else
      result += x;
    ++cells;
  }
  if (reducer == "mean") result /= static_cast<double>(cells);
  return {result, ""};
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
    std::stringstream selectors(body.substr(bracket + 1, body.size() - bracket - 2));
    for (std::string selector; std::getline(selectors, selector, ',');) {
      const auto equals = selector.find('=');
      if (equals == std::string::npos) reject(expression, "has a selector without '=' (such as [site=iowa])");
      const std::string dimension = strip(selector.substr(0, equals));
      const std::string label = strip(selector.substr(equals + 1));
      if (!is_identifier(dimension)) reject(expression, "selects on an invalid dimension name");
      if (!is_label(label)) reject(expression, "selects an invalid label");
      for (const auto& [seen, unused] : metric.selectors) {
        if (seen == dimension) reject(expression, "selects on '" + dimension + "' twice");
      }
      metric.selectors.emplace_back(dimension, label);
    }
    if (metric.selectors.empty()) reject(expression, "has an empty selector");
    metric.dimension = metric.selectors.front().first;
    metric.label = metric.selectors.front().second;
    body = strip(body.substr(0, bracket));
  }
  metric.variable = body;
  if (!is_identifier(metric.variable)) reject(expression, "is not a variable name");
  metric.column = metric.variable;
  for (const auto& [dimension, label] : metric.selectors) metric.column += "." + label;
  if (!metric.reducer.empty()) metric.column += "." + metric.reducer;
  return metric;
}

MetricValue evaluate_metric(const MetricSpec& metric, const std::vector<PointSummaryVariable>& variables) {
  const auto found = std::find_if(variables.begin(), variables.end(),
                                  [&](const PointSummaryVariable& v) { return v.name == metric.variable; });
  if (found == variables.end()) {
    return {nan, "no /summary variable '" + metric.variable + "'" + did_you_mean(metric.variable, names_of(variables)) +
                     " (expected one of: " + join(names_of(variables)) + ")"};
  }
  const PointSummaryVariable& v = *found;
  if (!v.dimensions.empty() || metric.selectors.size() > 1) return evaluate_over_dimensions(metric, v);
  if (!metric.label.empty()) {
    if (metric.dimension != v.dimension) {
      return {nan, "'" + v.name + "' is over '" + v.dimension + "', not '" + metric.dimension + "' (expected " +
                       v.name + "[" + v.dimension + "=...])"};
    }
    const auto at = std::find(v.labels.begin(), v.labels.end(), metric.label);
    if (at == v.labels.end()) {
      return {nan, "no " + v.dimension + " '" + metric.label + "'" + did_you_mean(metric.label, v.labels) +
                       " (expected one of: " + join(v.labels) + ")"};
    }
    return {v.values[static_cast<std::size_t>(at - v.labels.begin())], ""};
  }
  std::string reducer = metric.reducer;
  if (reducer.empty()) {
    if (v.values.size() == 1) return {v.values.front(), ""};
    if (!additive(v.units)) {
      return {nan, "'" + v.name + "' [" + v.units + "] does not add up over its " + std::to_string(v.values.size()) +
                       " " + v.dimension + "s (expected one of them, such as " + v.name + "[" + v.dimension + "=" +
                       v.labels.front() + "], or mean(" + v.name + "), min(...) or max(...))"};
    }
    reducer = "sum";
  }
  double result = reducer == "min"   ? std::numeric_limits<double>::infinity()
                  : reducer == "max" ? -std::numeric_limits<double>::infinity()
                                     : 0.0;
  for (double x : v.values) {
    // NaN means "not known" (a workload that never ended): any reduction over it is not known either, whereas
    // std::min and std::max would silently drop it.
    if (std::isnan(x)) return {nan, ""};
    if (reducer == "min")
      result = std::min(result, x);
    else if (reducer == "max")
      result = std::max(result, x);
    else
      result += x;
  }
  if (reducer == "mean") result /= static_cast<double>(v.values.size());
  return {result, ""};
}

}  // namespace terawatt
