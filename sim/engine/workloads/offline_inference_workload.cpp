#include "sim/engine/workloads/offline_inference_workload.hpp"

#include "models/base/nearest_name.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

namespace terawatt {
namespace {

// The instants after the start at which a replica's power changes: its phases' ends before the job's.
void add_phase_ends(const OfflineReplicaRun& run, double completion_s, std::vector<double>& starts) {
  double end_s = 0.0;
  for (const ReplicaPhase& phase : run.phases) {
    end_s += phase.duration_s;
    if (end_s < completion_s) starts.push_back(end_s);
  }
}

// Each host's accelerator power in each step: the power of the replicas it holds (the first `replicas_with_more`
// replicas run one request more), its accelerators no replica uses at the replica's idle power. The host follows its
// curve at that load, as a service's hosts do.
class OfflineDraw {
 public:
  OfflineDraw(const OfflineInferenceJob& job, const Cluster& cluster, const OfflineBatchPlan& plan,
              const std::vector<double>& starts)
      : job_(job),
        host_accelerators_(static_cast<double>(cluster.accelerators_per_server * cluster.servers_per_host)),
        with_more_(plan.replicas_with_more),
        idle_w_(plan.idle_accelerator_power_w) {
    for (const double t : starts) {
      more_w_.push_back(accelerator_power_at(plan.more, t, idle_w_));
      fewer_w_.push_back(accelerator_power_at(plan.fewer, t, idle_w_));
    }
  }
  HostDraw operator()(std::size_t step, std::size_t host) const {
    const auto h = static_cast<std::int64_t>(host);
    const auto power_of = [&](std::int64_t replica) { return replica < with_more_ ? more_w_[step] : fewer_w_[step]; };
    if (job_.hosts_per_replica > 1) return {host_accelerators_ * power_of(h / job_.hosts_per_replica), std::nullopt};
    const std::int64_t first = h * job_.replicas_per_host;
    const std::int64_t last = std::min(first + job_.replicas_per_host, job_.replicas);
    const auto k = static_cast<double>(job_.replica.accelerators);
    double accelerators_w = 0.0;
    for (std::int64_t r = first; r < last; ++r) accelerators_w += k * power_of(r);
    accelerators_w += (host_accelerators_ - k * static_cast<double>(last - first)) * idle_w_;
    return {accelerators_w, std::nullopt};
  }

 private:
  const OfflineInferenceJob& job_;
  double host_accelerators_;
  std::int64_t with_more_;
  double idle_w_;
  std::vector<double> more_w_;
  std::vector<double> fewer_w_;
};

HeldPowerRun make_run(const OfflineInferenceJob& job, const Scenario& scenario, const OfflineBatchPlan& plan) {
  std::vector<double> starts{0.0};
  add_phase_ends(plan.more, plan.completion_s, starts);
  add_phase_ends(plan.fewer, plan.completion_s, starts);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  const OfflineDraw draw(job, scenario.clusters[job.cluster_index], plan, starts);
  return HeldPowerRun(job.name, static_cast<std::size_t>(job.hosts), job.start_s, starts, plan.completion_s, draw);
}

}  // namespace

OfflineInferenceWorkload::OfflineInferenceWorkload(const OfflineInferenceJob& job, const Scenario& scenario)
    : job_(job),
      plan_(offline_batch_plan(job.replica, job.requests, job.replicas)),
      accelerators_(static_cast<double>(job.hosts * scenario.clusters[job.cluster_index].accelerators_per_server *
                                        scenario.clusters[job.cluster_index].servers_per_host)),
      run_(make_run(job, scenario, plan_)) {}

void OfflineInferenceWorkload::launch(const LaunchContext& context) {
  run_.launch(context.platform.control_host, *context.pools[cluster_index()], context.cut_at_horizon);
}

double OfflineInferenceWorkload::accelerator_hours(double now_s) const {
  return accelerators_ * run_.held_s(now_s) / 3600.0;
}

void OfflineInferenceWorkload::complete_totals(double end_s, const Scenario& /*scenario*/, WorkloadTotals& totals) {
  totals.type = offline_inference_workload_type().type;
  totals.submitted_s = job_.start_s;
  totals.started_s = run_.started_s();
  totals.finished_s = run_.finished_s();
  totals.queue_wait_s = (run_.started() ? run_.started_s() : end_s) - job_.start_s;
  const ServiceTotals served = service_report(end_s)->totals;
  totals.progress = served.served / job_.requests;
  totals.emissions_if_run_at_once_kg = std::numeric_limits<double>::quiet_NaN();
}

std::optional<ServiceReport> OfflineInferenceWorkload::service_report(double end_s) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const double elapsed_s = run_.held_s(end_s);
  const auto with_more = static_cast<double>(plan_.replicas_with_more);
  const double others = static_cast<double>(plan_.replicas) - with_more;
  ServiceTotals totals;
  totals.arrived = end_s >= job_.start_s ? job_.requests : 0.0;
  totals.served = with_more * completed_by(plan_.more, elapsed_s) + others * completed_by(plan_.fewer, elapsed_s);
  totals.queue_length = totals.arrived - totals.served;
  const bool done = totals.served == job_.requests;
  totals.latency_mean_s = done ? plan_.mean_latency_s : nan;
  totals.latency_p50_s = nan;
  totals.latency_p99_s = nan;
  totals.replica_hours = static_cast<double>(plan_.replicas) * elapsed_s / 3600.0;
  const double busy_s =
      with_more * std::min(plan_.more.busy_s, elapsed_s) + others * std::min(plan_.fewer.busy_s, elapsed_s);
  totals.busy_fraction = elapsed_s > 0.0 ? busy_s / (static_cast<double>(plan_.replicas) * elapsed_s) : nan;
  return ServiceReport{job_.name, job_.modality, Fidelity::offline, job_.output, totals, 0};
}

const WorkloadType& offline_inference_workload_type() {
  static const WorkloadType type{"offline_inference", nullptr,
                                 [](const Scenario& scenario) { return names_of(scenario.offline_jobs); },
                                 no_platform_needs,
                                 [](const Scenario& scenario, const Platform& /*platform*/) {
                                   return one_workload_each<OfflineInferenceWorkload>(scenario.offline_jobs, scenario);
                                 }};
  return type;
}

}  // namespace terawatt
