// This file is long because it reads one file format, the sweep file, whose sections (set, axes, samples, metrics,
// slurm) share this file's private helpers (the located error, the value readers and the registry that refuses a key
// path given twice). Split by section, those helpers would have to become a header of their own used by nothing else.
#include "sim/app/sweep/sweep_spec.hpp"

#include "sim/app/sweep/sweep_sampling.hpp"
#include "sim/app/sweep/sweep_values.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace terawatt {
namespace {

// Generated values carry enough digits to be distinct and few enough to read; the text is what a run parses,
// so the collected table records exactly what was simulated.
constexpr int generated_digits = 12;
constexpr int sampled_digits = 8;

KeySpec key(std::string_view name, ValueType type, std::string_view default_text = "") {
  return KeySpec{name, type, Dimension::dimensionless, default_text, true, ""};
}

std::string where(const YamlSource& source, const YAML::Node& node) {
  return source.location(node, "");
}

[[noreturn]] void fail(const YamlSource& source, const YAML::Node& node, const std::string& path,
                       const std::string& problem) {
  source.fail(node, path, problem);
}

// A key path as --set takes it: dot-separated segments of names or indices.
void check_key_path(const YamlSource& source, const YAML::Node& key_node, const std::string& key_path) {
  if (key_path.empty()) fail(source, key_node, key_path, "empty key path (expected a path such as sites.iowa.pue)");
  std::stringstream stream(key_path);
  for (std::string segment; std::getline(stream, segment, '.');) {
    if (segment.empty() || !is_valid_name(segment)) {
      fail(source, key_node, key_path,
           "'" + segment +
               "' is not a key path segment (expected dot-separated names or indices, such as "
               "clusters.h100-pod.power_cap)");
    }
  }
  if (key_path.back() == '.') fail(source, key_node, key_path, "empty segment at the end of the key path");
}

std::string scalar_text(const YamlSource& source, const YAML::Node& node, const std::string& path,
                        const std::string& expected) {
  if (!node.IsScalar()) fail(source, node, path, "expected " + expected + ", found " + node_kind(node));
  return node.Scalar();
}

SweepQuantity quantity(const YamlSource& source, const YAML::Node& node, const std::string& path) {
  const std::string text = scalar_text(source, node, path, "a number, with its unit if it has one");
  const auto value = read_sweep_quantity(text);
  if (!value) {
    fail(source, node, path,
         "'" + text + "' is not a number with a known unit (expected a value such as 1.2, 40 %, 300 W or 2 h)");
  }
  return *value;
}

void require_same_dimension(const YamlSource& source, const YAML::Node& node, const std::string& path,
                            const SweepQuantity& reference, const SweepQuantity& value, const std::string& what) {
  if (value.dimension != reference.dimension) {
    fail(source, node, path,
         "'" + node.Scalar() + "' is " + std::string(dimension_name(value.dimension)) + " but " + what + " is " +
             std::string(dimension_name(reference.dimension)) + " (expected the same kind of quantity)");
  }
}

// Whole-number keys get whole-number values: linspace and samples would otherwise ask for 26.67 servers.
std::vector<std::string> format_generated(const std::string& key_path, const std::vector<double>& values_si,
                                          const SweepQuantity& like, int digits) {
  std::vector<std::string> texts;
  const bool whole = is_count_key(key_path) && like.unit.empty();
  for (double value : values_si)
    texts.push_back(whole ? format_number(std::round(value), 17) : format_in_unit(value, like, digits));
  return texts;
}

std::vector<SweepValue> read_values(const YamlSource& source, const YAML::Node& node, const std::string& key_path) {
  std::vector<SweepValue> values;
  if (node.IsSequence()) {
    if (node.size() == 0) fail(source, node, key_path, "empty axis (expected at least one value)");
    for (const auto& item : node) {
      values.push_back({scalar_text(source, item, key_path, "a value"), where(source, item)});
    }
  } else if (node.IsMap()) {
    const MapReader map(source, node, key_path, std::vector<std::string>{"from", "to", "step", "count", "spacing"});
    for (const char* required : {"from", "to"}) {
      if (!map.has(required)) {
        fail(source, node, map.child_path(required),
             "missing required key (expected from, to and either step or count)");
      }
    }
    if (map.has("step") == map.has("count")) {
      fail(source, node, key_path, "give either step (a range) or count (evenly spaced values)");
    }
    const SweepQuantity from = quantity(source, map.child("from"), map.child_path("from"));
    const SweepQuantity to = quantity(source, map.child("to"), map.child_path("to"));
    require_same_dimension(source, map.child("to"), map.child_path("to"), from, to, "'from'");
    std::vector<double> si;
    try {
      if (map.has("step")) {
        if (map.has("spacing")) map.fail("spacing", "applies to count only (expected no spacing with step)");
        const SweepQuantity step = quantity(source, map.child("step"), map.child_path("step"));
        require_same_dimension(source, map.child("step"), map.child_path("step"), from, step, "'from'");
        // A step is a difference: a temperature step in K or F has no offset.
        si = range_values(from.si, to.si, step.si - step.offset_to_si);
      } else {
        const auto count = static_cast<std::size_t>(*map.positive_count(key("count", ValueType::count)));
        const std::string spacing = map.name(key("spacing", ValueType::name, "linear")).value();
        if (spacing == "linear") {
          si = linspace_values(from.si, to.si, count);
        } else if (spacing == "log") {
          si = logspace_values(from.si, to.si, count);
        } else {
          map.fail("spacing", "unknown spacing '" + spacing + "'" + did_you_mean(spacing, {"linear", "log"}) +
                                  " (expected linear or log)");
        }
      }
    } catch (const std::invalid_argument& e) {
      fail(source, node, key_path, e.what());
    }
    const std::string location = where(source, node);
    for (const auto& text : format_generated(key_path, si, from, generated_digits)) values.push_back({text, location});
  } else {
    fail(source, node, key_path,
         "expected a list of values or a mapping with from, to and step or count, found " + node_kind(node));
  }
  return values;
}

// Every key path once across `set`, axes and samples: a second value for the same key would silently win.
class KeyPathRegistry {
 public:
  void add(const YamlSource& source, const YAML::Node& key_node, const std::string& key_path) {
    check_key_path(source, key_node, key_path);
    const auto [it, inserted] = first_.emplace(key_path, where(source, key_node));
    if (!inserted)
      fail(source, key_node, key_path, "already swept or set at " + it->second + " (expected each key once)");
  }

 private:
  std::map<std::string, std::string> first_;
};

// The same point twice would run twice and share a name's hash; a repeated value is almost always a slip
// (or whole-number rounding of a linspace that is too fine).
void require_distinct_tuples(const YamlSource& source, const YAML::Node& node, const std::string& path,
                             const SweepAxis& axis) {
  std::map<std::vector<std::string>, std::size_t> seen;
  for (std::size_t i = 0; i < axis.size(); ++i) {
    std::vector<std::string> tuple;
    for (const auto& k : axis.keys) tuple.push_back(k.values[i].text);
    const auto [it, inserted] = seen.emplace(tuple, i);
    if (!inserted) {
      std::string shown;
      for (const auto& text : tuple) shown += (shown.empty() ? "" : ", ") + text;
      fail(source, node, axis.keys.size() == 1 ? axis.keys.front().key_path : path,
           "gives " + shown + " twice, as values " + std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
               " (expected distinct values; a whole-number key rounds generated values)");
    }
  }
}

SweepKey read_key(const YamlSource& source, const YAML::Node& key_node, const YAML::Node& value_node,
                  const std::string& path, KeyPathRegistry& registry) {
  const std::string key_path = scalar_text(source, key_node, path, "a key path");
  registry.add(source, key_node, key_path);
  return {key_path, read_values(source, value_node, key_path)};
}

// A list entry: one key is an axis of its own, several keys are zipped.
SweepAxis read_zipped_axis(const YamlSource& source, const YAML::Node& entry, const std::string& path,
                           KeyPathRegistry& registry) {
  if (!entry.IsMap() || entry.size() == 0) {
    fail(source, entry, path, "expected a mapping of key paths to values, found " + node_kind(entry));
  }
  SweepAxis axis;
  axis.location = where(source, entry);
  for (const auto& item : entry) {
    axis.keys.push_back(read_key(source, item.first, item.second, path, registry));
    if (axis.keys.back().values.size() != axis.keys.front().values.size()) {
      fail(source, item.second, axis.keys.back().key_path,
           "has " + std::to_string(axis.keys.back().values.size()) + " values but " + axis.keys.front().key_path +
               " has " + std::to_string(axis.keys.front().values.size()) +
               " (expected zipped keys of equal length; put them in separate axis entries for their product)");
    }
  }
  require_distinct_tuples(source, entry, path, axis);
  return axis;
}

std::vector<SweepAxis> read_axes(const YamlSource& source, const YAML::Node& node, KeyPathRegistry& registry) {
  std::vector<SweepAxis> axes;
  if (node.IsMap()) {
    for (const auto& item : node) {
      axes.push_back({{read_key(source, item.first, item.second, "axes", registry)}, where(source, item.first)});
      require_distinct_tuples(source, item.second, "axes", axes.back());
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      axes.push_back(read_zipped_axis(source, node[i], "axes." + std::to_string(i), registry));
    }
  } else {
    fail(source, node, "axes", "expected a list of axes (or a mapping of key paths), found " + node_kind(node));
  }
  if (axes.empty()) fail(source, node, "axes", "no axes (expected at least one key path with its values)");
  return axes;
}

SweepAxis read_samples(const YamlSource& source, const YAML::Node& node, KeyPathRegistry& registry) {
  const MapReader map(source, node, "samples", std::vector<std::string>{"method", "count", "seed", "parameters"});
  if (!map.has("method")) map.fail("method", "missing required key (expected random or lhs)");
  const std::string method_name = *map.name(key("method", ValueType::name));
  SamplingMethod method = SamplingMethod::random;
  if (method_name == "lhs" || method_name == "latin_hypercube") {
    method = SamplingMethod::latin_hypercube;
  } else if (method_name != "random") {
    map.fail("method", "unknown sampling method '" + method_name + "'" +
                           did_you_mean(method_name, {"random", "lhs", "latin_hypercube"}) +
                           " (expected random or lhs, a Latin hypercube)");
  }
  if (!map.has("count")) map.fail("count", "missing required key (expected the number of samples)");
  const auto count = static_cast<std::size_t>(*map.positive_count(key("count", ValueType::count)));
  if (count > max_sweep_points)
    map.fail("count", "more than the " + std::to_string(max_sweep_points) + " points a sweep may have");
  const auto seed = static_cast<std::uint64_t>(*map.count(key("seed", ValueType::count, "1")));
  if (!map.has("parameters"))
    map.fail("parameters", "missing required key (expected a mapping of key paths to {low, high})");
  const YAML::Node parameters = map.child("parameters");
  if (!parameters.IsMap() || parameters.size() == 0) {
    fail(source, parameters, "samples.parameters",
         "expected a mapping of key paths to {low: A, high: B}, found " + node_kind(parameters));
  }

  struct Bounds {
    std::string key_path;
    SweepQuantity low, high;
    bool log = false;
    std::string location;
  };
  std::vector<Bounds> bounds;
  for (const auto& item : parameters) {
    const std::string key_path = scalar_text(source, item.first, "samples.parameters", "a key path");
    registry.add(source, item.first, key_path);
    const MapReader range(source, item.second, key_path, std::vector<std::string>{"low", "high", "scale"});
    for (const char* required : {"low", "high"}) {
      if (!range.has(required)) {
        fail(source, item.second, range.child_path(required), "missing required key (expected low and high bounds)");
      }
    }
    Bounds b;
    b.key_path = key_path;
    b.location = where(source, item.second);
    b.low = quantity(source, range.child("low"), range.child_path("low"));
    b.high = quantity(source, range.child("high"), range.child_path("high"));
    require_same_dimension(source, range.child("high"), range.child_path("high"), b.low, b.high, "'low'");
    if (!(b.high.si > b.low.si)) range.fail("high", "is not above low (expected low < high)");
    const std::string scale = range.name(key("scale", ValueType::name, "linear")).value();
    if (scale == "log") {
      b.log = true;
      if (!(b.low.si > 0.0)) range.fail("low", "a logarithmic scale needs low > 0");
    } else if (scale != "linear") {
      range.fail("scale", "unknown scale '" + scale + "'" + did_you_mean(scale, {"linear", "log"}) +
                              " (expected linear or log)");
    }
    bounds.push_back(std::move(b));
  }

  const auto unit = unit_samples(method, count, bounds.size(), seed);
  SweepAxis axis;
  axis.location = where(source, node);
  for (std::size_t d = 0; d < bounds.size(); ++d) {
    const Bounds& b = bounds[d];
    std::vector<double> si;
    for (std::size_t i = 0; i < count; ++i) {
      const double u = unit[i][d];
      si.push_back(b.log ? std::exp(std::log(b.low.si) + u * (std::log(b.high.si) - std::log(b.low.si)))
                         : b.low.si + u * (b.high.si - b.low.si));
    }
    SweepKey sampled{b.key_path, {}};
    for (const auto& text : format_generated(b.key_path, si, b.low, sampled_digits)) {
      sampled.values.push_back({text, b.location});
    }
    axis.keys.push_back(std::move(sampled));
  }
  return axis;
}

std::vector<SweepMetric> read_metrics(const YamlSource& source, const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    fail(source, node, "metrics",
         "expected a list of /summary variables such as [facility_energy, emissions], found " + node_kind(node));
  }
  std::vector<SweepMetric> metrics;
  std::map<std::string, std::string> columns;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "metrics." + std::to_string(i);
    const std::string text = scalar_text(source, node[i], path, "a /summary variable");
    SweepMetric metric;
    metric.location = where(source, node[i]);
    try {
      metric.spec = parse_metric(text);
    } catch (const std::invalid_argument& e) {
      fail(source, node[i], path, e.what());
    }
    const auto [it, inserted] = columns.emplace(metric.spec.column, metric.location);
    if (!inserted)
      fail(source, node[i], path, "column '" + metric.spec.column + "' is already collected at " + it->second);
    metrics.push_back(std::move(metric));
  }
  return metrics;
}

SlurmSettings read_slurm(const YamlSource& source, const YAML::Node& node) {
  const MapReader map(
      source, node, "slurm",
      std::vector<std::string>{"throttle", "time", "mem", "partition", "account", "job_name", "options"});
  SlurmSettings slurm;
  if (auto throttle = map.positive_count(key("throttle", ValueType::count)))
    slurm.throttle = static_cast<std::size_t>(*throttle);
  const auto convert = [&](std::string_view name, std::string (*to_slurm)(std::string_view)) -> std::string {
    const auto text = map.text(key(name, ValueType::text));
    if (!text) return "";
    try {
      return to_slurm(*text);
    } catch (const std::invalid_argument& e) {
      map.fail(name, e.what());
    }
  };
  slurm.time = convert("time", slurm_time_text);
  slurm.mem = convert("mem", slurm_mem_text);
  slurm.partition = map.name(key("partition", ValueType::name)).value_or("");
  slurm.account = map.name(key("account", ValueType::name)).value_or("");
  slurm.job_name = map.name(key("job_name", ValueType::name)).value_or("");
  if (map.has("options")) {
    const YAML::Node options = map.child("options");
    if (!options.IsSequence())
      fail(source, options, "slurm.options", "expected a list of sbatch options, found " + node_kind(options));
    for (std::size_t i = 0; i < options.size(); ++i) {
      const std::string path = "slurm.options." + std::to_string(i);
      const std::string option = scalar_text(source, options[i], path, "an sbatch option");
      if (option.rfind("--", 0) != 0 || option.find('\n') != std::string::npos) {
        fail(source, options[i], path, "'" + option + "' is not an sbatch long option (expected e.g. --qos=short)");
      }
      slurm.options.push_back(option);
    }
  }
  return slurm;
}

std::string stem(const std::string& path) {
  return fs::path(path).stem().string();
}

}  // namespace

bool is_count_key(const std::string& key_path) {
  std::vector<std::string> segments;
  std::stringstream stream(key_path);
  for (std::string segment; std::getline(stream, segment, '.');) segments.push_back(segment);
  for (const SectionSpec* section :
       {&scenario_section(), &site_section(), &facility_section(), &grid_section(), &cluster_section(),
        &network_section(), &embodied_section(), &workload_section(), &deferrable_section()}) {
    // "clusters[].network" matches clusters.<element>.network.<key>
    std::vector<std::string> pattern;
    std::stringstream section_path{std::string(section->path)};
    for (std::string part; std::getline(section_path, part, '.');) {
      const bool list = part.size() > 2 && part.compare(part.size() - 2, 2, "[]") == 0;
      pattern.push_back(list ? part.substr(0, part.size() - 2) : part);
      if (list) pattern.push_back("*");
    }
    if (segments.size() != pattern.size() + 1) continue;
    bool match = true;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) match = pattern[i] == "*" || pattern[i] == segments[i];
    if (!match) continue;
    for (const auto& spec : section->keys) {
      if (spec.key == segments.back()) return spec.type == ValueType::count;
    }
  }
  return false;
}

SweepSpec load_sweep_text(const std::string& yaml_text, const std::string& display_name) {
  const YAML::Node document = load_yaml_document(yaml_text, display_name, "sweep");
  const YamlSource source(display_name);
  if (!document || document.IsNull()) {
    throw ScenarioError(display_name, "",
                        "the file is empty (expected keys: sweep, set, axes, samples, metrics, slurm)");
  }
  const MapReader root(source, document, "",
                       std::vector<std::string>{"sweep", "set", "axes", "samples", "metrics", "slurm"});
  SweepSpec spec;
  spec.file = display_name;

  if (!root.has("sweep"))
    fail(source, document, "sweep", "missing required section (expected a mapping with scenario)");
  const MapReader head(source, root.child("sweep"), "sweep",
                       std::vector<std::string>{"name", "scenario", "description"});
  spec.name = head.name(key("name", ValueType::name)).value_or(stem(display_name));
  if (!is_valid_name(spec.name)) {
    fail(source, root.child("sweep"), "sweep.name",
         "the file name '" + spec.name + "' is not a valid sweep name (expected a name: letters, digits, '_' and '-')");
  }
  if (!head.has("scenario")) head.fail("scenario", "missing required key (expected the base scenario file)");
  (void)head.text(key("description", ValueType::text));
  const std::string scenario = *head.text(key("scenario", ValueType::text));
  const fs::path sweep_dir = fs::path(display_name).parent_path();
  spec.scenario_path = fs::path(scenario).is_absolute() ? scenario : (sweep_dir / scenario).lexically_normal().string();
  {
    std::error_code error;
    if (!fs::is_regular_file(spec.scenario_path, error)) {
      head.fail("scenario", "cannot read the base scenario '" + spec.scenario_path +
                                "' (expected a path relative to the sweep file's directory)");
    }
  }

  KeyPathRegistry registry;
  if (root.has("set")) {
    const YAML::Node set = root.child("set");
    if (!set.IsMap()) fail(source, set, "set", "expected a mapping of key paths to values, found " + node_kind(set));
    for (const auto& item : set) {
      const std::string key_path = scalar_text(source, item.first, "set", "a key path");
      registry.add(source, item.first, key_path);
      spec.fixed.push_back(
          {key_path, {{scalar_text(source, item.second, key_path, "a value"), where(source, item.second)}}});
    }
  }
  if (root.has("axes")) spec.axes = read_axes(source, root.child("axes"), registry);
  if (root.has("samples")) spec.axes.push_back(read_samples(source, root.child("samples"), registry));
  if (spec.axes.empty()) {
    fail(source, document, "axes", "missing: nothing is swept (expected axes, samples or both)");
  }
  std::size_t points = 1;
  for (const auto& axis : spec.axes) {
    points *= axis.size();
    if (points > max_sweep_points) {
      fail(source, document, "axes",
           "the product of the axes has more than the " + std::to_string(max_sweep_points) +
               " points a sweep may have (expected fewer values)");
    }
  }

  if (!root.has("metrics")) {
    fail(source, document, "metrics", "missing required list (expected /summary variables such as [facility_energy])");
  }
  spec.metrics = read_metrics(source, root.child("metrics"));
  if (root.has("slurm")) spec.slurm = read_slurm(source, root.child("slurm"));
  return spec;
}

SweepSpec load_sweep_file(const std::string& path) {
  return load_sweep_text(read_yaml_file(path, "sweep file"), path);
}

}  // namespace terawatt
