#include "sim/scenario/input_distributions.hpp"

#include "sim/scenario/scenario_override.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

namespace terawatt {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

struct KindName {
  DistributionKind kind;
  const char* name;
  std::size_t parameters;  // 0: a list of any length (choice)
  const char* meaning;
};
constexpr std::array<KindName, 5> kinds{{
    {DistributionKind::uniform, "uniform", 2, "[low, high]"},
    {DistributionKind::triangular, "triangular", 3, "[low, mode, high]"},
    {DistributionKind::normal, "normal", 2, "[mean, standard deviation]"},
    {DistributionKind::lognormal, "lognormal", 2, "[median, geometric standard deviation]"},
    {DistributionKind::choice, "choice", 0, "[value, value, ...]"},
}};

const KindName* kind_key(const YAML::Node& node) {
  if (!node.IsMap()) return nullptr;
  const KindName* found = nullptr;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) continue;  // the schema's reader refuses such a key, at its place
    const std::string key = entry.first.Scalar();
    for (const KindName& kind : kinds) {
      if (key == kind.name) found = &kind;
    }
  }
  return found;
}

// A number and the unit text after it: "3 kW" -> 3, "kW".
std::pair<double, std::string> number_with_unit(const YamlSource& context, const YAML::Node& node,
                                                const std::string& path) {
  const std::string text = node.IsScalar() ? node.Scalar() : std::string();
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(value)) {
    context.fail(node, path, "expected a number, with its unit if the key has one (got '" + text + "')");
  }
  std::string unit(end);
  unit.erase(0, unit.find_first_not_of(' '));
  unit.erase(unit.find_last_not_of(' ') + 1);
  return {value, unit};
}

// The normal distribution's quantile at p, within [lo, hi] of the standard normal's probabilities.
double standard_normal_between(double u, double lo_z, double hi_z) {
  const auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  // The extreme strata of a Latin hypercube reach u = 0: the quantile is kept a hair inside (0, 1).
  constexpr double edge = 1e-12;
  const double p = std::clamp(cdf(lo_z) + u * (cdf(hi_z) - cdf(lo_z)), edge, 1.0 - edge);
  return std::clamp(std::sqrt(2.0) * boost::math::erf_inv(2.0 * p - 1.0), lo_z, hi_z);
}

class DistributionReader {
 public:
  DistributionReader(const YamlSource& context, const YAML::Node& node, std::string path, const KindName& kind)
      : context_(context), node_(node), path_(std::move(path)), kind_(kind) {}

  InputDistribution read() const {
    InputDistribution d;
    d.path = path_;
    d.location = context_.location(node_, path_);
    d.kind = kind_.kind;
    check_keys();
    const YAML::Node list = node_[kind_.name];
    const std::string list_path = path_ + "." + kind_.name;
    if (!list.IsSequence() || list.size() == 0 || (kind_.parameters > 0 && list.size() != kind_.parameters)) {
      context_.fail(list, list_path, std::string("expected a list ") + kind_.meaning);
    }
    if (kind_.kind == DistributionKind::choice) {
      read_choice(list, list_path, d);
      return d;
    }
    for (std::size_t i = 0; i < list.size(); ++i) d.parameters.push_back(number(list[i], list_path));
    if (node_["min"]) d.min = number(node_["min"], path_ + ".min");
    if (node_["max"]) d.max = number(node_["max"], path_ + ".max");
    d.unit = unit_.value_or("");
    check_parameters(d);
    return d;
  }

 private:
  void check_keys() const {
    for (const auto& entry : node_) {
      if (!entry.first.IsScalar()) context_.fail(entry.first, path_, "expected a key of a distribution here");
      const std::string key = entry.first.Scalar();
      const bool bounds = (key == "min" || key == "max") &&
                          (kind_.kind == DistributionKind::normal || kind_.kind == DistributionKind::lognormal);
      const bool weights = key == "weights" && kind_.kind == DistributionKind::choice;
      if (key != kind_.name && !bounds && !weights) {
        const char* expected = kind_.kind == DistributionKind::choice ? " (expected weights)"
                               : kind_.kind == DistributionKind::normal || kind_.kind == DistributionKind::lognormal
                                   ? " (expected min or max)"
                                   : " (it takes only its list)";
        context_.fail(entry.first, path_ + "." + key,
                      std::string("not a key of a ") + kind_.name + " distribution" + expected);
      }
    }
  }

  // A number in the distribution's unit: the first number sets it.
  double number(const YAML::Node& node, const std::string& path) const {
    const auto [value, its_unit] = number_with_unit(context_, node, path);
    if (!unit_) {
      unit_ = its_unit;
    } else if (its_unit != *unit_) {
      context_.fail(node, path,
                    "the unit '" + its_unit + "' differs from the distribution's first, '" + *unit_ +
                        "' (expected every number of one distribution in the same unit)");
    }
    return value;
  }

  void read_choice(const YAML::Node& list, const std::string& list_path, InputDistribution& d) const {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].IsScalar()) context_.fail(list[i], list_path, "expected a value (a number or a name)");
      d.choices.push_back(list[i].Scalar());
    }
    const YAML::Node weights = node_["weights"];
    if (!weights) {
      d.weights.assign(d.choices.size(), 1.0);
      return;
    }
    if (!weights.IsSequence() || weights.size() != d.choices.size()) {
      context_.fail(weights, path_ + ".weights",
                    "expected a list of " + std::to_string(d.choices.size()) + " weights, one per choice");
    }
    for (std::size_t i = 0; i < weights.size(); ++i) {
      const auto [w, unit] = number_with_unit(context_, weights[i], path_ + ".weights");
      if (!unit.empty() || !(w >= 0.0)) context_.fail(weights[i], path_ + ".weights", "expected a number >= 0");
      d.weights.push_back(w);
    }
    if (!(std::accumulate(d.weights.begin(), d.weights.end(), 0.0) > 0.0)) {
      context_.fail(weights, path_ + ".weights", "the weights sum to 0 (expected at least one above 0)");
    }
  }

  void check_parameters(const InputDistribution& d) const {
    const std::vector<double>& p = d.parameters;
    const YAML::Node list = node_[kind_.name];
    const std::string list_path = path_ + "." + kind_.name;
    switch (d.kind) {
      case DistributionKind::uniform:
        if (!(p[0] < p[1])) context_.fail(list, list_path, "low must be below high");
        break;
      case DistributionKind::triangular:
        if (!(p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2])) {
          context_.fail(list, list_path, "expected low <= mode <= high, with low below high");
        }
        break;
      case DistributionKind::normal:
        if (!(p[1] > 0.0)) context_.fail(list, list_path, "the standard deviation must be > 0");
        break;
      case DistributionKind::lognormal:
        if (!(p[0] > 0.0) || !(p[1] > 1.0)) {
          context_.fail(list, list_path, "the median must be > 0 and the geometric standard deviation > 1");
        }
        if ((d.min && !(*d.min > 0.0)) || (d.max && !(*d.max > 0.0))) {
          context_.fail(node_, path_, "a lognormal's min and max must be > 0");
        }
        break;
      case DistributionKind::choice:
        break;
    }
    if (d.min && d.max && !(*d.min < *d.max)) context_.fail(node_["max"], path_ + ".max", "must be above min");
  }

  const YamlSource& context_;
  const YAML::Node& node_;
  std::string path_;
  const KindName& kind_;
  mutable std::optional<std::string> unit_;
};

// Calls `visit(node, path, kind)` for every distribution under `node`, in document order.
template <class Visit>
void for_each_distribution(YAML::Node node, const std::string& path, const Visit& visit) {
  if (node.IsMap()) {
    if (const KindName* kind = kind_key(node); kind != nullptr && !path.empty()) {
      visit(node, path, *kind);
      return;
    }
    for (auto entry : node) {
      if (!entry.first.IsScalar()) continue;
      const std::string key = entry.first.Scalar();
      for_each_distribution(entry.second, path.empty() ? key : path + "." + key, visit);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      for_each_distribution(node[i], path + "." + element_segment(node[i], i), visit);
    }
  }
}

}  // namespace

double InputDistribution::quantile(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  const std::vector<double>& p = parameters;
  switch (kind) {
    case DistributionKind::uniform:
      return p[0] + u * (p[1] - p[0]);
    case DistributionKind::triangular: {
      const double width = p[2] - p[0];
      const double below_mode = (p[1] - p[0]) / width;
      return u < below_mode ? p[0] + std::sqrt(u * width * (p[1] - p[0]))
                            : p[2] - std::sqrt((1.0 - u) * width * (p[2] - p[1]));
    }
    case DistributionKind::normal: {
      const double lo = min ? (*min - p[0]) / p[1] : -infinity;
      const double hi = max ? (*max - p[0]) / p[1] : infinity;
      return p[0] + p[1] * standard_normal_between(u, lo, hi);
    }
    case DistributionKind::lognormal: {
      const double sigma = std::log(p[1]);
      const double lo = min ? std::log(*min / p[0]) / sigma : -infinity;
      const double hi = max ? std::log(*max / p[0]) / sigma : infinity;
      return p[0] * std::exp(sigma * standard_normal_between(u, lo, hi));
    }
    case DistributionKind::choice: {
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      double cumulative = 0.0;
      for (std::size_t k = 0; k < weights.size(); ++k) {
        cumulative += weights[k];
        if (weights[k] > 0.0 && u * total < cumulative) return static_cast<double>(k);
      }
      std::size_t last = weights.size() - 1;
      while (!(weights[last] > 0.0)) --last;
      return static_cast<double>(last);
    }
  }
  return p[0];
}

double InputDistribution::central() const {
  const std::vector<double>& p = parameters;
  const auto within = [this](double v) { return std::clamp(v, min.value_or(-infinity), max.value_or(infinity)); };
  switch (kind) {
    case DistributionKind::uniform:
      return 0.5 * (p[0] + p[1]);
    case DistributionKind::triangular:
      return p[1];
    case DistributionKind::normal:
    case DistributionKind::lognormal:
      return within(p[0]);
    case DistributionKind::choice:
      return static_cast<double>(std::max_element(weights.begin(), weights.end()) - weights.begin());
  }
  return p[0];
}

std::string InputDistribution::text(double value) const {
  if (kind == DistributionKind::choice) return choices.at(static_cast<std::size_t>(value));
  std::array<char, 40> number{};
  std::snprintf(number.data(), number.size(), "%.10g", value);
  return unit.empty() ? std::string(number.data()) : std::string(number.data()) + " " + unit;
}

std::string InputDistribution::description() const {
  std::string out = kinds[static_cast<std::size_t>(kind)].name;
  out += "(";
  if (kind == DistributionKind::choice) {
    for (std::size_t k = 0; k < choices.size(); ++k)
      out += (k ? ", " : "") + choices[k] + " x" + short_number(weights[k]);
  } else {
    for (std::size_t k = 0; k < parameters.size(); ++k) out += (k ? ", " : "") + short_number(parameters[k]);
  }
  out += ")";
  if (!unit.empty()) out += " " + unit;
  if (min) out += ", min " + short_number(*min);
  if (max) out += ", max " + short_number(*max);
  return out;
}

std::vector<InputDistribution> find_input_distributions(const YamlSource& context, const YAML::Node& document) {
  std::vector<InputDistribution> found;
  for_each_distribution(document, "", [&](const YAML::Node& node, const std::string& path, const KindName& kind) {
    found.push_back(DistributionReader(context, node, path, kind).read());
  });
  return found;
}

std::vector<std::string> resolve_input_distributions(YAML::Node& document,
                                                     const std::vector<InputDistribution>& distributions) {
  // By path: a node that two paths share (a YAML alias) is resolved once, and the walk goes on past it.
  std::map<std::string, std::string> central;
  std::vector<std::string> resolved;
  for (const InputDistribution& d : distributions) {
    central.emplace(d.path, d.text(d.central()));
    resolved.push_back(d.path + "=" + d.text(d.central()));
  }
  for_each_distribution(document, "", [&](YAML::Node node, const std::string& path, const KindName& /*kind*/) {
    if (const auto found = central.find(path); found != central.end()) node = found->second;
  });
  return resolved;
}

}  // namespace terawatt
