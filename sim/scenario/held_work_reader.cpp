#include "sim/scenario/held_work_reader.hpp"

#include "models/power/given_power.hpp"
#include "models/workload/offline_batch.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/replica_placement.hpp"
#include "sim/scenario/replica_table_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace terawatt {
namespace {

// An offline job's replicas are a fixed set: the keys of autoscaling and scaling down do not apply.
void refuse_service_only_keys(const MapReader& replicas_map) {
  for (const char* key :
       {"min", "max", "target_utilisation", "scale_down_delay", "scaled_down", "standby_power", "wake_up"}) {
    if (replicas_map.has(key)) {
      replicas_map.fail(key,
                        "applies to inference services only (an offline job runs a fixed set of replicas: "
                        "expected accelerators, count and max_batch)");
    }
  }
}

// The requests to run: given, or a text dataset's prompt tokens over one request's.
double read_request_count(const MapReader& map, const MapReader& request_map, Modality modality) {
  const auto& spec = offline_inference_section();
  const auto requests = map.number(spec.key("requests"));
  const auto dataset_tokens = map.number(spec.key("dataset_tokens"));
  if (requests && dataset_tokens) map.fail("dataset_tokens", "conflicts with requests (expected one of them)");
  if (!requests && !dataset_tokens) {
    map.fail("requests", "missing required key (expected requests, or dataset_tokens for a text dataset)");
  }
  double count = 0.0;
  if (dataset_tokens) {
    if (modality != Modality::text) map.fail("dataset_tokens", "applies to text only (expected requests)");
    const double prompt_tokens = request_map.real(inference_request_section().key("prompt_tokens")).value_or(0.0);
    if (!(prompt_tokens > 0.0)) {
      map.fail("dataset_tokens", "needs request.prompt_tokens above 0 to count the requests (expected requests)");
    }
    count = std::ceil(*dataset_tokens / prompt_tokens);
  } else {
    count = *requests;
  }
  if (count != std::floor(count) || count < 1.0 || count >= most_offline_requests) {
    map.fail(dataset_tokens ? "dataset_tokens" : "requests",
             "gives " + short_number(count) + " requests (expected a whole number of requests from 1 to 2^53)");
  }
  return count;
}

}  // namespace

OfflineInferenceJob read_offline_inference(const YamlSource& context, const MapReader& map,
                                           const std::vector<Cluster>& clusters) {
  const auto& spec = offline_inference_section();
  OfflineInferenceJob job;
  job.name = *map.name(spec.key("name"));
  job.cluster_index = resolve_reference(map, spec.key("cluster"), clusters, "cluster", job.cluster);
  const Cluster& cluster = clusters[job.cluster_index];
  for (const char* key : {"model", "request"}) {
    if (!map.has(key)) map.fail(key, "missing required key");
  }
  job.start_s = *map.quantity(spec.key("start"));

  // The replica table and placement are a service's (sim/scenario/replica_table_reader.hpp, replica_placement.hpp).
  InferenceService service;
  service.name = job.name;
  service.modality = static_cast<Modality>(read_choice(map, spec.key("modality"), modality_names()));
  const MapReader model_map = child_map(context, map, "model", inference_model_section());
  const MapReader request_map = child_map(context, map, "request", inference_request_section());
  const MapReader replicas_map = child_map(context, map, "replicas", inference_replicas_section());
  refuse_service_only_keys(replicas_map);
  const MapReader measured_map = child_map(context, map, "measured_power", inference_measured_power_section());
  read_replica_table(map, cluster, model_map, request_map, replicas_map, measured_map, service);
  place_replicas(replicas_map, cluster, service);

  job.requests = read_request_count(map, request_map, service.modality);
  job.modality = service.modality;
  job.replica = std::move(service.replica);
  job.output = service.output;
  job.replicas = service.max_replicas;
  job.hosts = service.hosts;
  job.replicas_per_host = service.replicas_per_host;
  job.hosts_per_replica = service.hosts_per_replica;
  job.run_s = offline_batch_plan(job.replica, job.requests, job.replicas).completion_s;
  YAML::Node given = YAML::Clone(map.node());
  given["cluster"] = job.cluster;
  job.given_yaml = YAML::Dump(given);
  return job;
}

GivenPowerLoad read_given_power(const MapReader& map, const std::vector<Cluster>& clusters, const ScenarioInfo& info) {
  const auto& spec = given_power_section();
  GivenPowerLoad load;
  load.name = *map.name(spec.key("name"));
  load.cluster_index = resolve_reference(map, spec.key("cluster"), clusters, "cluster", load.cluster);
  const Cluster& cluster = clusters[load.cluster_index];
  load.servers = map.count(spec.key("servers")).value_or(cluster.servers);
  if (load.servers < 1 || load.servers > cluster.servers || load.servers % cluster.servers_per_host != 0) {
    map.fail("servers", "is " + std::to_string(load.servers) + " (expected whole hosts of " +
                            std::to_string(cluster.servers_per_host) + " servers, from 1 to the cluster's " +
                            std::to_string(cluster.servers) + ")");
  }
  load.total_it_w = map.quantity(spec.key("power"));
  load.load_factor = map.fraction(spec.key("load_factor"));
  if (load.total_it_w.has_value() == load.load_factor.has_value()) {
    map.fail(load.total_it_w ? "load_factor" : "power",
             load.total_it_w ? "conflicts with power (expected one of power, load_factor)"
                             : "missing required key (expected power, a measured total, or load_factor)");
  }
  if (load.total_it_w && !(*load.total_it_w > 0.0)) map.fail("power", "must be above 0 W");
  const AcceleratorPowerModel accelerator = accelerator_power_model(cluster);
  const auto accelerators = static_cast<double>(cluster.accelerators_per_server);
  const double nameplate_w = server_nameplate_w(accelerators, accelerator, cluster.host_power);
  const auto servers = static_cast<double>(load.servers);
  load.server_it_w = load.total_it_w ? *load.total_it_w / servers : *load.load_factor * nameplate_w;
  // A server draws at most its rating; a measurement above it says the host's power is understated.
  if (load.server_it_w > nameplate_w) {
    map.fail("power", short_number(load.server_it_w) + " W per server is above the servers' nameplate of " +
                          short_number(nameplate_w) +
                          " W (accelerators at TDP and the host at full load; expected at most that, or a higher "
                          "host power on the cluster: server_overhead or host_loaded_power)");
  }
  load.start_s = *map.quantity(spec.key("start"));
  load.duration_s = map.positive_quantity(spec.key("duration"));
  if (!load.duration_s && !info.duration_s) {
    map.fail("duration",
             "missing: without a scenario.duration the servers need a time to hold them (expected e.g. "
             "duration: 30 d)");
  }
  if (info.duration_s && load.start_s >= *info.duration_s) {
    map.fail("start", "is not before the scenario's horizon of " + short_number(*info.duration_s) + " s");
  }
  return load;
}

}  // namespace terawatt
