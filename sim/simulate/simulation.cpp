#include "sim/simulate/simulation.hpp"

#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/server_pool.hpp"
#include "sim/engine/workloads/workload_registry.hpp"
#include "sim/simulate/site_supply.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <xbt/config.hpp>

#include <chrono>
#include <memory>
#include <optional>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_simulate, terawatt, "one simulation: launch, run, end");

namespace terawatt {
namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
// What every workload reports alike: its share of the site's energy, emissions and water, and the embodied carbon of
// the accelerator-hours it held (over the hours the hardware is in use, EmbodiedCarbon).
WorkloadTotals workload_energy(const std::string& name, const Cluster& cluster, const WorkloadAccumulator& sums,
                               double accelerator_hours) {
  WorkloadTotals totals;
  totals.name = name;
  totals.cluster = cluster.name;
  totals.it_energy_j = sums.it_j;
  totals.facility_energy_j = sums.facility_j;
  totals.emissions_kg = sums.emissions_kg;
  totals.water_m3 = sums.water_m3;
  totals.accelerator_hours = accelerator_hours;
  totals.embodied_kg = accelerator_hours * 3600.0 * cluster.embodied_kg_per_used_accelerator_s();
  return totals;
}
// The engine's command line: SimGrid's own options, after those a sanitizer build needs.
std::vector<std::string> engine_arguments(const SimulationOptions& options) {
  std::vector<std::string> arguments{"terawatt"};
  // First, so that it holds while SimGrid reads the rest: the notices of a --cfg change are INFO messages.
  if (options.quiet) arguments.emplace_back("--log=root.thres:warning");
#ifdef TERAWATT_SANITIZE
  // AddressSanitizer cannot follow the stack switches of SimGrid's default raw contexts (Debian's SimGrid is not
  // built with its fiber annotations) and reports false stack errors: the sanitizer build runs actors as threads.
  // It must be given before the engine starts (the factory is made then); a --cfg of the user's, later, wins. The
  // configuration's notice of the change is kept off stderr, which the CLI tests read.
  arguments.insert(arguments.end(), {"--log=xbt_cfg.thres:warning", "--cfg=contexts/factory:thread"});
#endif
  arguments.insert(arguments.end(), options.engine_args.begin(), options.engine_args.end());
  return arguments;
}

// The exact totals of each cluster (from its meters) and site (from the sampler's sums) at the end of the run.
// Readers of the platform's meters bring the workloads' own event loops up to their time first.
void defer_to(const std::vector<std::unique_ptr<Workload>>& workloads, Platform& platform) {
  platform.catch_up_deferred = [&workloads](double now_s) {
    for (const auto& workload : workloads) workload->catch_up(now_s);
  };
}

void add_place_totals(const Scenario& scenario, const Platform& platform, const Sampler& sampler, double end_s,
                      RunReport& report) {
  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    const Cluster& cluster = scenario.clusters[c];
    const ClusterMeter& meter = platform.clusters[c].meter;
    const double accelerators = static_cast<double>(cluster.accelerators());
    report.clusters.push_back({cluster.name, cluster.site, meter.it.energy_j(end_s), meter.accelerators.energy_j(end_s),
                               accelerators, accelerators * end_s * cluster.embodied_kg_per_accelerator_s(),
                               meter.reserved_idle.energy_j(end_s), meter.unreserved.energy_j(end_s),
                               meter.network.energy_j(end_s)});
  }
  for (std::size_t s = 0; s < scenario.sites.size(); ++s) {
    report.sites.push_back({scenario.sites[s].name, sampler.sites()[s]});
  }
}

// SimGrid's TCP window (network/TCP-gamma, 4 MiB by default) caps a flow at gamma / (2 x its route's latency): a
// single TCP connection's window-limited rate. terawatt's transfers are not single connections: a training job's
// all-reduce runs over RDMA, with no TCP window, and the one flow of a host that stands for servers_per_host
// servers carries all of their flows, so a cap per flow would slow grouped hosts and leave the time dependent on
// the grouping. Without a window limit a flow is bounded by its links' bandwidth alone, whatever the grouping.
// A --cfg=network/TCP-gamma given on the command line is kept.
void unlimit_tcp_window() {
  if (simgrid::config::is_default("network/TCP-gamma")) simgrid::s4u::Engine::set_config("network/TCP-gamma", 0.0);
}

}  // namespace

RunReport simulate(const Scenario& scenario, const SimulationOptions& options, const RowSink& sink) {
  namespace sg4 = simgrid::s4u;
  RunReport report;
  const auto wall_begin = std::chrono::steady_clock::now();

  std::vector<std::string> arguments = engine_arguments(options);
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(arguments.size());
  sg4::Engine engine(&argc, argv.data());
  unlimit_tcp_window();

  Platform platform;
  build_platform(scenario, workload_platform_needs(scenario), platform);
  std::vector<std::unique_ptr<ServerPool>> pools;
  for (const auto& cluster : platform.clusters) pools.push_back(std::make_unique<ServerPool>(cluster.hosts));

  const std::vector<std::unique_ptr<Workload>> workloads = create_workloads(scenario, platform);
  defer_to(workloads, platform);
  std::vector<std::optional<SiteSupplyOperator>> supply = make_supply_operators(scenario);
  Sampler* sampler_of_controller = nullptr;  // the sampler, once made: the controller settles intervals through it
  SiteController controller(scenario, platform, supply, [&sampler_of_controller](double now_s) {
    if (sampler_of_controller) sampler_of_controller->sample(now_s);
  });
  const LaunchContext launch{scenario, platform, pools, scenario.info.duration_s.has_value(), controller};
  // The pools' arrivals actors come first, so that at any time training jobs queue before the services that start
  // then (workload types launch in that order, training first).
  for (auto& pool : pools) pool->launch(platform.control_host, launch.cut_at_horizon);
  std::vector<Workload*> sampled;
  for (const auto& workload : workloads) {
    workload->launch(launch);
    sampled.push_back(workload.get());
  }
  Sampler sampler(scenario, platform, sampled, sink, options.progress);
  sampler.attach_supply(supply);
  sampler_of_controller = &sampler;
  sampler.launch(platform.control_host);
  XBT_VERB("launched %zu workloads and the sampler (every %g s)", workloads.size(), scenario.info.sample_interval_s);
  report.wall_build_s = seconds_since(wall_begin);

  const auto simulate_begin = std::chrono::steady_clock::now();
  clear_actor_failure();
  // With a horizon, simulated time stops there: work still in flight at it, a training job's transfers included
  // (host-to-host transfers belong to no actor and would otherwise run on after the horizon), is cut at it.
  if (scenario.info.duration_s) {
    engine.run_until(*scenario.info.duration_s);
  } else {
    engine.run();
  }
  rethrow_actor_failure();
  const double end_s = sg4::Engine::get_clock();
  XBT_VERB("simulation ends at %.3f s", end_s);
  sampler.sample(end_s);  // the tail after the last full interval (docs/design.md section 9)
  sampler.finish_progress();
  report.wall_simulate_s = seconds_since(simulate_begin);
  report.wall_sampling_s = sampler.sampling_wall_s();
  report.wall_environment_s = sampler.environment_wall_s();
  report.wall_supply_s = sampler.supply_wall_s();
  report.end_s = end_s;
  report.samples = sampler.rows();

  add_place_totals(scenario, platform, sampler, end_s, report);
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    Workload& workload = *workloads[w];
    const Cluster& cluster = scenario.clusters[workload.cluster_index()];
    WorkloadTotals totals =
        workload_energy(workload.name(), cluster, sampler.workloads()[w], workload.accelerator_hours(end_s));
    totals.reserved_idle_it_energy_j = workload.meter().reserved_idle.energy_j(end_s);
    workload.complete_totals(end_s, scenario, totals);
    if (std::optional<ServiceReport> service = workload.service_report(end_s)) {
      service->workload = report.workloads.size();
      report.services.push_back(*service);
    }
    report.workloads.push_back(totals);
  }
  add_supply_report(scenario, sampler, supply, controller, report);
  return report;
}

}  // namespace terawatt
