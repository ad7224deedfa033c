#include "sim/engine/workloads/given_power_workload.hpp"

#include "models/base/nearest_name.hpp"
#include "models/power/given_power.hpp"
#include "sim/scenario/cluster_power.hpp"

#include <limits>

namespace terawatt {
namespace {

// Its time on its servers: its duration, or to the horizon from its start.
double held_time_s(const GivenPowerLoad& load, const Scenario& scenario) {
  if (load.duration_s) return *load.duration_s;
  return *scenario.info.duration_s - load.start_s;
}

HeldPowerRun make_run(const GivenPowerLoad& load, const Scenario& scenario) {
  const Cluster& cluster = scenario.clusters[load.cluster_index];
  const auto per_host = static_cast<double>(cluster.servers_per_host);
  const PowerSplit server = split_server_power(load.server_it_w, static_cast<double>(cluster.accelerators_per_server),
                                               accelerator_power_model(cluster), cluster.host_power);
  const HostDraw draw{server.accelerators_w * per_host, server.host_w * per_host};
  return HeldPowerRun(load.name, static_cast<std::size_t>(load.servers / cluster.servers_per_host), load.start_s, {0.0},
                      held_time_s(load, scenario), [draw](std::size_t, std::size_t) { return draw; });
}

}  // namespace

GivenPowerWorkload::GivenPowerWorkload(const GivenPowerLoad& load, const Scenario& scenario)
    : load_(load),
      accelerators_(static_cast<double>(load.servers * scenario.clusters[load.cluster_index].accelerators_per_server)),
      run_(make_run(load, scenario)) {}

void GivenPowerWorkload::launch(const LaunchContext& context) {
  run_.launch(context.platform.control_host, *context.pools[cluster_index()], context.cut_at_horizon);
}

double GivenPowerWorkload::accelerator_hours(double now_s) const {
  return accelerators_ * run_.held_s(now_s) / 3600.0;
}

void GivenPowerWorkload::complete_totals(double end_s, const Scenario& /*scenario*/, WorkloadTotals& totals) {
  totals.type = given_power_workload_type().type;
  totals.submitted_s = load_.start_s;
  totals.started_s = run_.started_s();
  totals.finished_s = run_.finished_s();
  totals.queue_wait_s = (run_.started() ? run_.started_s() : end_s) - load_.start_s;
  totals.progress = run_.held_s(end_s) / run_.run_s();
  totals.emissions_if_run_at_once_kg = std::numeric_limits<double>::quiet_NaN();
}

const WorkloadType& given_power_workload_type() {
  static const WorkloadType type{"given_power", nullptr,
                                 [](const Scenario& scenario) { return names_of(scenario.given_loads); },
                                 no_platform_needs,
                                 [](const Scenario& scenario, const Platform& /*platform*/) {
                                   return one_workload_each<GivenPowerWorkload>(scenario.given_loads, scenario);
                                 }};
  return type;
}

}  // namespace terawatt
