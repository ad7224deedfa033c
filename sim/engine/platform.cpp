#include "sim/engine/platform.hpp"

#include "sim/engine/log_category.hpp"
#include "sim/scenario/cluster_power.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Link.hpp>

#include <algorithm>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_engine, terawatt, "the platform: zones, hosts, links and their power");

namespace terawatt {

double host_peak_flop_per_s(const Cluster& cluster) {
  return cluster.accelerator.peak_flop_per_s * static_cast<double>(cluster.accelerators_per_server) *
         static_cast<double>(cluster.servers_per_host);
}

void build_platform(const Scenario& scenario, const std::vector<ClusterNeeds>& needs, Platform& platform) {
  namespace sg4 = simgrid::s4u;
  init_power_accounting();
  // The root only holds zones; clusters are not connected to each other yet (no inter-cluster traffic).
  sg4::NetZone* root = sg4::create_full_zone("terawatt");
  sg4::NetZone* control = sg4::create_empty_zone("control")->set_parent(root);
  platform.control_host = control->create_host("control", 1e9)->seal();
  control->seal();

  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    const Cluster& cluster = scenario.clusters[c];
    ClusterPlatform& built = platform.clusters.emplace_back();
    const AcceleratorPowerModel model = accelerator_power_model(cluster);
    // Work is measured in peak-seconds of the host (FLOPs / host peak), not in FLOPs: SimGrid finishes an
    // activity when its remaining amount falls below an absolute precision (1e-5 units), which a 1e20-FLOP
    // share cannot reach in double precision. The uncapped host therefore runs at speed 1.
    // Pstate 0 is the uncapped clock; pstate 1, when a cap is set, the speed the cap leaves compute-bound work;
    // then one per workload with a cap of its own (a training job's), which its servers take while it runs. Only
    // compute is clock-bound: checkpoint writes and communication last their own time whatever the pstate
    // (sim/engine/workloads/training_run.cpp).
    std::vector<double> pstate_speeds{1.0};
    if (cluster.power_cap_w) pstate_speeds.push_back(model.speed_factor(WorkKind::compute));
    built.host_peak_flop_per_s = host_peak_flop_per_s(cluster);
    built.host_speed_factor = pstate_speeds.back();
    built.cluster_pstate = static_cast<int>(pstate_speeds.size()) - 1;
    for (const auto& [name, speed] : needs.at(c).own_pstates) {
      built.job_pstates[name] = static_cast<int>(pstate_speeds.size());
      pstate_speeds.push_back(speed);
    }

    const double accelerators_per_host =
        static_cast<double>(cluster.accelerators_per_server * cluster.servers_per_host);
    const HostPowerCurve host_power = cluster.host_power.scaled(static_cast<double>(cluster.servers_per_host));
    const double fabric_bandwidth =
        cluster.network.bandwidth_bytes_per_s * static_cast<double>(cluster.servers_per_host);

    // The fabric's floor draws from the start whatever the servers do (models/power/fabric_power.hpp).
    const double fabric_floor_w = cluster.network.fabric.floor_w(static_cast<double>(cluster.servers));
    built.meter.it.add_power(0.0, fabric_floor_w);
    built.meter.network.add_power(0.0, fabric_floor_w);
    built.traffic = std::make_unique<FabricTraffic>(cluster.network.fabric, built.meter);

    built.zone = sg4::create_star_zone(cluster.name)->set_parent(root);
    built.hosts.reserve(static_cast<std::size_t>(cluster.hosts()));
    for (std::int64_t i = 0; i < cluster.hosts(); ++i) {
      const std::string name = cluster.name + "-" + std::to_string(i);
      sg4::Host* host = built.zone->create_host(name, pstate_speeds)->seal();
      host->set_pstate(built.cluster_pstate);
      const sg4::Link* link = built.zone->create_split_duplex_link(name + "-nic", fabric_bandwidth)
                                  ->set_latency(cluster.network.latency_s / 2.0)
                                  ->seal();
      // The UP direction only: a symmetrical star route takes the link's DOWN direction for the way back (SimGrid's
      // own examples), so that a host sends and receives at full bandwidth at once.
      built.zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {{link, sg4::LinkInRoute::Direction::UP}},
                            true);
      attach_host_power(*host, ServerPower(model, accelerators_per_host, host_power), built.meter, 0.0);
      built.hosts.push_back(host);
    }
    built.zone->seal();
    XBT_VERB("cluster %s: %zu hosts of %g accelerators, %zu pstates", cluster.name.c_str(), built.hosts.size(),
             accelerators_per_host, pstate_speeds.size());
  }
  root->seal();
  XBT_VERB("platform built: %zu clusters", platform.clusters.size());
}

}  // namespace terawatt
