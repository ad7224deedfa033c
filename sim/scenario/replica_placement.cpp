#include "sim/scenario/replica_placement.hpp"

#include "sim/scenario/replica_table_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <optional>
#include <string>

namespace terawatt {
namespace {

// What replicas that do not serve do, the power of a server in standby, and the wake-up time.
void read_scaled_down(const MapReader& map, const Cluster& cluster, InferenceService& service) {
  const auto& spec = inference_replicas_section();
  const std::string scaled_down = *map.name(spec.key("scaled_down"));
  if (scaled_down == "idle") {
    service.scaled_down = ScaledDown::idle;
  } else if (scaled_down == "standby") {
    service.scaled_down = ScaledDown::standby;
  } else if (scaled_down == "off") {
    service.scaled_down = ScaledDown::off;
  } else {
    map.fail("scaled_down", "unknown state '" + scaled_down + "'" +
                                did_you_mean(scaled_down, {"idle", "standby", "off"}) +
                                " (expected idle, standby or off)");
  }
  const auto standby_w = map.quantity(spec.key("standby_power"));
  if (service.scaled_down == ScaledDown::standby && !standby_w) {
    map.fail("standby_power",
             "missing: standby needs the power of a suspended server (no default: docs/references.md has no "
             "figure; expected e.g. 50 W)");
  }
  if (standby_w && service.scaled_down != ScaledDown::standby) {
    map.fail("standby_power", "applies with scaled_down: standby only");
  }
  if (standby_w && *standby_w > cluster.host_power.idle_w) {
    map.fail("standby_power", "exceeds the server's host power of " + short_number(cluster.host_power.idle_w) +
                                  " W when on and idle (expected less)");
  }
  service.standby_server_w = standby_w.value_or(0.0);
  service.accelerators_per_server = cluster.accelerators_per_server;
  service.wake_up_s = *map.quantity(spec.key("wake_up"));
}

}  // namespace

std::optional<ReplicaLayout> replica_layout(std::int64_t accelerators, const Cluster& cluster) {
  const std::int64_t per_host = cluster.accelerators_per_server * cluster.servers_per_host;
  if (accelerators <= per_host) {
    if (per_host % accelerators != 0) return std::nullopt;
    return ReplicaLayout{per_host / accelerators, 1};
  }
  if (accelerators % per_host != 0) return std::nullopt;
  return ReplicaLayout{1, accelerators / per_host};
}

void place_replicas(const MapReader& map, const Cluster& cluster, InferenceService& service) {
  const auto& spec = inference_replicas_section();
  const std::int64_t k = service.replica.accelerators;
  const std::int64_t per_host = cluster.accelerators_per_server * cluster.servers_per_host;
  const auto layout = replica_layout(k, cluster);
  if (!layout && k <= per_host) {
    map.fail("accelerators", std::to_string(k) + " does not divide the " + std::to_string(per_host) +
                                 " accelerators of a host of cluster '" + cluster.name +
                                 "' (expected a divisor, or a multiple of it)");
  }
  if (!layout) {
    map.fail("accelerators", std::to_string(k) + " is not a whole number of hosts of " + std::to_string(per_host) +
                                 " accelerators in cluster '" + cluster.name + "'");
  }
  service.replicas_per_host = layout->replicas_per_host;
  service.hosts_per_replica = layout->hosts_per_replica;
  const std::int64_t cluster_replicas = cluster.hosts() * service.replicas_per_host / service.hosts_per_replica;

  const auto count = map.count(spec.key("count"));
  const auto max = map.count(spec.key("max"));
  if (count && (max || map.has("min")))
    map.fail("count", "conflicts with min and max (expected count, or min and max)");
  for (const char* key : {"target_utilisation", "scale_down_delay", "target"}) {
    if (!max && map.has(key)) map.fail(key, "applies to autoscaling only (expected with min and max)");
  }
  if (max) {
    service.min_replicas = *map.count(spec.key("min"));
    service.max_replicas = *max;
    if (service.max_replicas < 1) map.fail("max", "must be at least 1");
    if (service.min_replicas > service.max_replicas) map.fail("min", "exceeds max");
    const bool latency = read_choice(map, spec.key("target"), {"utilisation", "slo"}) == 1;
    service.autoscale =
        Autoscale{*map.fraction(spec.key("target_utilisation")), *map.quantity(spec.key("scale_down_delay")), latency};
  } else {
    service.max_replicas = count.value_or(cluster_replicas);
    if (service.max_replicas < 1) map.fail("count", "must be at least 1");
    service.min_replicas = service.max_replicas;
  }
  if (service.max_replicas > cluster_replicas) {
    map.fail(max ? "max" : "count", std::to_string(service.max_replicas) + " replicas of " + std::to_string(k) +
                                        " exceed the " + std::to_string(cluster_replicas) + " that cluster '" +
                                        cluster.name + "' holds (expected at most that)");
  }
  service.hosts = service.hosts_per_replica > 1
                      ? service.max_replicas * service.hosts_per_replica
                      : (service.max_replicas + service.replicas_per_host - 1) / service.replicas_per_host;
  read_scaled_down(map, cluster, service);
}

}  // namespace terawatt
