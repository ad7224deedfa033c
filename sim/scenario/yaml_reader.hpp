#pragma once
// Reading YAML the project's way: every value located (file:line:col, or the --set override that made it),
// every mapping checked against its schema section (unknown and duplicated keys are errors, with the nearest
// known key suggested), defaults parsed by the same code as user values. Used by the scenario loader and by
// every other YAML input (sweep files).

#include "models/base/iso8601.hpp"
#include "models/base/units.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace terawatt {

// "989", "1.5e+15": short text for numbers in messages.
std::string short_number(double value);
// " (did you mean 'duration'?)" or "" when no candidate is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);
std::string join(const std::vector<std::string>& items);
// Letters, digits, '_' and '-', starting with a letter or digit: safe as an HDF5 label, a host name and a
// --set path segment.
bool is_valid_name(const std::string& name);
// "a mapping", "a list", "nothing" or the quoted scalar: what was found where something else was expected.
std::string node_kind(const YAML::Node& node);

// Parses the text of a YAML file holding one document. Syntax errors, nesting too deep for the parser and a
// second document (which would otherwise be ignored) are ScenarioErrors located at file:line:col; `what` names
// the file's content in messages ("scenario", "sweep").
YAML::Node load_yaml_document(const std::string& text, const std::string& display_name, const std::string& what);

// The text of a YAML input file (a scenario or a sweep), read only when it is a regular file of at most
// max_scenario_file_bytes (models/base/input_file.hpp); otherwise a ScenarioError naming the file and the problem.
// `what` names the file in messages ("scenario file", "sweep file").
std::string read_yaml_file(const std::string& path, const std::string& what);

// Where values came from: the file, or a --set override (whose nodes carry no useful mark).
class YamlSource {
 public:
  explicit YamlSource(std::string display_name) : display_name_(std::move(display_name)) {}

  void add_override(std::string canonical_path, std::string text) {
    overrides_.emplace_back(std::move(canonical_path), std::move(text));
  }

  std::string location(const YAML::Node& node, const std::string& path) const {
    // The last override of a key is the one that set it.
    for (auto at = overrides_.rbegin(); at != overrides_.rend(); ++at) {
      const auto& [override_path, text] = *at;
      if (path == override_path || path.rfind(override_path + ".", 0) == 0) return "--set " + text;
    }
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
      // Only nodes that an override created have no mark, e.g. the key 'nme' of --set scenario.nme.x=1.
      for (const auto& [override_path, text] : overrides_) {
        if (override_path.rfind(path + ".", 0) == 0) return "--set " + text;
      }
      return display_name_;
    }
    return display_name_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& problem) const {
    throw ScenarioError(location(node, path), path, problem);
  }

  // Whether a --set override gave the value at `path` (or a mapping that holds it).
  bool overridden(const std::string& path) const {
    return std::any_of(overrides_.begin(), overrides_.end(),
                       [&](const auto& entry) { return path == entry.first || path.rfind(entry.first + ".", 0) == 0; });
  }

  const std::string& display_name() const { return display_name_; }

 private:
  std::string display_name_;
  std::vector<std::pair<std::string, std::string>> overrides_;
};

// Reads one YAML mapping through its section of the schema: unknown and duplicated keys are errors, and
// defaults are parsed by the same code as user values.
class MapReader {
 public:
  MapReader(const YamlSource& context, const YAML::Node& node, std::string path,
            const std::vector<std::string>& allowed)
      : context_(context), node_(node), path_(std::move(path)) {
    if (!node_.IsMap()) {
      context_.fail(node_, path_, "expected a mapping of keys, found " + node_kind(node_));
    }
    std::map<std::string, int> first_line;
    for (const auto& entry : node_) {
      const YAML::Node key = entry.first;
      if (!key.IsScalar()) context_.fail(key, path_, "keys must be plain names");
      const std::string& name = key.Scalar();
      const std::string key_path = child_path(name);
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        context_.fail(key, key_path,
                      "unknown key" + did_you_mean(name, allowed) + " (expected one of: " + join(allowed) + ")");
      }
      const auto [it, inserted] = first_line.emplace(name, key.Mark().line + 1);
      if (!inserted) {
        context_.fail(key, key_path, "duplicate key (first given at line " + std::to_string(it->second) + ")");
      }
    }
  }
  MapReader(const YamlSource& context, const YAML::Node& node, std::string path, const SectionSpec& section)
      : MapReader(context, node, std::move(path), section.key_names()) {}

  std::string child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(std::string_view key) const { return static_cast<bool>(node_[std::string(key)]); }
  YAML::Node child(std::string_view key) const { return node_[std::string(key)]; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }

  // "file:line:col: path.key: message" at the key's value when present, else at the mapping: for a warning.
  std::string located(std::string_view key, const std::string& message) const {
    const YAML::Node value = child(key);
    return ScenarioError(context_.location(value ? value : node_, child_path(std::string(key))),
                         child_path(std::string(key)), message)
        .what();
  }

  // Fails at the key's value when present, else at the mapping.
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const {
    const YAML::Node value = child(key);
    context_.fail(value ? value : node_, child_path(std::string(key)), problem);
  }

  std::optional<std::string> text(const KeySpec& spec) const {
    return read<std::string>(spec, "text", [](const std::string& raw) { return raw; });
  }
  std::optional<std::string> name(const KeySpec& spec) const {
    return read<std::string>(spec, "a name of letters, digits, '_' and '-'", [](const std::string& raw) {
      if (!is_valid_name(raw)) {
        throw UnitError("'" + raw +
                        "' is not a valid name (expected letters, digits, '_' and '-', starting "
                        "with a letter or digit)");
      }
      return raw;
    });
  }
  std::optional<double> quantity(const KeySpec& spec) const {
    const std::string expected =
        std::string(dimension_name(spec.dimension)) + " (" + accepted_units(spec.dimension) + ")";
    return read<double>(spec, expected, [&](const std::string& raw) {
      const double value = parse_quantity(raw, spec.dimension);
      if (spec.dimension != Dimension::temperature && value < 0.0) {
        throw UnitError("'" + raw + "' is negative (expected a value >= 0)");
      }
      return value;
    });
  }
  std::optional<double> positive_quantity(const KeySpec& spec) const {
    auto value = quantity(spec);
    if (value && !(*value > 0.0)) fail(spec.key, "must be greater than zero");
    return value;
  }
  std::optional<double> number(const KeySpec& spec) const {
    return read<double>(spec, "a number", [](const std::string& raw) {
      double value = 0.0;
      try {
        value = parse_number(raw);
      } catch (const UnitError& e) {
        throw UnitError(std::string(e.what()) + " (expected a plain number such as 1.2, without a unit)");
      }
      if (!(value > 0.0)) throw UnitError("'" + raw + "' is not positive (expected a number > 0)");
      return value;
    });
  }
  std::optional<double> real(const KeySpec& spec) const {
    return read<double>(spec, "a number", [](const std::string& raw) { return parse_number(raw); });
  }
  std::optional<std::int64_t> count(const KeySpec& spec) const {
    return read<std::int64_t>(spec, "an integer >= 0", [](const std::string& raw) { return parse_count(raw); });
  }
  std::optional<std::int64_t> positive_count(const KeySpec& spec) const {
    auto value = count(spec);
    if (value && *value <= 0) fail(spec.key, "must be at least 1");
    return value;
  }
  std::optional<double> timestamp(const KeySpec& spec) const {
    return read<double>(spec, "an ISO 8601 time", [](const std::string& raw) {
      try {
        return parse_iso8601_utc(raw);
      } catch (const TimeError& e) {
        throw UnitError(e.what());
      }
    });
  }
  std::optional<double> fraction(const KeySpec& spec) const {
    return read<double>(spec, "a fraction in (0, 1]", [](const std::string& raw) {
      const double value = parse_quantity(raw, Dimension::dimensionless);
      if (!(value > 0.0 && value <= 1.0)) {
        throw UnitError("'" + raw + "' is outside (0, 1] (expected a fraction such as 0.4 or 40 %)");
      }
      return value;
    });
  }

 private:
  template <typename T, typename Parse>
  std::optional<T> read(const KeySpec& spec, const std::string& expected, Parse parse) const {
    const std::string key(spec.key);
    const YAML::Node value = child(key);
    if (!value) {
      if (!spec.default_text.empty()) return parse(std::string(spec.default_text));
      if (spec.optional) return std::nullopt;
      context_.fail(node_, child_path(key), "missing required key (expected " + expected + ")");
    }
    if (!value.IsScalar()) {
      context_.fail(value, child_path(key), "expected " + expected + ", found " + node_kind(value));
    }
    try {
      return parse(value.Scalar());
    } catch (const UnitError& e) {
      context_.fail(value, child_path(key), e.what());
    }
  }

  const YamlSource& context_;
  YAML::Node node_;
  std::string path_;
};

// Resolves a key that names an element of `items` (a cluster's site, a workload's cluster): absent is allowed when
// there is exactly one element. Returns the element's index; `name` receives its name.
template <typename Item>
std::size_t resolve_reference(const MapReader& map, const KeySpec& spec, const std::vector<Item>& items,
                              const std::string& what, std::string& name) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  const std::string key(spec.key);
  if (auto given = map.name(spec)) {
    name = *given;
  } else if (items.size() == 1) {
    name = items.front().name;
  } else {
    map.fail(key, "missing required key: there are several " + what + "s (expected one of: " + join(names) + ")");
  }
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) {
    map.fail(key, "no " + what + " named '" + name + "'" + did_you_mean(name, names) +
                      " (expected one of: " + join(names) + ")");
  }
  return static_cast<std::size_t>(found - names.begin());
}

// An optional real number that must not be negative; 0 when absent.
inline double non_negative_real(const MapReader& map, const KeySpec& spec) {
  const auto value = map.real(spec);
  if (value && *value < 0.0) map.fail(spec.key, "is negative (expected a value >= 0)");
  return value.value_or(0.0);
}

}  // namespace terawatt
