#include "sim/app/sweep/sweep_plan.hpp"

#include "models/base/sha256.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace terawatt {
namespace {

std::string read_text(const std::string& path) {
  return read_yaml_file(path, "base scenario");
}

std::string absolute(const std::string& path) {
  return fs::absolute(path).lexically_normal().string();
}

// `terawatt run` reads an override's value as YAML, so a value that YAML would read as something else ("a: b",
// "x # y", "null") goes in double quotes; every ordinary value ("300 W", "1.2", "h100-sxm") stays as written.
std::string override_text(const std::string& key_path, const std::string& value) {
  bool plain = false;
  try {
    const YAML::Node node = YAML::Load(value);
    plain = node.IsScalar() && node.Scalar() == value && node.Tag() != "!";
  } catch (const YAML::Exception&) {
  }
  if (plain) return key_path + "=" + value;
  YAML::Emitter quoted;
  quoted << YAML::DoubleQuoted << value;
  return key_path + "=" + quoted.c_str();
}

}  // namespace

std::string joined_overrides(const std::vector<std::string>& overrides) {
  std::string joined;
  for (const auto& text : overrides) joined += (joined.empty() ? "" : "\n") + text;
  return joined;
}

std::string point_name(std::size_t index, std::size_t count, const std::vector<std::string>& overrides) {
  std::size_t width = 1;
  for (std::size_t largest = count > 0 ? count - 1 : 0; largest >= 10; largest /= 10) ++width;
  std::string number = std::to_string(index);
  if (number.size() < std::max<std::size_t>(width, 4))
    number.insert(0, std::max<std::size_t>(width, 4) - number.size(), '0');
  return "p" + number + "-" + sha256_hex(joined_overrides(overrides)).substr(0, 8);
}

SweepPlan make_plan(const SweepSpec& spec, const std::vector<std::string>& catalog_files) {
  SweepPlan plan;
  plan.name = spec.name;
  plan.sweep_file = absolute(spec.file);
  plan.scenario_file = absolute(spec.scenario_path);
  for (const auto& path : catalog_files) plan.catalog_files.push_back(absolute(path));
  try {
    plan.scenario_sha256 = sha256_file_hex(spec.scenario_path);
  } catch (const std::runtime_error& e) {
    throw ScenarioError(spec.scenario_path, "", e.what());
  }
  plan.metrics = spec.metrics;
  for (const auto& axis : spec.axes) {
    for (const auto& key : axis.keys) plan.parameters.push_back(key.key_path);
  }
  std::size_t count = 1;
  for (const auto& axis : spec.axes) count *= axis.size();

  plan.points.reserve(count);
  std::vector<std::size_t> position(spec.axes.size(), 0);
  for (std::size_t index = 0; index < count; ++index) {
    // Mixed-radix digits of the index, the last axis fastest.
    std::size_t rest = index;
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
      position[a] = rest % spec.axes[a].size();
      rest /= spec.axes[a].size();
    }
    SweepPoint point;
    point.index = index;
    for (const auto& fixed : spec.fixed) {
      point.overrides.push_back(override_text(fixed.key_path, fixed.values.front().text));
      point.locations.push_back(fixed.values.front().location);
    }
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      for (const auto& key : spec.axes[a].keys) {
        const SweepValue& value = key.values[position[a]];
        point.overrides.push_back(override_text(key.key_path, value.text));
        point.locations.push_back(value.location);
        point.values.push_back(value.text);
      }
    }
    point.name = point_name(index, count, point.overrides);
    plan.points.push_back(std::move(point));
  }
  return plan;
}

void validate_points(const SweepSpec& spec, const SweepPlan& plan, const std::vector<std::size_t>& indices) {
  const std::string text = read_text(spec.scenario_path);
  const auto validate = [&](const SweepPoint& point) {
    try {
      (void)load_scenario_text(text, spec.scenario_path, point.overrides, plan.catalog_files);
    } catch (const ScenarioError& e) {
      const std::string prefix = "--set ";
      if (e.location().rfind(prefix, 0) == 0) {
        const std::string offending = e.location().substr(prefix.size());
        for (std::size_t i = 0; i < point.overrides.size(); ++i) {
          if (point.overrides[i] == offending && i < point.locations.size()) {
            throw ScenarioError(point.locations[i], e.key_path(), "in point " + point.name + ": " + e.problem());
          }
        }
      }
      // A problem of the base scenario, or of a combination of values: say which point shows it.
      std::string overrides;
      for (const auto& o : point.overrides) overrides += (overrides.empty() ? "" : ", ") + o;
      throw ScenarioError(e.location(), e.key_path(),
                          "in point " + point.name + " of " + spec.file + " (" + overrides + "): " + e.problem());
    }
  };
  if (indices.empty()) {
    for (const auto& point : plan.points) validate(point);
  } else {
    for (std::size_t index : indices) validate(plan.points.at(index));
  }
}

std::string plan_yaml(const SweepPlan& plan) {
  YAML::Emitter out;
  out << YAML::Comment(
      "terawatt sweep plan: written by `terawatt sweep`, read by `terawatt sweep --index` and "
      "`terawatt collect`");
  out << YAML::BeginMap;
  out << YAML::Key << "sweep" << YAML::Value << plan.name;
  out << YAML::Key << "sweep_file" << YAML::Value << plan.sweep_file;
  out << YAML::Key << "scenario" << YAML::Value << plan.scenario_file;
  out << YAML::Key << "scenario_sha256" << YAML::Value << plan.scenario_sha256;
  out << YAML::Key << "parameters" << YAML::Value << YAML::Flow << plan.parameters;
  out << YAML::Key << "metrics" << YAML::Value << YAML::BeginSeq;
  for (const auto& metric : plan.metrics) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "expression" << YAML::Value << metric.spec.expression
        << YAML::Key << "location" << YAML::Value << metric.location << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "points" << YAML::Value << YAML::BeginSeq;
  for (const auto& point : plan.points) {
    out << YAML::BeginMap;
    out << YAML::Key << "index" << YAML::Value << point.index;
    out << YAML::Key << "name" << YAML::Value << point.name;
    out << YAML::Key << "values" << YAML::Value << YAML::Flow << point.values;
    out << YAML::Key << "overrides" << YAML::Value << YAML::Flow << point.overrides;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  if (!out.good()) throw std::logic_error("plan.yaml: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

SweepPlan read_plan_file(const std::string& path) {
  const auto problem = [&](const std::string& what) { return std::runtime_error(path + ": " + what); };
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw problem("cannot read the sweep plan (expected a directory written by `terawatt sweep`)");
  } catch (const YAML::Exception& e) {
    throw problem("malformed sweep plan: " + e.msg);
  }
  SweepPlan plan;
  try {
    plan.name = root["sweep"].as<std::string>();
    plan.sweep_file = root["sweep_file"].as<std::string>();
    plan.scenario_file = root["scenario"].as<std::string>();
    plan.scenario_sha256 = root["scenario_sha256"].as<std::string>();
    plan.parameters = root["parameters"].as<std::vector<std::string>>();
    for (const auto& metric : root["metrics"]) {
      SweepMetric m;
      m.location = metric["location"].as<std::string>();
      try {
        m.spec = parse_metric(metric["expression"].as<std::string>());
      } catch (const std::invalid_argument& e) {
        throw problem(std::string("malformed metric: ") + e.what());
      }
      plan.metrics.push_back(std::move(m));
    }
    for (const auto& node : root["points"]) {
      SweepPoint point;
      point.index = node["index"].as<std::size_t>();
      point.name = node["name"].as<std::string>();
      point.values = node["values"].as<std::vector<std::string>>();
      point.overrides = node["overrides"].as<std::vector<std::string>>();
      if (point.index != plan.points.size() || point.values.size() != plan.parameters.size()) {
        throw problem("malformed sweep plan: point " + point.name +
                      " is out of order or has the wrong number of values");
      }
      plan.points.push_back(std::move(point));
    }
    // A name becomes a file name under DIR/points: one that is not the name of its index and overrides (an edited
    // plan, "../x", "a/b") would read or write outside the sweep.
    for (const auto& point : plan.points) {
      const std::string expected = point_name(point.index, plan.points.size(), point.overrides);
      if (point.name != expected) {
        throw problem("malformed sweep plan: point " + std::to_string(point.index) + " is named '" + point.name +
                      "', not '" + expected + "' as its overrides make it (the plan was edited)");
      }
    }
  } catch (const YAML::Exception& e) {
    throw problem("malformed sweep plan: " + e.msg);
  }
  return plan;
}

}  // namespace terawatt
