#include "models/workload/offline_batch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

bool whole_count(double value) {
  return std::isfinite(value) && value >= 0.0 && value < most_offline_requests && value == std::floor(value);
}

}  // namespace

OfflineReplicaRun offline_replica_run(const ReplicaService& replica, double requests) {
  if (!whole_count(requests)) throw std::invalid_argument("a replica's requests must be a whole number >= 0");
  OfflineReplicaRun run;
  run.requests = requests;
  if (requests == 0.0) return run;
  if (replica.serial) {
    // One after another, each in L(1): the k-th ends at k L(1).
    const double single_s = replica.latency_at(1.0);
    run.wave_requests = 1.0;
    run.wave_s = single_s;
    run.full_waves = requests;
    run.phases.push_back({requests * single_s, replica.accelerator_power_at(1.0)});
    run.busy_s = requests * single_s;
    run.latency_sum_s = single_s * requests * (requests + 1.0) / 2.0;
    return run;
  }
  const double batch = replica.slots;
  const double waves = std::floor(requests / batch);
  const double remainder = requests - waves * batch;
  const double full_s = replica.latency_at(batch);
  run.wave_requests = batch;
  run.wave_s = full_s;
  run.full_waves = waves;
  if (waves > 0.0) {
    run.phases.push_back({waves * full_s, replica.accelerator_power_at(batch)});
    // The k-th wave's B requests end at k L(B).
    run.latency_sum_s += batch * full_s * waves * (waves + 1.0) / 2.0;
  }
  if (remainder > 0.0) {
    const double last_s = replica.latency_at(remainder);
    run.phases.push_back({last_s, replica.accelerator_power_at(remainder)});
    run.latency_sum_s += remainder * (waves * full_s + last_s);
  }
  for (const ReplicaPhase& phase : run.phases) run.busy_s += phase.duration_s;
  return run;
}

double completed_by(const OfflineReplicaRun& run, double elapsed_s) {
  if (elapsed_s >= run.busy_s) return run.requests;
  if (!(run.wave_s > 0.0)) return 0.0;
  return std::min(run.full_waves, std::floor(elapsed_s / run.wave_s)) * run.wave_requests;
}

double accelerator_power_at(const OfflineReplicaRun& run, double elapsed_s, double idle_w) {
  double phase_end_s = 0.0;
  for (const ReplicaPhase& phase : run.phases) {
    phase_end_s += phase.duration_s;
    if (elapsed_s < phase_end_s) return phase.accelerator_power_w;
  }
  return idle_w;
}

OfflineBatchPlan offline_batch_plan(const ReplicaService& replica, double requests, std::int64_t replicas) {
  if (!whole_count(requests) || requests < 1.0) {
    throw std::invalid_argument("an offline batch needs a whole number of requests >= 1");
  }
  if (replicas < 1) throw std::invalid_argument("an offline batch needs at least one replica");
  OfflineBatchPlan plan;
  plan.requests = requests;
  plan.replicas = replicas;
  const auto r = static_cast<double>(replicas);
  const double fewer = std::floor(requests / r);
  plan.replicas_with_more = static_cast<std::int64_t>(requests - fewer * r);
  plan.more = offline_replica_run(replica, fewer + 1.0);
  plan.fewer = offline_replica_run(replica, fewer);
  plan.completion_s = plan.replicas_with_more > 0 ? plan.more.busy_s : plan.fewer.busy_s;
  const auto with_more = static_cast<double>(plan.replicas_with_more);
  plan.mean_latency_s = (with_more * plan.more.latency_sum_s + (r - with_more) * plan.fewer.latency_sum_s) / requests;
  plan.idle_accelerator_power_w = replica.accelerator_power_at(0.0);
  return plan;
}

double OfflineBatchPlan::accelerator_energy_j(bool with_more) const {
  const OfflineReplicaRun& run = with_more ? more : fewer;
  double energy_j = 0.0;
  for (const ReplicaPhase& phase : run.phases) energy_j += phase.duration_s * phase.accelerator_power_w;
  return energy_j + (completion_s - run.busy_s) * idle_accelerator_power_w;
}

}  // namespace terawatt
