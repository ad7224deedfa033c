#include "sim/engine/workloads/training_workload.hpp"

#include "models/base/nearest_name.hpp"
#include "sim/scenario/cluster_power.hpp"

#include <limits>

namespace terawatt {
namespace {

// The name of the pstate a flexible job takes while capped by its controller.
std::string flexible_cap_pstate_name(const TrainingJob& job) {
  return "flexible-cap/" + job.name;
}

// The job's run on `platform`: as many hosts as its accelerators fill, at the speed of its own cap if it has one.
TrainingRun make_run(const TrainingJob& job, const Scenario& scenario, const Platform& platform) {
  const Cluster& cluster = scenario.clusters[job.cluster_index];
  const auto hosts_needed =
      static_cast<std::size_t>(job.accelerators / (cluster.accelerators_per_server * cluster.servers_per_host));
  const ClusterPlatform& built = platform.clusters[job.cluster_index];
  const double speed_factor = job.power_cap_w
                                  ? accelerator_power_model(cluster, job.power_cap_w).speed_factor(WorkKind::compute)
                                  : built.host_speed_factor;
  TrainingRun run(job, built.host_peak_flop_per_s, speed_factor, hosts_needed, scenario.info.seed);
  run.set_fabric(*built.traffic);
  return run;
}

// A job with a power cap of its own has a pstate of its own on its cluster.
// A job that its controller may cap has one for that cap.
void add_platform_needs(const Scenario& scenario, std::vector<ClusterNeeds>& needs) {
  for (const TrainingJob& job : scenario.training_jobs) {
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    const auto add = [&](const std::string& name, double cap_w) {
      needs.at(job.cluster_index)
          .own_pstates.emplace_back(name, accelerator_power_model(cluster, cap_w).speed_factor(WorkKind::compute));
    };
    if (job.power_cap_w) add(job.name, *job.power_cap_w);
    if (job.flexibility && job.flexibility->mode == FlexMode::power_cap)
      add(flexible_cap_pstate_name(job), job.flexibility->power_cap_w);
  }
}

std::vector<std::unique_ptr<Workload>> create(const Scenario& scenario, const Platform& platform) {
  std::vector<std::unique_ptr<Workload>> workloads;
  for (const TrainingJob& job : scenario.training_jobs) {
    workloads.push_back(std::make_unique<TrainingWorkload>(job, scenario, platform));
  }
  return workloads;
}

}  // namespace

TrainingWorkload::TrainingWorkload(const TrainingJob& job, const Scenario& scenario, const Platform& platform)
    : run_(make_run(job, scenario, platform)) {
  if (!job.power_cap_w) return;
  const Cluster& cluster = scenario.clusters[job.cluster_index];
  const ClusterPlatform& built = platform.clusters[job.cluster_index];
  run_.set_own_power_cap({built.job_pstates.at(job.name), built.cluster_pstate,
                          accelerator_power_model(cluster, job.power_cap_w), accelerator_power_model(cluster)});
}

FlexibleCompute::PowerState TrainingWorkload::running_power(const Scenario& scenario, const Platform& platform) const {
  const TrainingJob& job = run_.job();
  const Cluster& cluster = scenario.clusters[job.cluster_index];
  const ClusterPlatform& built = platform.clusters[job.cluster_index];
  if (job.power_cap_w) return {built.job_pstates.at(job.name), accelerator_power_model(cluster, job.power_cap_w)};
  return {built.cluster_pstate, accelerator_power_model(cluster)};
}

void TrainingWorkload::launch(const LaunchContext& context) {
  const Scenario& scenario = context.scenario;
  const std::size_t site_index = scenario.clusters[cluster_index()].site_index;
  const Site& site = scenario.sites[site_index];
  const TrainingJob& job = run_.job();
  if (job.flexibility) {
    std::optional<FlexibleCompute::PowerState> capped;
    if (job.flexibility->mode == FlexMode::power_cap) {
      const Cluster& cluster = scenario.clusters[job.cluster_index];
      capped = FlexibleCompute::PowerState{
          context.platform.clusters[job.cluster_index].job_pstates.at(flexible_cap_pstate_name(job)),
          accelerator_power_model(cluster, job.flexibility->power_cap_w)};
    }
    flexible_ = std::make_unique<FlexibleCompute>(*job.flexibility, job.accelerators, run_.meter(), context.controller,
                                                  running_power(scenario, context.platform), capped);
    context.controller.enrol(site_index, *flexible_, job.flexibility->priority);
    run_.set_flexible(*flexible_);
  }
  run_.launch(context.platform.control_host, *context.pools[cluster_index()], context.cut_at_horizon,
              &site.environment.carbon_intensity_kg_per_j, scenario.info.start_epoch_s);
}

void TrainingWorkload::complete_totals(double end_s, const Scenario& scenario, WorkloadTotals& totals) {
  totals.type = training_workload_type().type;
  const TrainingJob& job = run_.job();
  totals.submitted_s = job.start_s;
  totals.started_s = run_.started_s();
  totals.finished_s = run_.finished_s();
  totals.deferral_s = run_.released_s() == run_.released_s() ? run_.released_s() - job.start_s : 0.0;
  totals.queue_wait_s = run_.queue_wait_s(end_s);
  totals.progress = run_.progress(end_s);
  totals.failures = static_cast<double>(run_.failures());
  totals.lost_accelerator_hours = run_.lost_accelerator_s() / 3600.0;
  totals.checkpoint_accelerator_hours = run_.checkpoint_accelerator_s() / 3600.0;
  if (flexible_) {
    totals.flexible = true;
    totals.curtailments = static_cast<double>(flexible_->curtailments());
    totals.curtailment_delay_s = flexible_->delay_s(end_s);
    totals.paused_s = flexible_->paused_s();
    totals.capped_s = flexible_->capped_s(end_s);
    totals.curtailment_overhead_s = flexible_->overhead_s();
    for (const FlexibleCompute::Span& span : flexible_->spans())
      totals.curtailed_spans.push_back(
          {span.start_s, span.end_s == span.end_s ? span.end_s : end_s, static_cast<double>(job.accelerators)});
  }
  // The counterfactual of a deferrable job: the same facility energy over the same run length, from its
  // submission on. It ignores that PUE differs between the two windows (a second-order effect next to the grid).
  const Cluster& cluster = scenario.clusters[job.cluster_index];
  const TimeVarying& intensity = scenario.sites[cluster.site_index].environment.carbon_intensity_kg_per_j;
  const double run_s = run_.started() ? (run_.finished() ? run_.finished_s() : end_s) - run_.started_s() : 0.0;
  const double submit_epoch_s = scenario.info.start_epoch_s + job.start_s;
  totals.emissions_if_run_at_once_kg =
      run_s > 0.0 && intensity.covers(submit_epoch_s, submit_epoch_s + run_s)
          ? totals.facility_energy_j * intensity.mean(submit_epoch_s, submit_epoch_s + run_s)
          : std::numeric_limits<double>::quiet_NaN();
}

const WorkloadType& training_workload_type() {
  static const WorkloadType type{"training", nullptr,
                                 [](const Scenario& scenario) { return names_of(scenario.training_jobs); },
                                 add_platform_needs, create};
  return type;
}

}  // namespace terawatt
