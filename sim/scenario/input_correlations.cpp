#include "sim/scenario/input_correlations.hpp"

#include "sim/scenario/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace terawatt {
namespace {

constexpr const char* section_path = "scenario.correlations";

// The value of a mapping's plain key `name`; an undefined node when there is none, or no mapping (the loader reports
// malformed documents at their place).
YAML::Node child_named(const YAML::Node& node, const std::string& name) {
  if (node.IsDefined() && node.IsMap()) {
    for (const auto& entry : node) {
      if (entry.first.IsScalar() && entry.first.Scalar() == name) return entry.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// The index of the input `node` names; none where a --set override made it a plain value (a sample's value, or an
// input held fixed), which leaves nothing to correlate.
std::optional<std::size_t> input_index(const YamlSource& context, const YAML::Node& node, const std::string& path,
                                       const std::vector<InputDistribution>& inputs) {
  const std::string name = node.IsScalar() ? node.Scalar() : std::string();
  std::vector<std::string> paths;
  for (const auto& input : inputs) paths.push_back(input.path);
  const auto found = std::find(paths.begin(), paths.end(), name);
  if (found == paths.end() && context.overridden(name)) return std::nullopt;
  if (found == paths.end()) {
    context.fail(node, path,
                 "'" + name + "' is not a value given as a distribution" + did_you_mean(name, paths) +
                     (paths.empty() ? " (this scenario gives none)" : " (expected one of: " + join(paths) + ")"));
  }
  const auto index = static_cast<std::size_t>(found - paths.begin());
  const InputDistribution& input = inputs[index];
  if (input.kind == DistributionKind::choice &&
      std::any_of(input.choices.begin(), input.choices.end(), [](const auto& c) {
        char* end = nullptr;
        (void)std::strtod(c.c_str(), &end);
        return end == c.c_str();
      })) {
    context.fail(node, path, "'" + name + "' is a choice among names, which have no order to correlate");
  }
  return index;
}

// An entry, or none when an override fixed one of its inputs.
std::optional<InputCorrelation> read_entry(const YamlSource& context, const YAML::Node& entry, const std::string& path,
                                           const std::vector<InputDistribution>& inputs) {
  if (!entry.IsMap()) context.fail(entry, path, "expected {inputs: [PATH, PATH], rank: R}, found " + node_kind(entry));
  for (const auto& item : entry) {
    const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
    if (key != "inputs" && key != "rank") {
      context.fail(item.first, path + "." + key,
                   "unknown key" + did_you_mean(key, {"inputs", "rank"}) + " (expected inputs and rank)");
    }
  }
  const YAML::Node pair = entry["inputs"];
  if (!pair || !pair.IsSequence() || pair.size() != 2) {
    context.fail(pair ? pair : entry, path + ".inputs", "expected two key paths, [PATH, PATH]");
  }
  InputCorrelation c;
  c.location = context.location(entry, path);
  const auto first = input_index(context, pair[0], path + ".inputs", inputs);
  const auto second = input_index(context, pair[1], path + ".inputs", inputs);
  if (first && second && *first == *second) context.fail(pair, path + ".inputs", "names the same input twice");
  const YAML::Node rank = entry["rank"];
  if (!rank || !rank.IsScalar()) context.fail(rank ? rank : entry, path + ".rank", "expected a number in (-1, 1)");
  try {
    c.rank = parse_number(rank.Scalar());
  } catch (const UnitError& e) {
    context.fail(rank, path + ".rank", e.what());
  }
  if (!(std::fabs(c.rank) < 1.0)) context.fail(rank, path + ".rank", "must lie strictly between -1 and 1");
  if (!first || !second) return std::nullopt;
  c.first = *first;
  c.second = *second;
  return c;
}

}  // namespace

std::vector<InputCorrelation> read_input_correlations(const YamlSource& context, const YAML::Node& document,
                                                      const std::vector<InputDistribution>& inputs) {
  const YAML::Node scenario = child_named(document, "scenario");
  const YAML::Node list = child_named(scenario, "correlations");
  if (!list.IsDefined() || list.IsNull()) return {};
  if (!list.IsSequence()) {
    context.fail(list, section_path, "expected a list of {inputs: [PATH, PATH], rank: R}, found " + node_kind(list));
  }
  std::vector<InputCorrelation> correlations;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = std::string(section_path) + "." + std::to_string(i);
    std::optional<InputCorrelation> c = read_entry(context, list[i], path, inputs);
    if (!c) continue;
    for (const auto& seen : correlations) {
      if (std::minmax(seen.first, seen.second) == std::minmax(c->first, c->second)) {
        context.fail(list[i], path, "correlates the same inputs as the entry at " + seen.location);
      }
    }
    correlations.push_back(std::move(*c));
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(correlation_matrix(inputs.size(), correlations));
  if (llt.info() != Eigen::Success) {
    context.fail(list, section_path,
                 "these correlations cannot hold together (their matrix is not positive definite; e.g. a ~ b and b ~ "
                 "c strongly positive with a ~ c negative)");
  }
  return correlations;
}

Eigen::MatrixXd correlation_matrix(std::size_t inputs, const std::vector<InputCorrelation>& correlations) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(inputs), static_cast<Eigen::Index>(inputs));
  for (const auto& c : correlations) {
    m(static_cast<Eigen::Index>(c.first), static_cast<Eigen::Index>(c.second)) = c.rank;
    m(static_cast<Eigen::Index>(c.second), static_cast<Eigen::Index>(c.first)) = c.rank;
  }
  return m;
}

UncertainInputs file_uncertain_inputs(const std::string& path, const std::vector<std::string>& overrides) {
  YAML::Node document = load_yaml_document(read_yaml_file(path, "scenario file"), path, "scenario");
  if (!document.IsMap()) return {};  // the loader says why
  YamlSource context(path);
  for (const auto& text : overrides) context.add_override(apply_scenario_override(document, text), text);
  document.remove("expected");  // a validation case's published figures
  UncertainInputs inputs;
  inputs.distributions = find_input_distributions(context, document);
  inputs.correlations = read_input_correlations(context, document, inputs.distributions);
  return inputs;
}

}  // namespace terawatt
