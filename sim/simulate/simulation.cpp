#include "sim/simulate/simulation.hpp"

#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/server_pool.hpp"
#include "sim/engine/workloads/inference_run.hpp"
#include "sim/engine/workloads/training_run.hpp"
#include "sim/scenario/cluster_power.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <xbt/config.hpp>

#include <chrono>
#include <limits>
#include <memory>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_simulate, terawatt, "one simulation: launch, run, end");

namespace terawatt {
namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
// What every workload reports alike: its share of the site's energy, emissions and water, and the embodied carbon of
// the accelerator-hours it held.
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
  totals.embodied_kg = accelerator_hours * 3600.0 * cluster.embodied_kg_per_accelerator_s();
  return totals;
}
}  // namespace

RunReport simulate(const Scenario& scenario, const SimulationOptions& options, const RowSink& sink) {
  namespace sg4 = simgrid::s4u;
  RunReport report;
  const auto wall_begin = std::chrono::steady_clock::now();

  std::vector<std::string> arguments{"terawatt"};
#ifdef TERAWATT_SANITIZE
  // AddressSanitizer cannot follow the stack switches of SimGrid's default raw contexts (Debian's SimGrid is not
  // built with its fiber annotations) and reports false stack errors: the sanitizer build runs actors as threads.
  // It must be given before the engine starts (the factory is made then); a --cfg of the user's, later, wins. The
  // configuration's notice of the change is kept off stderr, which the CLI tests read.
  arguments.insert(arguments.end(), {"--log=xbt_cfg.thres:warning", "--cfg=contexts/factory:thread"});
#endif
  arguments.insert(arguments.end(), options.engine_args.begin(), options.engine_args.end());
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(arguments.size());
  sg4::Engine engine(&argc, argv.data());
  // SimGrid's TCP window (network/TCP-gamma, 4 MiB by default) caps a flow at gamma / (2 x its route's latency): a
  // single TCP connection's window-limited rate. terawatt's transfers are not single connections: a training job's
  // all-reduce runs over RDMA, with no TCP window, and the one flow of a host that stands for servers_per_host
  // servers carries all of their flows, so a cap per flow would slow grouped hosts and leave the time dependent on
  // the grouping. Without a window limit a flow is bounded by its links' bandwidth alone, whatever the grouping.
  // A --cfg=network/TCP-gamma given on the command line is kept.
  if (simgrid::config::is_default("network/TCP-gamma")) sg4::Engine::set_config("network/TCP-gamma", 0.0);

  Platform platform;
  build_platform(scenario, platform);
  std::vector<std::unique_ptr<ServerPool>> pools;
  for (const auto& cluster : platform.clusters) pools.push_back(std::make_unique<ServerPool>(cluster.hosts));

  // With a horizon the sampler keeps the simulation alive until then and jobs are daemons cut at it; without
  // one the jobs keep it alive and the sampler is the daemon.
  const bool jobs_are_daemons = scenario.info.duration_s.has_value();
  std::vector<std::unique_ptr<TrainingRun>> runs;
  std::vector<SampledWorkload> sampled;
  for (const auto& job : scenario.training_jobs) {
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    const auto hosts_needed =
        static_cast<std::size_t>(job.accelerators / (cluster.accelerators_per_server * cluster.servers_per_host));
    const ClusterPlatform& built = platform.clusters[job.cluster_index];
    const AcceleratorPowerModel job_model = accelerator_power_model(cluster, job.power_cap_w);
    auto run = std::make_unique<TrainingRun>(
        job, built.host_peak_flop_per_s,
        job.power_cap_w ? job_model.speed_factor(WorkKind::compute) : built.host_speed_factor, hosts_needed,
        scenario.info.seed);
    if (job.power_cap_w) {
      run->set_own_power_cap(
          {built.job_pstates.at(job.name), built.cluster_pstate, job_model, accelerator_power_model(cluster)});
    }
    const Site& site = scenario.sites[cluster.site_index];
    run->launch(platform.control_host, *pools[job.cluster_index], jobs_are_daemons,
                &site.environment.carbon_intensity_kg_per_j, scenario.info.start_epoch_s);
    sampled.push_back({&run->meter(), cluster.site_index});
    runs.push_back(std::move(run));
  }
  // Services reserve their servers first: they run the whole horizon, and jobs queue for what is left.
  std::vector<std::unique_ptr<InferenceRun>> services;
  std::vector<InferenceRun*> sampled_services;
  for (const auto& service : scenario.services) {
    const ClusterPlatform& built = platform.clusters[service.cluster_index];
    auto run = std::make_unique<InferenceRun>(service, built.host_speed_factor, scenario.info.start_epoch_s,
                                              *scenario.info.duration_s, scenario.info.seed, &built.lanes);
    run->launch(platform.control_host, *pools[service.cluster_index]);
    sampled.push_back({&run->meter(), scenario.clusters[service.cluster_index].site_index});
    sampled_services.push_back(run.get());
    services.push_back(std::move(run));
  }
  Sampler sampler(scenario, platform, sampled, sampled_services, sink, options.show_progress);
  sampler.launch(platform.control_host);
  XBT_VERB("launched %zu training jobs, %zu services and the sampler (every %g s)", runs.size(), services.size(),
           scenario.info.sample_interval_s);
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
  report.end_s = end_s;
  report.samples = sampler.rows();

  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    const Cluster& cluster = scenario.clusters[c];
    const ClusterMeter& meter = platform.clusters[c].meter;
    const double accelerators = static_cast<double>(cluster.accelerators());
    report.clusters.push_back({cluster.name, cluster.site, meter.it.energy_j(end_s), meter.accelerators.energy_j(end_s),
                               accelerators, accelerators * end_s * cluster.embodied_kg_per_accelerator_s(),
                               meter.reserved_idle.energy_j(end_s), meter.unreserved.energy_j(end_s)});
  }
  for (std::size_t s = 0; s < scenario.sites.size(); ++s) {
    report.sites.push_back({scenario.sites[s].name, sampler.sites()[s]});
  }
  for (std::size_t w = 0; w < runs.size(); ++w) {
    const TrainingRun& run = *runs[w];
    const TrainingJob& job = run.job();
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    WorkloadTotals totals = workload_energy(job.name, cluster, sampler.workloads()[w], run.accelerator_hours(end_s));
    totals.reserved_idle_it_energy_j = run.meter().reserved_idle.energy_j(end_s);
    totals.submitted_s = job.start_s;
    totals.started_s = run.started_s();
    totals.finished_s = run.finished_s();
    totals.deferral_s = run.released_s() == run.released_s() ? run.released_s() - job.start_s : 0.0;
    totals.queue_wait_s = run.queue_wait_s(end_s);
    totals.progress = run.progress(end_s);
    totals.failures = static_cast<double>(run.failures());
    totals.lost_accelerator_hours = run.lost_accelerator_s() / 3600.0;
    totals.checkpoint_accelerator_hours = run.checkpoint_accelerator_s() / 3600.0;
    // The counterfactual of a deferrable job: the same facility energy over the same run length, from its
    // submission on. It ignores that PUE differs between the two windows (a second-order effect next to the grid).
    const TimeVarying& intensity = scenario.sites[cluster.site_index].environment.carbon_intensity_kg_per_j;
    const double run_s = run.started() ? (run.finished() ? run.finished_s() : end_s) - run.started_s() : 0.0;
    const double submit_epoch_s = scenario.info.start_epoch_s + job.start_s;
    totals.emissions_if_run_at_once_kg =
        run_s > 0.0 && intensity.covers(submit_epoch_s, submit_epoch_s + run_s)
            ? totals.facility_energy_j * intensity.mean(submit_epoch_s, submit_epoch_s + run_s)
            : std::numeric_limits<double>::quiet_NaN();
    report.workloads.push_back(totals);
  }
  for (std::size_t i = 0; i < services.size(); ++i) {
    InferenceRun& run = *services[i];
    const InferenceService& service = run.service();
    const Cluster& cluster = scenario.clusters[service.cluster_index];
    WorkloadTotals totals =
        workload_energy(service.name, cluster, sampler.workloads()[runs.size() + i], run.accelerator_hours(end_s));
    totals.reserved_idle_it_energy_j = run.meter().reserved_idle.energy_j(end_s);
    totals.submitted_s = service.start_s;
    totals.started_s = run.opened_s() >= 0.0 ? run.opened_s() : std::numeric_limits<double>::quiet_NaN();
    totals.queue_wait_s = run.opened_s() >= 0.0 ? run.opened_s() - service.start_s : end_s - service.start_s;
    totals.finished_s = std::numeric_limits<double>::quiet_NaN();
    totals.emissions_if_run_at_once_kg = std::numeric_limits<double>::quiet_NaN();
    const ServiceTotals served = run.totals(end_s);
    totals.progress = served.arrived > 0.0 ? served.served / served.arrived : std::numeric_limits<double>::quiet_NaN();
    report.services.push_back(
        {service.name, service.modality, service.fidelity, service.output, served, report.workloads.size()});
    report.workloads.push_back(totals);
  }
  return report;
}

}  // namespace terawatt
