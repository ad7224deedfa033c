#include "sim/scenario_loader.hpp"

#include "models/accelerator_power.hpp"
#include "models/catalog.hpp"
#include "models/iso8601.hpp"
#include "models/nearest_name.hpp"
#include "models/training_cost.hpp"
#include "models/units.hpp"
#include "sim/scenario_schema.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace terawatt {
namespace {

// Upper bound on rows in one time series: beyond it a typo in sample_interval ("1 s" for a year) would fill
// the disk before anyone noticed.
constexpr double max_samples = 1e8;

// Upper bound on simulated hosts in one scenario: each costs about 3 kB and 10 us to build (DESIGN.md section 9
// measured 100k hosts at 0.8 s and 212 MB), so a stray digit in `servers` would otherwise exhaust memory.
// servers_per_host lets one host stand for many identical servers.
constexpr std::int64_t max_hosts = 1000000;

// "989", "1.5e+15": short text for numbers in messages.
std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string nearest = nearest_name(name, candidates);
  return nearest.empty() ? std::string() : " (did you mean '" + nearest + "'?)";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Where values came from: the file, or a --set override (whose nodes carry no useful mark).
class Context {
 public:
  explicit Context(std::string display_name) : display_name_(std::move(display_name)) {}

  void add_override(std::string canonical_path, std::string text) {
    overrides_.emplace_back(std::move(canonical_path), std::move(text));
  }

  std::string location(const YAML::Node& node, const std::string& path) const {
    for (const auto& [override_path, text] : overrides_) {
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

  const std::string& display_name() const { return display_name_; }

 private:
  std::string display_name_;
  std::vector<std::pair<std::string, std::string>> overrides_;
};

bool is_valid_name(const std::string& name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

std::string node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + node.Scalar() + "'";
}

// Reads one YAML mapping through its section of the schema: unknown and duplicated keys are errors, and
// defaults are parsed by the same code as user values.
class MapReader {
 public:
  MapReader(const Context& context, YAML::Node node, std::string path, const std::vector<std::string>& allowed)
      : context_(context), node_(std::move(node)), path_(std::move(path)) {
    if (!node_.IsMap()) {
      context_.fail(node_, path_, "expected a mapping of keys, found " + node_kind(node_));
    }
    std::map<std::string, int> first_line;
    for (const auto& entry : node_) {
      const YAML::Node key = entry.first;
      if (!key.IsScalar()) context_.fail(key, path_, "keys must be plain names");
      const std::string name = key.Scalar();
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
  MapReader(const Context& context, YAML::Node node, std::string path, const SectionSpec& section)
      : MapReader(context, std::move(node), std::move(path), section.key_names()) {}

  std::string child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(std::string_view key) const { return static_cast<bool>(node_[std::string(key)]); }
  YAML::Node child(std::string_view key) const { return node_[std::string(key)]; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }

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
        throw UnitError("'" + raw + "' is not a valid name (expected letters, digits, '_' and '-', starting "
                        "with a letter or digit)");
      }
      return raw;
    });
  }
  std::optional<double> quantity(const KeySpec& spec) const {
    const std::string expected = std::string(dimension_name(spec.dimension)) + " (" +
                                 accepted_units(spec.dimension) + ")";
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

  const Context& context_;
  YAML::Node node_;
  std::string path_;
};

// The path segment of a list element: its name when it has a valid one, else its index.
std::string element_segment(const YAML::Node& element, std::size_t index) {
  if (element.IsMap()) {
    const YAML::Node name = element["name"];
    if (name && name.IsScalar() && is_valid_name(name.Scalar())) return name.Scalar();
  }
  return std::to_string(index);
}

std::vector<std::string> element_names(const YAML::Node& list) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) names.push_back(element_segment(list[i], i));
  return names;
}

// Applies "a.b.c=value" to the YAML tree; returns the canonical path (list elements by name).
std::string apply_override(YAML::Node& root, const std::string& text, const Context& context) {
  const auto fail = [&](const std::string& path, const std::string& problem) {
    throw ScenarioError("--set " + text, path, problem);
  };
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    fail("", "expected key.path=value, e.g. clusters.dc1.servers=64");
  }
  const std::string key_path = text.substr(0, equals);
  const std::string value_text = text.substr(equals + 1);
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
  YAML::Node current = root;
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
        fail(here, "no element named '" + segment + "'" + did_you_mean(segment, names) + " (expected one of: " +
                       join(names) + ")");
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
    if (last) {
      current[segment] = value;
    } else {
      if (!current[segment]) current[segment] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = current[segment];
      current.reset(next);
    }
  }
  (void)context;
  return canonical;
}

ScenarioInfo read_info(const MapReader& map) {
  const auto& spec = scenario_section();
  ScenarioInfo info;
  info.name = *map.name(spec.key("name"));
  info.description = map.text(spec.key("description")).value_or("");
  info.start_epoch_s = *map.timestamp(spec.key("start"));
  info.duration_s = map.positive_quantity(spec.key("duration"));
  info.sample_interval_s = *map.positive_quantity(spec.key("sample_interval"));
  info.seed = static_cast<std::uint64_t>(*map.count(spec.key("seed")));
  if (info.duration_s && *info.duration_s / info.sample_interval_s > max_samples) {
    map.fail("sample_interval", "gives more than 1e8 samples over the duration (expected a longer interval)");
  }
  return info;
}

Site read_site(const MapReader& map) {
  const auto& spec = site_section();
  Site site;
  site.name = *map.name(spec.key("name"));
  site.pue = *map.number(spec.key("pue"));
  if (site.pue < 1.0) map.fail("pue", "PUE must be >= 1: facility power includes the IT power (expected >= 1)");
  site.carbon_intensity_kg_per_j = *map.quantity(spec.key("carbon_intensity"));
  return site;
}

Network read_network(const Context& context, const MapReader& cluster_map) {
  const auto& spec = network_section();
  const YAML::Node node = cluster_map.has("network") ? cluster_map.child("network")
                                                      : YAML::Node(YAML::NodeType::Map);
  const MapReader map(context, node, cluster_map.child_path("network"), spec);
  Network network;
  network.bandwidth_bytes_per_s = *map.positive_quantity(spec.key("bandwidth"));
  network.latency_s = *map.quantity(spec.key("latency"));
  return network;
}

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
    map.fail(key, "no " + what + " named '" + name + "'" + did_you_mean(name, names) + " (expected one of: " +
                      join(names) + ")");
  }
  return static_cast<std::size_t>(found - names.begin());
}

std::vector<std::string> accelerator_names() {
  std::vector<std::string> names;
  for (const auto& spec : accelerator_catalog()) names.push_back(spec.name);
  return names;
}

Cluster read_cluster(const Context& context, const MapReader& map, const std::vector<Site>& sites) {
  const auto& spec = cluster_section();
  Cluster cluster;
  cluster.name = *map.name(spec.key("name"));

  cluster.site_index = resolve_reference(map, spec.key("site"), sites, "site", cluster.site);

  const std::string accelerator = *map.name(spec.key("accelerator"));
  const AcceleratorSpec* found = find_accelerator(accelerator);
  if (!found) {
    map.fail("accelerator", "unknown accelerator '" + accelerator + "'" + did_you_mean(accelerator, accelerator_names()) +
                                " (expected one of: " + join(accelerator_names()) + "; see `terawatt catalog`)");
  }
  cluster.accelerator = *found;
  cluster.servers = *map.positive_count(spec.key("servers"));
  cluster.accelerators_per_server = *map.positive_count(spec.key("accelerators_per_server"));
  cluster.servers_per_host = *map.positive_count(spec.key("servers_per_host"));
  if (cluster.servers > std::numeric_limits<std::int64_t>::max() / cluster.accelerators_per_server) {
    map.fail("accelerators_per_server", "servers x accelerators_per_server is too large to count (expected a "
                                        "product below 2^63)");
  }
  if (cluster.servers % cluster.servers_per_host != 0) {
    map.fail("servers_per_host", "servers (" + std::to_string(cluster.servers) + ") is not a multiple of it (expected a "
                                 "divisor of servers)");
  }
  cluster.power_cap_w = map.positive_quantity(spec.key("power_cap"));
  if (cluster.power_cap_w) {
    const double cap = *cluster.power_cap_w;
    if (cap > found->tdp_w) {
      map.fail("power_cap", "exceeds the " + found->name + " TDP of " + std::to_string(static_cast<int>(found->tdp_w)) +
                                " W (expected at most the TDP)");
    }
    if (cap <= found->idle_w) {
      map.fail("power_cap", "is not above the " + found->name + " idle power of " +
                                std::to_string(static_cast<int>(found->idle_w)) + " W (expected more than idle)");
    }
  }
  const auto overhead = map.quantity(spec.key("server_overhead"));
  cluster.server_overhead_w = overhead ? *overhead
                                       : default_host_overhead_w(*found, static_cast<int>(cluster.accelerators_per_server));
  cluster.network = read_network(context, map);
  return cluster;
}

TrainingJob read_training(const MapReader& map, const std::vector<Cluster>& clusters) {
  const auto& spec = workload_section();
  TrainingJob job;
  job.name = *map.name(spec.key("name"));
  job.cluster_index = resolve_reference(map, spec.key("cluster"), clusters, "cluster", job.cluster);
  const Cluster& cluster = clusters[job.cluster_index];

  const auto flops = map.positive_quantity(spec.key("flops"));
  const auto parameters = map.number(spec.key("parameters"));
  const auto tokens = map.number(spec.key("tokens"));
  if (flops && (parameters || tokens)) {
    map.fail(parameters ? "parameters" : "tokens", "conflicts with flops (expected either flops, or parameters and tokens)");
  }
  if (flops) {
    job.flops = *flops;
  } else if (parameters && tokens) {
    job.flops = training_flops(*parameters, *tokens);
  } else if (parameters || tokens) {
    map.fail(parameters ? "tokens" : "parameters", "missing required key: parameters and tokens go together");
  } else {
    map.fail("flops", "missing required key (expected flops, or parameters and tokens)");
  }

  job.accelerators = map.count(spec.key("accelerators")).value_or(cluster.accelerators());
  const std::int64_t per_host = cluster.accelerators_per_server * cluster.servers_per_host;
  if (job.accelerators <= 0 || job.accelerators % per_host != 0) {
    map.fail("accelerators", std::to_string(job.accelerators) + " does not fill whole hosts (expected a positive "
             "multiple of " + std::to_string(per_host) + " = accelerators_per_server x servers_per_host of cluster '" +
             cluster.name + "')");
  }
  if (job.accelerators > cluster.accelerators()) {
    map.fail("accelerators", std::to_string(job.accelerators) + " exceeds the " +
                                 std::to_string(cluster.accelerators()) + " accelerators of cluster '" + cluster.name +
                                 "' (expected at most that)");
  }

  const auto mfu = map.fraction(spec.key("mfu"));
  const auto achieved = map.positive_quantity(spec.key("achieved_flop_rate"));
  if (mfu && achieved) map.fail("achieved_flop_rate", "conflicts with mfu (expected one of mfu, achieved_flop_rate)");
  if (mfu) {
    job.mfu = *mfu;
  } else if (achieved) {
    job.mfu = *achieved / cluster.accelerator.peak_flop_per_s;
    if (job.mfu > 1.0) {
      map.fail("achieved_flop_rate", "exceeds the " + cluster.accelerator.name + " peak of " +
                                         short_number(cluster.accelerator.peak_flop_per_s / 1e12) +
                                         " TFLOP/s (expected at most the peak)");
    }
  } else {
    map.fail("mfu", "missing required key (expected mfu or achieved_flop_rate)");
  }
  job.start_s = *map.quantity(spec.key("start"));
  return job;
}

// Without a duration the run ends when the last job does. Jobs on one cluster run at worst one after the other
// (FIFO on a cluster that is never idle while a job waits), so the last start plus the sum of the jobs' run times
// bounds the end; a typo in flops, mfu or start would otherwise run for ages and fill the disk with samples.
void check_natural_end(const Context& context, const YAML::Node& scenario_node, const Scenario& scenario) {
  std::vector<double> last_start(scenario.clusters.size(), 0.0);
  std::vector<double> busy(scenario.clusters.size(), 0.0);
  double longest_s = 0.0;
  const TrainingJob* longest = nullptr;
  for (const auto& job : scenario.training_jobs) {
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    const double speed = AcceleratorPowerModel({cluster.accelerator.tdp_w, cluster.accelerator.idle_w,
                                                cluster.power_cap_w, {}})
                             .compute_speed_factor();
    const double run_s = training_duration_s(job.flops, static_cast<double>(job.accelerators),
                                             cluster.accelerator.peak_flop_per_s * speed, job.mfu);
    last_start[job.cluster_index] = std::max(last_start[job.cluster_index], job.start_s);
    busy[job.cluster_index] += run_s;
    if (!longest || run_s > longest_s) {
      longest = &job;
      longest_s = run_s;
    }
  }
  double end_s = 0.0;
  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) end_s = std::max(end_s, last_start[c] + busy[c]);
  if (!(end_s / scenario.info.sample_interval_s <= max_samples)) {
    context.fail(scenario_node, "scenario.duration",
                 "missing, and the workloads may run until " + short_number(end_s) + " s (workload '" + longest->name +
                     "' alone takes " + short_number(longest_s) + " s), more than 1e8 samples of " +
                     short_number(scenario.info.sample_interval_s) +
                     " s (expected a duration to cut the run, a longer sample_interval, or smaller workloads)");
  }
}

template <typename Item>
void require_unique_names(const Context& context, const YAML::Node& list, const std::string& path,
                          const std::vector<Item>& items) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].name).second) {
      context.fail(list[i]["name"], path + "." + std::to_string(i) + ".name",
                   "duplicate name '" + items[i].name + "' (expected names unique within " + path + ")");
    }
  }
}

YAML::Node require_list(const Context& context, const MapReader& root, const std::string& key, bool required) {
  if (!root.has(key)) {
    if (required) context.fail(root.node(), key, "missing required list (expected at least one entry)");
    return YAML::Node(YAML::NodeType::Sequence);
  }
  YAML::Node list = root.child(key);
  if (!list.IsSequence()) context.fail(list, key, "expected a list of mappings, found " + node_kind(list));
  if (required && list.size() == 0) context.fail(list, key, "empty list (expected at least one entry)");
  return list;
}

Scenario parse(YAML::Node document, const std::string& display_name, const std::vector<std::string>& overrides) {
  Context context(display_name);
  if (!document || document.IsNull()) {
    throw ScenarioError(display_name, "", "the file is empty (expected keys: " + join(top_level_keys()) + ")");
  }
  if (!document.IsMap()) context.fail(document, "", "expected a mapping with keys: " + join(top_level_keys()));
  for (const auto& text : overrides) context.add_override(apply_override(document, text, context), text);

  const MapReader root(context, document, "", top_level_keys());
  Scenario scenario;
  scenario.source_file = display_name;
  if (!root.has("scenario")) context.fail(document, "scenario", "missing required section (expected a mapping with name)");
  scenario.info = read_info(MapReader(context, root.child("scenario"), "scenario", scenario_section()));

  const YAML::Node sites = require_list(context, root, "sites", true);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    scenario.sites.push_back(read_site(MapReader(context, sites[i], "sites." + element_segment(sites[i], i), site_section())));
  }
  require_unique_names(context, sites, "sites", scenario.sites);

  const YAML::Node clusters = require_list(context, root, "clusters", true);
  std::int64_t hosts = 0;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const MapReader map(context, clusters[i], "clusters." + element_segment(clusters[i], i), cluster_section());
    scenario.clusters.push_back(read_cluster(context, map, scenario.sites));
    const Cluster& cluster = scenario.clusters.back();
    hosts += cluster.hosts();  // at most max_hosts + one cluster's hosts: no overflow
    if (hosts > max_hosts) {
      map.fail("servers", std::to_string(cluster.servers) + " servers at " + std::to_string(cluster.servers_per_host) +
                              " per host bring the scenario to " + std::to_string(hosts) +
                              " simulated hosts, more than the " + std::to_string(max_hosts) +
                              " one run can hold (expected fewer hosts: set servers_per_host to let one host stand "
                              "for several identical servers)");
    }
  }
  require_unique_names(context, clusters, "clusters", scenario.clusters);

  const YAML::Node workloads = require_list(context, root, "workloads", false);
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    const MapReader map(context, workloads[i], "workloads." + element_segment(workloads[i], i), workload_section());
    const std::string type = *map.name(workload_section().key("type"));
    if (type != "training") {
      map.fail("type", "unknown workload type '" + type + "'" + did_you_mean(type, {"training"}) +
                           " (expected: training)");
    }
    scenario.training_jobs.push_back(read_training(map, scenario.clusters));
  }
  require_unique_names(context, workloads, "workloads", scenario.training_jobs);

  if (!scenario.info.duration_s && scenario.training_jobs.empty()) {
    context.fail(root.child("scenario"), "scenario.duration",
                 "missing: without workloads the run has no natural end (expected a duration such as 1 d)");
  }
  if (!scenario.info.duration_s) check_natural_end(context, root.child("scenario"), scenario);
  return scenario;
}

}  // namespace

Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides) {
  YAML::Node document;
  try {
    const std::vector<YAML::Node> documents = YAML::LoadAll(yaml_text);
    if (!documents.empty()) document = documents.front();
    for (std::size_t i = 1; i < documents.size(); ++i) {
      if (documents[i].IsNull()) continue;  // a trailing "---" adds an empty document
      Context(display_name).fail(documents[i], "",
                                 "a second YAML document (after '---') would be ignored (expected one scenario per "
                                 "file)");
    }
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(display_name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1),
                        "", "YAML nesting deeper than " + std::to_string(e.depth()) +
                                " levels (expected a scenario a few levels deep)");
  } catch (const YAML::Exception& e) {
    const std::string location = e.mark.is_null() ? display_name
                                                  : display_name + ":" + std::to_string(e.mark.line + 1) + ":" +
                                                        std::to_string(e.mark.column + 1);
    throw ScenarioError(location, "", "YAML syntax error: " + e.msg);
  }
  return parse(document, display_name, overrides);
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the scenario file: " + std::string(std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path, overrides);
}

namespace {
// The shortest decimal text that reads back to exactly `value` (15 digits are enough for most inputs).
std::string exact(double value) {
  std::string text;
  for (int digits = 15; digits <= 17; ++digits) {
    std::ostringstream out;
    out.precision(digits);
    out << value;
    text = out.str();
    if (std::strtod(text.c_str(), nullptr) == value) break;
  }
  return text;
}
}  // namespace

std::string resolved_scenario_yaml(const Scenario& scenario) {
  // Values are written in SI units with enough digits to load back bit for bit, except carbon intensity, which
  // is written in kg/kWh for people to read and so round-trips to within one rounding (1e-16 relative).
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "scenario" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << scenario.info.name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << scenario.info.description;
  out << YAML::Key << "start" << YAML::Value << format_iso8601_utc(scenario.info.start_epoch_s);
  if (scenario.info.duration_s) out << YAML::Key << "duration" << YAML::Value << exact(*scenario.info.duration_s) + " s";
  out << YAML::Key << "sample_interval" << YAML::Value << exact(scenario.info.sample_interval_s) + " s";
  out << YAML::Key << "seed" << YAML::Value << scenario.info.seed;
  out << YAML::EndMap;

  out << YAML::Key << "sites" << YAML::Value << YAML::BeginSeq;
  for (const auto& site : scenario.sites) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << site.name;
    out << YAML::Key << "pue" << YAML::Value << exact(site.pue);
    out << YAML::Key << "carbon_intensity" << YAML::Value << exact(site.carbon_intensity_kg_per_j * 3.6e6) + " kg/kWh";
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
  for (const auto& cluster : scenario.clusters) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << cluster.name;
    out << YAML::Key << "site" << YAML::Value << cluster.site;
    out << YAML::Key << "accelerator" << YAML::Value << cluster.accelerator.name;
    out << YAML::Key << "servers" << YAML::Value << cluster.servers;
    out << YAML::Key << "accelerators_per_server" << YAML::Value << cluster.accelerators_per_server;
    out << YAML::Key << "servers_per_host" << YAML::Value << cluster.servers_per_host;
    if (cluster.power_cap_w) out << YAML::Key << "power_cap" << YAML::Value << exact(*cluster.power_cap_w) + " W";
    out << YAML::Key << "server_overhead" << YAML::Value << exact(cluster.server_overhead_w) + " W";
    out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "bandwidth" << YAML::Value << exact(cluster.network.bandwidth_bytes_per_s) + " B/s";
    out << YAML::Key << "latency" << YAML::Value << exact(cluster.network.latency_s) + " s";
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "workloads" << YAML::Value << YAML::BeginSeq;
  for (const auto& job : scenario.training_jobs) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << job.name;
    out << YAML::Key << "type" << YAML::Value << "training";
    out << YAML::Key << "cluster" << YAML::Value << job.cluster;
    out << YAML::Key << "flops" << YAML::Value << exact(job.flops) + " FLOP";
    out << YAML::Key << "accelerators" << YAML::Value << job.accelerators;
    out << YAML::Key << "mfu" << YAML::Value << exact(job.mfu);
    out << YAML::Key << "start" << YAML::Value << exact(job.start_s) + " s";
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace terawatt
