#include "sim/scenario/scenario_loader.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/nearest_name.hpp"
#include "models/base/units.hpp"
#include "models/power/catalog.hpp"
#include "models/workload/collective_traffic.hpp"
#include "models/workload/training_cost.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/inference_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/site_reader.hpp"
#include "sim/scenario/yaml_reader.hpp"

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
#include <stdexcept>

namespace terawatt {
namespace {

// Upper bound on rows in one time series: beyond it a typo in sample_interval ("1 s" for a year) would fill
// the disk before anyone noticed.
constexpr double max_samples = 1e8;
constexpr double max_checkpoints = 1e7;

// Upper bound on simulated hosts in one scenario, so that a stray digit in `servers` is refused instead of
// exhausting memory. docs/design.md section 9 measured 100k hosts in an empty zone at 0.8 s and 212 MB; a whole run of
// the base training scenario with 100k hosts takes 3.3 s and 356 MB here, 200k hosts 11.5 s and 670 MB (the
// build grows faster than linearly), and 1e6 hosts passed 4 GB. servers_per_host lets one host stand for many
// identical servers, so fleets larger than this still fit.
constexpr std::int64_t max_hosts = 100000;

// Upper bound on a training job's expected failures over the run. Each failure restarts the job on all its hosts;
// a run with 1.2e6 failures (16 accelerators, mtbf 100 s, restart_delay 1 s, 100 d) took 8.6 s here, so this
// bound keeps failures to about a second. Real fleets fail far less often: 16,384 accelerators with an mtbf of
// 5 yr each fail about 9 times a day, some 3,300 times a year.
constexpr double max_failures = 1e5;

// The shortest duration and sample interval: times are also seconds since 1970 in double precision, 2.4e-7 s
// apart in 2024 (2^-22 s at 1.7e9 s), so a shorter interval added to the start would vanish; 1 us is a round bound
// above that, and far above SimGrid's precision/timing of 1e-9 s.
constexpr double min_interval_s = 1e-6;

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
std::string apply_override(YAML::Node& root, const std::string& text, const YamlSource& context) {
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
  const auto require_resolvable = [&map](const char* key, std::optional<double> value_s) {
    if (value_s && *value_s < min_interval_s) {
      map.fail(key, short_number(*value_s) +
                        " s is shorter than 1 us, the finest time a run resolves (times are "
                        "seconds since 1970, 2.4e-7 s apart in 2024; expected at least 1 us)");
    }
  };
  require_resolvable("duration", info.duration_s);
  require_resolvable("sample_interval", info.sample_interval_s);
  if (info.duration_s && *info.duration_s / info.sample_interval_s > max_samples) {
    map.fail("sample_interval", "gives more than 1e8 samples over the duration (expected a longer interval)");
  }
  return info;
}

// How long a job runs on its cluster without failures, power cap and checkpoint writes included
// (models/workload/training_cost.hpp). Failures make real runs longer.
double compute_run_s(const TrainingJob& job, const Cluster& cluster) {
  const double speed = accelerator_power_model(cluster, job.power_cap_w).speed_factor(WorkKind::compute);
  return training_duration_s(job.flops, static_cast<double>(job.accelerators),
                             cluster.accelerator.peak_flop_per_s * speed, job.mfu);
}

// A board power limit: at most the TDP, above the idle power.
// One server's host: a measured constant (`server_overhead`), or a curve from idle to loaded whose missing ends come
// from the catalog server (models/power/catalog.hpp).
const ServerSpec* read_server(const MapReader& map) {
  const auto name = map.name(cluster_section().key("server"));
  if (!name) return nullptr;
  const ServerSpec* server = find_server(*name);
  if (!server) {
    const std::vector<std::string> names = names_of(server_catalog());
    map.fail("server", "unknown server '" + *name + "'" + did_you_mean(*name, names) +
                           " (expected one of: " + join(names) + "; see `terawatt catalog`)");
  }
  return server;
}

HostPowerCurve read_host_power(const MapReader& map, const ServerSpec& server, std::int64_t accelerators_per_server) {
  const auto overhead = map.quantity(cluster_section().key("server_overhead"));
  const auto idle = map.quantity(cluster_section().key("host_idle_power"));
  const auto loaded = map.quantity(cluster_section().key("host_loaded_power"));
  if (overhead) {
    if (idle || loaded) {
      map.fail(idle ? "host_idle_power" : "host_loaded_power",
               "conflicts with server_overhead, a constant host power (expected either server_overhead or the host "
               "curve)");
    }
    return HostPowerCurve::constant(*overhead);
  }
  HostPowerCurve host = server.host_for(accelerators_per_server);
  if (idle) host.idle_w = *idle;
  if (loaded) host.loaded_w = *loaded;
  if (host.idle_w > host.loaded_w) {
    map.fail(idle ? "host_idle_power" : "host_loaded_power",
             "host idle power " + short_number(host.idle_w) + " W exceeds host loaded power " +
                 short_number(host.loaded_w) + " W (expected idle <= loaded; give both)");
  }
  return host;
}

std::optional<double> read_power_cap(const MapReader& map, const KeySpec& key, const AcceleratorSpec& accelerator) {
  const auto cap = map.positive_quantity(key);
  if (!cap) return cap;
  const std::string name(key.key);
  if (*cap > accelerator.tdp_w) {
    map.fail(name, "exceeds the " + accelerator.name + " TDP of " + short_number(accelerator.tdp_w) +
                       " W (expected at most the TDP)");
  }
  if (*cap <= accelerator.idle_w) {
    map.fail(name, "is not above the " + accelerator.name + " idle power of " + short_number(accelerator.idle_w) +
                       " W (expected more than idle)");
  }
  return cap;
}

// The gradient all-reduce of every step (CommunicationParams), hierarchical (models/workload/collective_traffic.hpp):
// the copies of each gradient shard that a server holds are reduced over its interconnect, and only the server's
// reduced gradient crosses its network port, in a ring over the servers of its data-parallel group: 2 (n - 1) / n of it
// for n servers. A step's all-reduce takes the slower of its network leg (bytes / injection bandwidth + 2 (n - 1) hops
// x latency) and its interconnect leg; the overlap hides up to that share of it, at most the step's compute.
void read_communication(const MapReader& map, const Cluster& cluster, std::optional<double> parameters,
                        std::optional<double> tokens, TrainingJob& job) {
  const auto& spec = workload_section();
  const auto global_batch = map.number(spec.key("global_batch"));
  for (const char* key : {"tensor_parallel", "pipeline_parallel", "gradient_bytes", "communication_overlap"}) {
    if (!global_batch && map.has(key)) map.fail(key, "applies with global_batch only (expected global_batch too)");
  }
  if (!global_batch) return;
  if (!parameters || !tokens) {
    map.fail("global_batch", "needs parameters and tokens: the gradient's size and the number of steps");
  }
  const std::int64_t tensor = *map.positive_count(spec.key("tensor_parallel"));
  const std::int64_t pipeline = *map.positive_count(spec.key("pipeline_parallel"));
  if (job.accelerators % (tensor * pipeline) != 0) {
    map.fail("tensor_parallel", "tensor x pipeline parallel (" + std::to_string(tensor * pipeline) +
                                    ") does not divide the job's " + std::to_string(job.accelerators) +
                                    " accelerators");
  }
  const double steps = *tokens / *global_batch;
  if (steps < 1.0) map.fail("global_batch", "exceeds the training tokens (expected at least one step)");
  AllReduceTraffic traffic;
  try {
    traffic = hierarchical_all_reduce({*parameters * *map.number(spec.key("gradient_bytes")), job.accelerators,
                                       cluster.accelerators_per_server, tensor, pipeline});
  } catch (const std::invalid_argument& e) {
    map.fail("tensor_parallel", std::string(e.what()) +
                                    " (expected each server to hold whole tensor-parallel groups and whole or "
                                    "evenly split data-parallel groups, as with powers of two)");
  }
  if (traffic.data_parallel < 2) return;
  if (traffic.copies_per_server > 1 && !cluster.network.intra_server_bytes_per_s) {
    map.fail("global_batch",
             "the all-reduce inside a server needs its interconnect bandwidth, which the catalog "
             "lacks for " +
                 cluster.accelerator.name +
                 " (expected clusters[].network."
                 "intra_server_bandwidth on cluster '" +
                 cluster.name + "')");
  }
  // Without copies inside a server the interconnect leg carries nothing; any bandwidth then gives it no time.
  const double interconnect_each_way_bytes_per_s =
      cluster.network.intra_server_bytes_per_s.value_or(cluster.network.bandwidth_bytes_per_s) / 2.0;
  const double transfer_s = all_reduce_s(traffic, cluster.network.bandwidth_bytes_per_s, cluster.network.latency_s,
                                         interconnect_each_way_bytes_per_s);
  const double compute_step_s = compute_run_s(job, cluster) / steps;
  const double hidden_s = std::min(*map.fraction(spec.key("communication_overlap")) * transfer_s, compute_step_s);
  CommunicationParams communication;
  communication.steps = steps;
  communication.bytes_per_host_per_step =
      traffic.network_bytes_per_server * static_cast<double>(cluster.servers_per_host);
  communication.ring_latency_s_per_step = ring_latency_s(traffic, cluster.network.latency_s);
  communication.intra_server_s_per_step =
      traffic.interconnect_bytes_per_accelerator / interconnect_each_way_bytes_per_s;
  communication.exposed_fraction = (transfer_s - hidden_s) / transfer_s;
  communication.exposed_s_per_compute_s = (transfer_s - hidden_s) / compute_step_s;
  job.communication = communication;
}

double expected_run_s(const TrainingJob& job, const Cluster& cluster) {
  return failure_free_run_s(job, compute_run_s(job, cluster));
}

// The mean run with failures, for the natural-end check: a stretch of L seconds that restarts after every failure
// (rate l, restart delay r) takes (1/l + r)(e^(l L) - 1) on average; a job is its checkpointed segments, each
// with its write. Without failures it is the failure-free run.
double mean_run_s(const TrainingJob& job, const Cluster& cluster) {
  if (!job.failures) return expected_run_s(job, cluster);
  const double compute_s = compute_run_s(job, cluster);
  const double segments = checkpoint_segments(job, compute_s);
  const double interval_s = job.checkpoint ? job.checkpoint->interval_s : compute_s;
  const double write_s = job.checkpoint ? job.checkpoint->write_s : 0.0;
  // Exposed communication stretches each segment's work.
  const double stretch = 1.0 + (job.communication ? job.communication->exposed_s_per_compute_s : 0.0);
  const double last_s = (compute_s - (segments - 1.0) * interval_s) * stretch;
  const double rate_per_s = static_cast<double>(job.accelerators) / job.failures->mtbf_s;
  return (1.0 / rate_per_s + job.failures->restart_delay_s) *
         ((segments - 1.0) * std::expm1(rate_per_s * (interval_s * stretch + write_s)) +
          std::expm1(rate_per_s * last_s));
}

Site read_site_name(const MapReader& map) {
  Site site;
  site.name = *map.name(site_section().key("name"));
  return site;
}

Network read_network(const YamlSource& context, const MapReader& cluster_map, const AcceleratorSpec& accelerator) {
  const auto& spec = network_section();
  const YAML::Node node = cluster_map.has("network") ? cluster_map.child("network") : YAML::Node(YAML::NodeType::Map);
  const MapReader map(context, node, cluster_map.child_path("network"), spec);
  Network network;
  network.bandwidth_bytes_per_s = *map.positive_quantity(spec.key("bandwidth"));
  network.latency_s = *map.quantity(spec.key("latency"));
  // A fabric inside a datacenter takes microseconds; even light around half the Earth (20,000 km of fibre at
  // 2e8 m/s) takes 0.1 s. Assumption: 1 s bounds any network a cluster spans and refuses a unit mistake.
  constexpr double max_latency_s = 1.0;
  if (!(network.latency_s <= max_latency_s)) {
    map.fail("latency", short_number(network.latency_s) +
                            " s is implausibly long for a cluster's fabric (expected "
                            "at most 1 s; a datacenter fabric takes microseconds, e.g. 2 us)");
  }
  network.intra_server_bytes_per_s = map.positive_quantity(spec.key("intra_server_bandwidth"));
  if (!network.intra_server_bytes_per_s) network.intra_server_bytes_per_s = accelerator.interconnect_bytes_per_s;
  return network;
}

Cluster read_cluster(const YamlSource& context, const MapReader& map, const std::vector<Site>& sites) {
  const auto& spec = cluster_section();
  Cluster cluster;
  cluster.name = *map.name(spec.key("name"));

  cluster.site_index = resolve_reference(map, spec.key("site"), sites, "site", cluster.site);

  const ServerSpec* server = read_server(map);
  const auto accelerator_name = map.name(spec.key("accelerator"));
  if (!accelerator_name && !server) {
    map.fail("accelerator",
             "missing: a cluster needs its accelerator or its catalog server (expected e.g. "
             "accelerator: h100-sxm or server: dgx-h100; see `terawatt catalog`)");
  }
  const std::string accelerator = accelerator_name ? *accelerator_name : server->accelerator;
  const AcceleratorSpec* found = find_accelerator(accelerator);
  if (!found) {
    map.fail("accelerator",
             "unknown accelerator '" + accelerator + "'" + did_you_mean(accelerator, names_of(accelerator_catalog())) +
                 " (expected one of: " + join(names_of(accelerator_catalog())) + "; see `terawatt catalog`)");
  }
  if (server && server->accelerator != accelerator) {
    map.fail("accelerator", "'" + accelerator + "' is not the accelerator of server '" + server->name + "' (expected " +
                                server->accelerator + ", or no accelerator key)");
  }
  if (!server) server = &server_for(*found);
  cluster.accelerator = *found;
  cluster.servers = *map.positive_count(spec.key("servers"));
  cluster.accelerators_per_server = map.has("accelerators_per_server")
                                        ? *map.positive_count(spec.key("accelerators_per_server"))
                                        : server->accelerators_per_server;
  cluster.servers_per_host = *map.positive_count(spec.key("servers_per_host"));
  if (cluster.servers > std::numeric_limits<std::int64_t>::max() / cluster.accelerators_per_server) {
    map.fail("accelerators_per_server",
             "servers x accelerators_per_server is too large to count (expected a "
             "product below 2^63)");
  }
  if (cluster.servers % cluster.servers_per_host != 0) {
    map.fail("servers_per_host", "servers (" + std::to_string(cluster.servers) +
                                     ") is not a multiple of it (expected a "
                                     "divisor of servers)");
  }
  cluster.power_cap_w = read_power_cap(map, spec.key("power_cap"), *found);
  cluster.host_power = read_host_power(map, *server, cluster.accelerators_per_server);
  cluster.compute_power_w = map.positive_quantity(spec.key("compute_power"));
  // The measured power is that of compute at full clock; a power cap below it clips it
  // (models/power/accelerator_power.hpp).
  if (cluster.compute_power_w &&
      (*cluster.compute_power_w <= found->idle_w || *cluster.compute_power_w > found->tdp_w)) {
    map.fail("compute_power", "is outside the " + found->name + " range from its idle power of " +
                                  short_number(found->idle_w) + " W to its TDP of " + short_number(found->tdp_w) +
                                  " W (expected more than idle and at most the TDP; put the host's share of a "
                                  "measured system power in server_overhead)");
  }
  cluster.network = read_network(context, map, cluster.accelerator);
  if (map.has("embodied")) {
    const auto& espec = embodied_section();
    const MapReader embodied(context, map.child("embodied"), map.child_path("embodied"), espec);
    EmbodiedCarbon carbon;
    carbon.per_accelerator_kg = *embodied.quantity(espec.key("per_accelerator"));
    carbon.per_server_kg = *embodied.quantity(espec.key("per_server"));
    carbon.lifetime_s = *embodied.positive_quantity(espec.key("lifetime"));
    cluster.embodied = carbon;
  }
  return cluster;
}

TrainingJob read_training(const YamlSource& context, const MapReader& map, const std::vector<Cluster>& clusters) {
  const auto& spec = workload_section();
  TrainingJob job;
  job.name = *map.name(spec.key("name"));
  job.cluster_index = resolve_reference(map, spec.key("cluster"), clusters, "cluster", job.cluster);
  const Cluster& cluster = clusters[job.cluster_index];

  const auto flops = map.positive_quantity(spec.key("flops"));
  const auto parameters = map.number(spec.key("parameters"));
  const auto tokens = map.number(spec.key("tokens"));
  if (flops && (parameters || tokens)) {
    map.fail(parameters ? "parameters" : "tokens",
             "conflicts with flops (expected either flops, or parameters and tokens)");
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
    map.fail("accelerators", std::to_string(job.accelerators) +
                                 " does not fill whole hosts (expected a positive "
                                 "multiple of " +
                                 std::to_string(per_host) +
                                 " = accelerators_per_server x servers_per_host of cluster '" + cluster.name + "')");
  }
  if (job.accelerators > cluster.accelerators()) {
    map.fail("accelerators", std::to_string(job.accelerators) + " exceeds the " +
                                 std::to_string(cluster.accelerators()) + " accelerators of cluster '" + cluster.name +
                                 "' (expected at most that)");
  }

  job.power_cap_w = read_power_cap(map, spec.key("power_cap"), cluster.accelerator);
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
  const auto checkpoint_interval_s = map.positive_quantity(spec.key("checkpoint_interval"));
  const auto checkpoint_write_s = map.positive_quantity(spec.key("checkpoint_write_time"));
  if (checkpoint_interval_s && !checkpoint_write_s) {
    map.fail("checkpoint_write_time", "missing: checkpoint_interval needs it (expected a time such as 30 s)");
  }
  if (checkpoint_write_s && !checkpoint_interval_s) {
    map.fail("checkpoint_interval", "missing: checkpoint_write_time needs it (expected a time such as 3 h)");
  }
  if (checkpoint_interval_s) {
    job.checkpoint = CheckpointParams{*checkpoint_interval_s, *checkpoint_write_s};
    // Every checkpoint is a round of activities on every host; a typo in the interval would run for ages.
    const double segments = checkpoint_segments(job, compute_run_s(job, cluster));
    if (!(segments <= max_checkpoints)) {
      map.fail("checkpoint_interval",
               "cuts the job into " + short_number(segments) + " segments, more than 1e7 (expected a longer interval)");
    }
  }
  read_communication(map, cluster, parameters, tokens, job);
  const auto mtbf_s = map.positive_quantity(spec.key("mtbf"));
  const auto restart_delay_s = map.positive_quantity(spec.key("restart_delay"));
  if (mtbf_s && !restart_delay_s) map.fail("restart_delay", "missing: mtbf needs it (expected a time such as 10 min)");
  if (restart_delay_s && !mtbf_s) map.fail("mtbf", "missing: restart_delay needs it (expected a time such as 5 yr)");
  if (mtbf_s) job.failures = FailureParams{*mtbf_s, *restart_delay_s};
  if (map.has("deferrable")) {
    const auto& dspec = deferrable_section();
    const MapReader deferrable(context, map.child("deferrable"), map.child_path("deferrable"), dspec);
    DeferralParams deferral;
    deferral.deadline_s = *deferrable.positive_quantity(dspec.key("deadline"));
    const std::string policy = *deferrable.name(dspec.key("policy"));
    if (policy == "threshold") {
      deferral.policy = DeferralPolicy::threshold;
      const auto threshold = deferrable.quantity(dspec.key("threshold"));
      if (!threshold) deferrable.fail("threshold", "missing: the threshold policy needs it (expected an intensity)");
      deferral.threshold_kg_per_j = *threshold;
    } else if (policy == "forecast") {
      deferral.policy = DeferralPolicy::forecast_window;
      if (deferrable.has("threshold")) deferrable.fail("threshold", "only the threshold policy uses it");
    } else {
      deferrable.fail("policy", "unknown policy '" + policy + "'" + did_you_mean(policy, {"forecast", "threshold"}) +
                                    " (expected forecast or threshold)");
    }
    const double run_s = expected_run_s(job, cluster);
    if (deferral.deadline_s < run_s) {
      deferrable.fail("deadline", "is shorter than the job's run of " + short_number(run_s) +
                                      " s (expected at least the run, which cannot be deferred otherwise)");
    }
    job.deferral = deferral;
  }
  return job;
}

// Without a duration the run ends when the last job does. Jobs on one cluster run at worst one after the other
// (the queue, FIFO with EASY backfill, never leaves a cluster idle while a job waits), so the last start plus the sum
// of the jobs' run times bounds the end; a typo in flops, mfu or start would otherwise run for ages and fill the disk
// with samples. Jobs that fail count with their mean run: random runs may be longer, but a job whose mean run is absurd
// (an mtbf far below its checkpoint interval) is caught.
void check_natural_end(const YamlSource& context, const YAML::Node& scenario_node, const Scenario& scenario) {
  std::vector<double> last_start(scenario.clusters.size(), 0.0);
  std::vector<double> busy(scenario.clusters.size(), 0.0);
  double longest_s = 0.0;
  const TrainingJob* longest = nullptr;
  for (const auto& job : scenario.training_jobs) {
    const double run_s = mean_run_s(job, scenario.clusters[job.cluster_index]);
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

// A renewal process: a job that fails at rate l while it works and restarts after r fails about H / (1/l + r)
// times over a span H of work and restarts. H is the run's horizon after the job's start, or without a duration the
// job's mean run with failures.
void check_failure_count(const MapReader& map, const TrainingJob& job, const Cluster& cluster,
                         const ScenarioInfo& info) {
  if (!job.failures) return;
  const double span_s = info.duration_s ? *info.duration_s - job.start_s : mean_run_s(job, cluster);
  const double rate_per_s = static_cast<double>(job.accelerators) / job.failures->mtbf_s;
  const double failures = span_s / (1.0 / rate_per_s + job.failures->restart_delay_s);
  if (!(failures <= max_failures)) {
    map.fail("mtbf", short_number(job.failures->mtbf_s) + " s per accelerator on " + std::to_string(job.accelerators) +
                         " accelerators with a restart_delay of " + short_number(job.failures->restart_delay_s) +
                         " s means about " + short_number(failures) + " failures over " + short_number(span_s) +
                         " s, more than " + short_number(max_failures) +
                         " (expected a longer mtbf, per accelerator, such as 5 yr)");
  }
}

// A deferrable job weighs every hourly start up to its deadline, and the grid series cover only the run: a deadline
// past the horizon can only be a typo (and a deadline of 1e6 yr meant 9e9 candidate starts, exhausting memory).
void check_deadline_within_horizon(const YamlSource& context, const MapReader& map, const TrainingJob& job,
                                   const ScenarioInfo& info) {
  if (!job.deferral || !info.duration_s) return;
  const double latest_deadline_s = *info.duration_s - job.start_s;
  if (job.deferral->deadline_s > latest_deadline_s) {
    const MapReader deferrable(context, map.child("deferrable"), map.child_path("deferrable"), deferrable_section());
    deferrable.fail("deadline", short_number(job.deferral->deadline_s) + " s after the job's start at " +
                                    short_number(job.start_s) + " s ends after the run's horizon of " +
                                    short_number(*info.duration_s) + " s (expected a deadline of at most " +
                                    short_number(latest_deadline_s) + " s, or a longer scenario.duration)");
  }
}

template <typename Item>
void require_unique_names(const YamlSource& context, const YAML::Node& list, const std::string& path,
                          const std::vector<Item>& items) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].name).second) {
      context.fail(list[i]["name"], path + "." + std::to_string(i) + ".name",
                   "duplicate name '" + items[i].name + "' (expected names unique within " + path + ")");
    }
  }
}

YAML::Node require_list(const YamlSource& context, const MapReader& root, const std::string& key, bool required) {
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
  YamlSource context(display_name);
  if (!document || document.IsNull()) {
    throw ScenarioError(display_name, "", "the file is empty (expected keys: " + join(top_level_keys()) + ")");
  }
  if (!document.IsMap()) context.fail(document, "", "expected a mapping with keys: " + join(top_level_keys()));
  for (const auto& text : overrides) context.add_override(apply_override(document, text, context), text);

  // A validation case (scenarios/validation/) is a scenario plus the published figures it must reproduce, under
  // `expected`, which `terawatt validate` reads (sim/app/validate/validation_case.hpp). A run ignores them, so that
  // every case is also a scenario that `terawatt run` runs as it is.
  if (document.IsMap()) document.remove("expected");
  const MapReader root(context, document, "", top_level_keys());
  // `projection` is the section of projection files, which `terawatt run` tells apart by it (sim/projection_loader
  // .cpp); a simulation meets it only from an override or from a caller that reads every file as a simulation.
  if (root.has("projection")) {
    root.fail("projection",
              "belongs to projection files, not to a simulation scenario (expected a projection file "
              "with scenario and projection only, or a simulation with sites, clusters and workloads)");
  }
  Scenario scenario;
  scenario.source_file = display_name;
  if (!root.has("scenario"))
    context.fail(document, "scenario", "missing required section (expected a mapping with name)");
  scenario.info = read_info(MapReader(context, root.child("scenario"), "scenario", scenario_section()));

  const YAML::Node sites = require_list(context, root, "sites", true);
  std::vector<MapReader> site_maps;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    site_maps.emplace_back(context, sites[i], "sites." + element_segment(sites[i], i), site_section());
    scenario.sites.push_back(read_site_name(site_maps.back()));
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

  const std::string base_dir = display_name.find('/') == std::string::npos
                                   ? std::string(".")
                                   : display_name.substr(0, display_name.find_last_of('/'));
  for (std::size_t i = 0; i < scenario.sites.size(); ++i) {
    read_site_environment(context, site_maps[i], scenario.info, scenario.clusters, i, base_dir, scenario.sites[i]);
  }

  const YAML::Node workloads = require_list(context, root, "workloads", false);
  struct Named {
    std::string name;
  };
  std::vector<Named> workload_names;
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    const std::string path = "workloads." + element_segment(workloads[i], i);
    // The type selects the section the other keys are checked against.
    const YAML::Node type_node = workloads[i].IsMap() ? workloads[i]["type"] : YAML::Node();
    const bool inference = type_node && type_node.IsScalar() && type_node.Scalar() == "inference";
    const MapReader map(context, workloads[i], path, inference ? inference_section() : workload_section());
    const std::string type = *map.name(workload_section().key("type"));
    if (inference) {
      scenario.services.push_back(read_inference(context, map, scenario.clusters, scenario.info, base_dir));
      workload_names.push_back({scenario.services.back().name});
      continue;
    }
    if (type != "training") {
      map.fail("type", "unknown workload type '" + type + "'" + did_you_mean(type, {"training", "inference"}) +
                           " (expected: training or inference)");
    }
    scenario.training_jobs.push_back(read_training(context, map, scenario.clusters));
    const TrainingJob& job = scenario.training_jobs.back();
    check_failure_count(map, job, scenario.clusters[job.cluster_index], scenario.info);
    check_deadline_within_horizon(context, map, job, scenario.info);
    workload_names.push_back({scenario.training_jobs.back().name});
  }
  require_unique_names(context, workloads, "workloads", workload_names);

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
  const YAML::Node document = load_yaml_document(yaml_text, display_name, "scenario");
  return parse(document, display_name, overrides);
}

std::string apply_scenario_override(YAML::Node& document, const std::string& override_text) {
  return apply_override(document, override_text, YamlSource(""));
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  return load_scenario_text(read_yaml_file(path, "scenario file"), path, overrides);
}

}  // namespace terawatt
