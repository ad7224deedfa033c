#include "sim/simulation.hpp"

#include "sim/actor_guard.hpp"
#include "sim/platform.hpp"
#include "sim/server_pool.hpp"
#include "sim/training_run.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <chrono>
#include <memory>

namespace terawatt {
namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

RunReport simulate(const Scenario& scenario, const SimulationOptions& options, const RowSink& sink) {
  namespace sg4 = simgrid::s4u;
  RunReport report;
  const auto wall_begin = std::chrono::steady_clock::now();

  std::vector<std::string> arguments{"terawatt"};
  arguments.insert(arguments.end(), options.engine_args.begin(), options.engine_args.end());
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(arguments.size());
  sg4::Engine engine(&argc, argv.data());

  Platform platform;
  build_platform(scenario, platform);
  std::vector<std::unique_ptr<ServerPool>> pools;
  for (const auto& cluster : platform.clusters) pools.push_back(std::make_unique<ServerPool>(cluster.hosts));

  // With a horizon the sampler keeps the simulation alive until then and jobs are daemons cut at it; without
  // one the jobs keep it alive and the sampler is the daemon.
  const bool jobs_are_daemons = scenario.info.duration_s.has_value();
  std::vector<std::unique_ptr<TrainingRun>> runs;
  for (const auto& job : scenario.training_jobs) {
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    const auto hosts_needed =
        static_cast<std::size_t>(job.accelerators / (cluster.accelerators_per_server * cluster.servers_per_host));
    const ClusterPlatform& built = platform.clusters[job.cluster_index];
    auto run = std::make_unique<TrainingRun>(job, built.host_peak_flop_per_s, built.host_speed_factor, hosts_needed);
    run->launch(platform.control_host, *pools[job.cluster_index], jobs_are_daemons);
    runs.push_back(std::move(run));
  }
  Sampler sampler(scenario, platform, sink, options.show_progress);
  sampler.launch(platform.control_host);
  report.wall_build_s = seconds_since(wall_begin);

  const auto simulate_begin = std::chrono::steady_clock::now();
  clear_actor_failure();
  engine.run();
  rethrow_actor_failure();
  const double end_s = sg4::Engine::get_clock();
  sampler.sample(end_s);  // the tail after the last full interval (DESIGN.md section 9)
  sampler.finish_progress();
  report.wall_simulate_s = seconds_since(simulate_begin);
  report.wall_sampling_s = sampler.sampling_wall_s();
  report.end_s = end_s;
  report.samples = sampler.rows();

  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    const Cluster& cluster = scenario.clusters[c];
    const ClusterMeter& meter = platform.clusters[c].meter;
    report.clusters.push_back({cluster.name, cluster.site, meter.it.energy_j(end_s), meter.accelerators.energy_j(end_s),
                               static_cast<double>(cluster.accelerators())});
  }
  for (const auto& site : scenario.sites) report.sites.push_back({site.name, 0.0, 0.0, 0.0});
  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    SiteTotals& site_totals = report.sites[scenario.clusters[c].site_index];
    site_totals.it_energy_j += report.clusters[c].it_energy_j;
  }
  for (std::size_t s = 0; s < scenario.sites.size(); ++s) {
    SiteTotals& totals = report.sites[s];
    totals.facility_energy_j = totals.it_energy_j * scenario.sites[s].pue;
    totals.emissions_kg = totals.facility_energy_j * scenario.sites[s].carbon_intensity_kg_per_j;
  }
  for (const auto& run : runs) {
    const TrainingJob& job = run->job();
    const Site& site = scenario.sites[scenario.clusters[job.cluster_index].site_index];
    WorkloadTotals totals;
    totals.name = job.name;
    totals.cluster = job.cluster;
    totals.it_energy_j = run->energy_j(end_s);
    totals.facility_energy_j = totals.it_energy_j * site.pue;
    totals.emissions_kg = totals.facility_energy_j * site.carbon_intensity_kg_per_j;
    totals.accelerator_hours = run->accelerator_hours(end_s);
    totals.submitted_s = job.start_s;
    totals.started_s = run->started_s();
    totals.finished_s = run->finished_s();
    totals.queue_wait_s = run->queue_wait_s(end_s);
    totals.progress = run->progress(end_s);
    report.workloads.push_back(totals);
  }
  return report;
}

}  // namespace terawatt
