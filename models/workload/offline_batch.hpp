#pragma once
// An offline batch inference job: a fixed number of requests, all available at its start (a dataset of prompts), run
// by a fixed set of replicas as fast as they allow, the job ending when the last request is done. Pure model: no
// engine, no I/O.
//
// The requests are dealt evenly: of R replicas, the first N mod R take floor(N / R) + 1, the others floor(N / R).
// A replica with m requests runs them in waves of its full batch B: floor(m / B) waves of B, then one wave of the
// remainder t = m mod B. A wave of n takes the replica table's L(n) (models/workload/replica_service.hpp) at its
// power P(n): for text, L(n) = n x prefill + decode(n), the n prefills and the n sequences' decode at batch n, which
// is what one wave admitted at once costs; continuous batching would refill the slots of shorter requests earlier,
// which one mean request size does not need. A diffusion replica (`serial`) runs its requests one after another,
// each in L(1). Requests of a wave end together (text) or one by one (diffusion); a replica done before the others
// idles at P(0) until the job ends, since the job holds its servers until then.

#include "models/workload/replica_service.hpp"

#include <cstdint>
#include <vector>

namespace terawatt {

// A stretch of a replica's run at constant power.
struct ReplicaPhase {
  double duration_s = 0.0;
  double accelerator_power_w = 0.0;  // of one accelerator of the replica
};

// One replica's run of `requests` requests.
struct OfflineReplicaRun {
  double requests = 0.0;
  double wave_requests = 0.0;  // requests a full wave ends: the batch B, or 1 for a serial replica
  double wave_s = 0.0;         // the time of a full wave
  double full_waves = 0.0;
  std::vector<ReplicaPhase> phases;  // at most two: the full waves, then the remainder's
  double busy_s = 0.0;               // the phases' total
  double latency_sum_s = 0.0;        // sum over its requests of the time from the start to their end
};

struct OfflineBatchPlan {
  double requests = 0.0;
  std::int64_t replicas = 0;
  std::int64_t replicas_with_more = 0;    // the first ones, each with one request more than the others
  OfflineReplicaRun more;                 // the run of a replica with floor(N / R) + 1 requests
  OfflineReplicaRun fewer;                // the run of one with floor(N / R)
  double completion_s = 0.0;              // when the last request ends, after the start
  double mean_latency_s = 0.0;            // mean over requests of the time from the start to their end
  double idle_accelerator_power_w = 0.0;  // P(0): a replica done before the others waits at it
  // Energy of one accelerator of a replica of each kind, over the whole job (its idle wait at P(0) included).
  double accelerator_energy_j(bool with_more) const;
};

// Requests a plan counts: every whole number below 2^53 is exact in a double.
inline constexpr double most_offline_requests = 9007199254740992.0;

// Throws std::invalid_argument unless `requests` is a whole number >= 1 (below most_offline_requests) and replicas
// >= 1.
OfflineReplicaRun offline_replica_run(const ReplicaService& replica, double requests);
// Requests of `run` done `elapsed_s` after its start: whole waves, and the remainder's once the run is over.
double completed_by(const OfflineReplicaRun& run, double elapsed_s);
// Power of one accelerator of the replica `elapsed_s` after its start: its phase's, or `idle_w` once it is done.
double accelerator_power_at(const OfflineReplicaRun& run, double elapsed_s, double idle_w);
OfflineBatchPlan offline_batch_plan(const ReplicaService& replica, double requests, std::int64_t replicas);

}  // namespace terawatt
