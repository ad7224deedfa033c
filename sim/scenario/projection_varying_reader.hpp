#pragma once
// Reading a projection file's parts: its named lists (cases, regions, segments, generations) and its varying inputs,
// a scalar, a trajectory {year: value}, or a table by region or by case, nested (models/fleet/projection_varying.hpp).
// Every mistake is a ScenarioError located at the key (sim/scenario/projection_loader.hpp).

#include "models/base/units.hpp"
#include "models/fleet/projection_fleet.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace terawatt {

// Years a trajectory may name: far enough either way for any projection, close enough to catch a typo.
constexpr int earliest_projection_year = 1950;
constexpr int latest_projection_year = 2200;

using Leaf = std::function<double(const std::string&)>;

inline std::optional<int> year_key(const std::string& text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoi(text);
}

inline double non_negative(const std::string& raw) {
  const double value = parse_quantity(raw, Dimension::dimensionless);
  if (!(value >= 0.0)) throw UnitError("'" + raw + "' is negative (expected a value >= 0)");
  return value;
}

inline double growth_rate(const std::string& raw) {
  const double value = parse_quantity(raw, Dimension::dimensionless);
  if (!(value > -1.0)) throw UnitError("'" + raw + "' is -100 % or less (expected a growth above -100 % a year)");
  return value;
}

// Reads the varying inputs of one projection: a scalar, a trajectory {year: value}, or a table by region or by
// case, nested (models/fleet/projection_varying.hpp).
class VaryingReader {
 public:
  VaryingReader(const YamlSource& source, const ProjectionInputs& inputs) : source_(source), inputs_(inputs) {
    for (const auto& r : inputs.regions) regions_.push_back(r.name);
    for (const auto& c : inputs.cases) cases_.push_back(c.name);
  }

  // The key's value (or its default) through `leaf`, checked to have an entry for every region and case.
  Varying read(const MapReader& map, const KeySpec& spec, const Leaf& leaf) const {
    const std::string key(spec.key);
    const std::string path = map.child_path(key);
    if (!map.has(key)) {
      if (spec.default_text.empty()) map.fail(key, "missing required key");
      return Varying::constant(parse(map.node(), path, std::string(spec.default_text), leaf));
    }
    Varying value = node_value(map.child(key), path, leaf, false);
    for (const auto& region : regions_) {
      for (const auto& c : inputs_.cases) {
        try {
          (void)value.at({region, c.chain, inputs_.first_year});
        } catch (const std::out_of_range& e) {
          source_.fail(map.child(key), path,
                       std::string(e.what()) + " (expected an entry for every region: " + join(regions_) +
                           "; or every case: " + join(cases_) + ")");
        }
      }
    }
    return value;
  }

 private:
  double parse(const YAML::Node& node, const std::string& path, const std::string& raw, const Leaf& leaf) const {
    try {
      return leaf(raw);
    } catch (const UnitError& e) {
      source_.fail(node, path, e.what());
    }
  }

  Varying node_value(const YAML::Node& node, const std::string& path, const Leaf& leaf, bool in_trajectory) const {
    if (node.IsScalar()) return Varying::constant(parse(node, path, node.Scalar(), leaf));
    if (!node.IsMap() || in_trajectory || node.size() == 0) {
      source_.fail(node, path, "expected a value, or a mapping by year, region or case, found " + node_kind(node));
    }
    std::vector<std::string> keys;
    for (const auto& entry : node) keys.push_back(entry.first.Scalar());
    const auto all_in = [&](const std::vector<std::string>& names) {
      for (const auto& k : keys) {
        if (std::find(names.begin(), names.end(), k) == names.end()) return false;
      }
      return true;
    };
    if (year_key(keys.front())) {
      std::vector<std::pair<int, double>> points;
      for (const auto& entry : node) {
        const auto year = year_key(entry.first.Scalar());
        const std::string here = path + "." + entry.first.Scalar();
        if (!year || *year < earliest_projection_year || *year > latest_projection_year) {
          source_.fail(entry.first, here, "expected a year between 1950 and 2200 like the trajectory's first key");
        }
        for (const auto& [seen, unused] : points) {
          if (seen == *year) source_.fail(entry.first, here, "year given twice");
        }
        if (!entry.second.IsScalar())
          source_.fail(entry.second, here, "expected a value, found " + node_kind(entry.second));
        points.emplace_back(*year, parse(entry.second, here, entry.second.Scalar(), leaf));
      }
      return Varying::trajectory(std::move(points));
    }
    const bool by_region = all_in(regions_);
    if (!by_region && !all_in(cases_)) {
      const std::vector<std::string>& names =
          std::find(regions_.begin(), regions_.end(), keys.front()) != regions_.end() ? regions_ : cases_;
      for (const auto& entry : node) {
        const std::string k = entry.first.Scalar();
        if (std::find(names.begin(), names.end(), k) == names.end()) {
          source_.fail(entry.first, path + "." + k,
                       "not a year, region or case" + did_you_mean(k, names) +
                           " (expected keys that are all years, "
                           "all regions (" +
                           join(regions_) + ") or all cases (" + join(cases_) + "))");
        }
      }
    }
    std::vector<Varying> values;
    for (const auto& entry : node) {
      values.push_back(node_value(entry.second, path + "." + entry.first.Scalar(), leaf, false));
    }
    return by_region ? Varying::by_region(keys, std::move(values)) : Varying::by_case(keys, std::move(values));
  }

  const YamlSource& source_;
  const ProjectionInputs& inputs_;
  std::vector<std::string> regions_;
  std::vector<std::string> cases_;
};

template <typename Read>
void read_list(const YamlSource& source, const MapReader& parent, const std::string& key, const SectionSpec& section,
               const Read& read_one) {
  if (!parent.has(key)) parent.fail(key, "missing required list (expected at least one entry)");
  const YAML::Node list = parent.child(key);
  if (!list.IsSequence() || list.size() == 0) {
    parent.fail(key, "expected a non-empty list of mappings, found " + node_kind(list));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node name = list[i].IsMap() ? list[i]["name"] : YAML::Node();
    const std::string segment =
        name && name.IsScalar() && is_valid_name(name.Scalar()) ? name.Scalar() : std::to_string(i);
    const MapReader map(source, list[i], parent.child_path(key) + "." + segment, section);
    const std::string element = *map.name(section.key("name"));
    if (!seen.insert(element).second) map.fail("name", "duplicate name '" + element + "' in " + key);
    read_one(map, element);
  }
}

}  // namespace terawatt
