#include "sim/scenario/scenario_override.hpp"

#include "models/base/nearest_name.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <sstream>
#include <vector>

namespace terawatt {
namespace {

std::vector<std::string> element_names(const YAML::Node& list) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) names.push_back(element_segment(list[i], i));
  return names;
}

}  // namespace

// The path segment of a list element: its name when it has a valid one, else its index.
std::string element_segment(const YAML::Node& element, std::size_t index) {
  if (element.IsMap()) {
    const YAML::Node name = element["name"];
    if (name && name.IsScalar() && is_valid_name(name.Scalar())) return name.Scalar();
  }
  return std::to_string(index);
}

std::string apply_scenario_override(YAML::Node& document, const std::string& override_text) {
  const auto fail = [&](const std::string& path, const std::string& problem) {
    throw ScenarioError("--set " + override_text, path, problem);
  };
  const auto equals = override_text.find('=');
  if (equals == std::string::npos || equals == 0) {
    fail("", "expected key.path=value, e.g. clusters.dc1.servers=64");
  }
  const std::string key_path = override_text.substr(0, equals);
  const std::string value_text = override_text.substr(equals + 1);
  std::vector<std::string> segments;
  std::stringstream stream(key_path);
  for (std::string segment; std::getline(stream, segment, '.');) {
    if (segment.empty()) fail(key_path, "empty segment in key path");
    segments.push_back(segment);
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    fail(key_path, "value is not valid YAML: " + e.msg);
  }
  std::string canonical;
  YAML::Node current = document;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    const bool last = i + 1 == segments.size();
    const std::string here = canonical.empty() ? segment : canonical + "." + segment;
    if (current.IsSequence()) {
      const auto names = element_names(current);
      std::size_t found = current.size();
      for (std::size_t k = 0; k < names.size(); ++k) {
        if (names[k] == segment || std::to_string(k) == segment) found = k;
      }
      if (found == current.size()) {
        fail(here, "no element named '" + segment + "'" + did_you_mean(segment, names) +
                       " (expected one of: " + join(names) + ")");
      }
      canonical = canonical + "." + names[found];
      if (last) fail(canonical, "cannot replace a whole list element; set one of its keys");
      current.reset(current[found]);
      continue;
    }
    // An empty section ("network:" with nothing after it) becomes a mapping, replaced in the document.
    if (current.IsNull()) current = YAML::Node(YAML::NodeType::Map);
    if (!current.IsMap()) fail(here, "cannot descend into " + node_kind(current));
    canonical = here;
    if (last && value.IsNull()) {
      // `key=null` (or `~`, or nothing) unsets the key, so that its default applies as if the file never gave it.
      if (!current[segment]) fail(canonical, "there is no such key to unset");
      current.remove(segment);
    } else if (last) {
      current[segment] = value;
    } else {
      if (!current[segment]) current[segment] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = current[segment];
      current.reset(next);
    }
  }
  return canonical;
}

}  // namespace terawatt
