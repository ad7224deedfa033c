#include "sim/scenario/cluster_reader.hpp"

#include "models/base/nearest_name.hpp"
#include "models/power/catalog.hpp"
#include "sim/scenario/embodied_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <limits>

namespace terawatt {
namespace {

// The server a cluster names, from the scenario's catalog (built-in and user entries); nullptr when it names none.
const ServerSpec* read_server(const MapReader& map, const HardwareCatalog& catalog) {
  const auto name = map.name(cluster_section().key("server"));
  if (!name) return nullptr;
  const ServerSpec* server = catalog.find_server(*name);
  if (!server) {
    const std::vector<std::string> names = names_of(catalog.servers);
    map.fail("server", "unknown server '" + *name + "'" + did_you_mean(*name, names) +
                           " (expected one of: " + join(names) + "; see `terawatt catalog`)");
  }
  return server;
}

// One server's host: a measured constant (`server_overhead`), or a curve from idle to loaded whose missing ends come
// from the server (none for a user's accelerator that no server holds: then both ends are required).
HostPowerCurve read_host_power(const MapReader& map, const ServerSpec* server, std::int64_t accelerators_per_server) {
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
  if (!server && !(idle && loaded)) {
    map.fail(idle ? "host_loaded_power" : "host_idle_power",
             "missing: no server of the catalog holds this accelerator (expected server_overhead, or "
             "host_idle_power and host_loaded_power, or a server in hardware.servers)");
  }
  HostPowerCurve host = server ? server->host_for(accelerators_per_server) : HostPowerCurve{};
  if (idle) host.idle_w = *idle;
  if (loaded) host.loaded_w = *loaded;
  if (host.idle_w > host.loaded_w) {
    map.fail(idle ? "host_idle_power" : "host_loaded_power",
             "host idle power " + short_number(host.idle_w) + " W exceeds host loaded power " +
                 short_number(host.loaded_w) + " W (expected idle <= loaded; give both)");
  }
  return host;
}

Network read_network(const YamlSource& context, const MapReader& cluster_map, const AcceleratorSpec& accelerator,
                     const ServerSpec* server, std::int64_t servers) {
  const auto& spec = network_section();
  const YAML::Node node = cluster_map.has("network") ? cluster_map.child("network") : YAML::Node(YAML::NodeType::Map);
  const MapReader map(context, node, cluster_map.child_path("network"), spec);
  Network network;
  // Absent: the server's own adapters where the catalog knows them, else the schema's default.
  network.bandwidth_bytes_per_s = !map.has("bandwidth") && server && server->fabric_bytes_per_s
                                      ? *server->fabric_bytes_per_s
                                      : *map.positive_quantity(spec.key("bandwidth"));
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
  const auto fabric_w = map.quantity(spec.key("fabric_power"));
  network.fabric.floor_w_per_server =
      fabric_w ? *fabric_w : default_fabric_floor_w(network.bandwidth_bytes_per_s, static_cast<double>(servers));
  const auto pj_per_bit = map.real(spec.key("traffic_pj_per_bit"));
  if (pj_per_bit && !(*pj_per_bit >= 0.0)) {
    map.fail("traffic_pj_per_bit", short_number(*pj_per_bit) + " is negative (expected a number >= 0)");
  }
  network.fabric.traffic_pj_per_bit = pj_per_bit.value_or(default_traffic_pj_per_bit);
  return network;
}

}  // namespace

// A board power limit: at most the TDP, above the idle power.
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

Cluster read_cluster(const YamlSource& context, const MapReader& map, const std::vector<Site>& sites,
                     const HardwareCatalog& hardware) {
  const auto& spec = cluster_section();
  Cluster cluster;
  cluster.name = *map.name(spec.key("name"));

  cluster.site_index = resolve_reference(map, spec.key("site"), sites, "site", cluster.site);

  const ServerSpec* server = read_server(map, hardware);
  const auto accelerator_name = map.name(spec.key("accelerator"));
  if (!accelerator_name && !server) {
    map.fail("accelerator",
             "missing: a cluster needs its accelerator or its catalog server (expected e.g. "
             "accelerator: h100-sxm or server: dgx-h100; see `terawatt catalog`)");
  }
  const std::string accelerator = accelerator_name ? *accelerator_name : server->accelerator;
  const AcceleratorSpec* found = hardware.find_accelerator(accelerator);
  if (!found) {
    const std::vector<std::string> names = names_of(hardware.accelerators);
    map.fail("accelerator", "unknown accelerator '" + accelerator + "'" + did_you_mean(accelerator, names) +
                                " (expected one of: " + join(names) + "; see `terawatt catalog`)");
  }
  if (server && server->accelerator != accelerator) {
    map.fail("accelerator", "'" + accelerator + "' is not the accelerator of server '" + server->name + "' (expected " +
                                server->accelerator + ", or no accelerator key)");
  }
  if (!server) server = hardware.server_for(found->name);
  cluster.accelerator = *found;
  cluster.servers = *map.positive_count(spec.key("servers"));
  if (!server && !map.has("accelerators_per_server")) {
    map.fail("accelerators_per_server",
             "missing: no server of the catalog holds accelerator '" + found->name + "' (expected a count)");
  }
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
  cluster.host_power = read_host_power(map, server, cluster.accelerators_per_server);
  cluster.compute_power_w = map.positive_quantity(spec.key("compute_power"));
  if (!cluster.compute_power_w) cluster.compute_power_w = found->compute_power_w;  // the accelerator's measurement
  // The measured power is that of compute at full clock; a power cap below it clips it
  // (models/power/accelerator_power.hpp).
  if (cluster.compute_power_w &&
      (*cluster.compute_power_w <= found->idle_w || *cluster.compute_power_w > found->tdp_w)) {
    map.fail("compute_power", "is outside the " + found->name + " range from its idle power of " +
                                  short_number(found->idle_w) + " W to its TDP of " + short_number(found->tdp_w) +
                                  " W (expected more than idle and at most the TDP; put the host's share of a "
                                  "measured system power in server_overhead)");
  }
  cluster.network = read_network(context, map, cluster.accelerator, server, cluster.servers);
  cluster.embodied = read_embodied(context, map);
  return cluster;
}

}  // namespace terawatt
