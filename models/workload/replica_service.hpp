#pragma once
// How one inference replica (k accelerators holding one copy of a model) serves requests, as a function of how many
// it holds at once, n: the latency of each, and the power of its accelerators. Every fidelity of the simulator
// (request, batch, fluid) reads the same table, so they agree on capacity and energy. Pure model: no engine, no I/O.
//
// Text (an LLM with continuous batching): a request admitted beside n - 1 others decodes at batch n, and during its
// life about n - 1 other requests are admitted, each of whose prefill stalls the batch (prefill is compute-bound and
// runs alone). So its latency is L(n) = n x prefill + decode(n), which gives the replica's throughput
// n / L(n) = 1 / (prefill + decode(n) / n): the prefill exclusive, the decode shared, as
// models/workload/llm_inference_cost.hpp charges them. Decode(n) uses the batch's step times at the request's own
// contexts P .. P + O - 1 (the steady-state assumption of llm_request_cost). Power with n in flight: the prefill share
// of time, n x prefill / L(n), at the prefill's power, the rest at the power of a decode step of batch n at the mean
// context P + O / 2. Every phase time and power is the one under the accelerator's power cap (llm_phase_run).
//
// Diffusion (image, video): compute-bound; n requests held at once are served one after another (`serial`), the n-th
// ending n times the single-request time D after the replica frees, and throughput stays 1 / D: batching
// compute-bound work amortises nothing here (weights are read once per step either way, and the FLOPs per request do
// not shrink). Power: the accelerator's compute power whenever n >= 1.
//
// n = 0 is an idle replica: accelerators at idle power.
//
// Measured phase powers (MeasuredPhasePowers, scenario key `measured_power`) replace the model's where a study gives
// them, as a cluster's measured compute power does for training (AcceleratorPowerParams::measured_compute_w).
#include "models/power/accelerator_power.hpp"
#include "models/workload/llm_inference_cost.hpp"

#include <optional>
#include <vector>

namespace terawatt {

struct ReplicaService {
  int accelerators = 1;                     // k
  int slots = 1;                            // most requests held at once (the maximum batch)
  std::vector<double> latency_s;            // [n], n = 1 .. slots (index 0 unused: equal to latency_s[1])
  std::vector<double> accelerator_power_w;  // [n], n = 0 .. slots: power of ONE accelerator of the replica
  // Requests held at once run one after another, each in the single-request time L(1), rather than together
  // (compute-bound diffusion: batching amortises nothing, so the n-th held request ends n x L(1) after the replica
  // frees, which is the table's L(n)). Request fidelity plans such a replica first come, first served, so that it
  // is never idle while it holds work, as the occupancy chain of replica_load assumes.
  bool serial = false;
  // Requests per second the replica completes while it holds n: n / L(n), interpolated for real n in [1, slots].
  double throughput_per_s(double n) const;
  double latency_at(double n) const;            // L(n), linear between whole n; L(1) below 1
  double accelerator_power_at(double n) const;  // linear between whole n, idle at 0
  // Highest throughput: at a full batch (throughput rises with n for both kinds of work).
  double capacity_per_s() const { return throughput_per_s(slots); }
};

// Measured powers of ONE accelerator of a replica, each optional; none given leaves every number of the model as it
// is. Each is uncapped (taken at full clock): a power cap below one clips it and slows its phase as it does any
// phase (AcceleratorPowerModel::capped).
//  - prefill_w: compute-bound work, in (idle, TDP]. Text: the power curve's compute end, u = 1 (LlmPowerParams::
//    compute_power_w), so prefill draws it; diffusion: the power while denoising.
//  - decode_w: text only, the mean power while decoding a batch of `decode_batch` (none: the maximum batch) at the
//    request's mean context P + O / 2, the context the table's decode power is taken at. The curve's floor is solved
//    so that such a step draws it (llm_power_for_phase_power), the compute end being prefill_w when given.
//  - idle_w: a replica holding no request, model loaded, in [0, TDP]: the table's [0], clipped to the power limit.
struct MeasuredPhasePowers {
  std::optional<double> prefill_w;
  std::optional<double> decode_w;
  std::optional<int> decode_batch;
  std::optional<double> idle_w;
};

// The text power curve the measured prefill and decode imply: `power` with compute_power_w = prefill_w and, with a
// decode power, the floor solved at the decode step of batch `decode_batch` at the mean context. Without either,
// `power` unchanged. Throws std::invalid_argument for a decode batch outside [1, max_batch], a prefill outside
// (idle, TDP], or a decode power no floor gives (the message gives the possible range).
LlmPowerParams measured_llm_power(const LlmArchitecture& model, const ReplicaHardware& replica,
                                  const InferenceEfficiency& efficiency, const LlmRequest& request, int max_batch,
                                  const AcceleratorPowerModel& accelerator, const MeasuredPhasePowers& measured,
                                  LlmPowerParams power = {});

// Throws std::invalid_argument for a batch below 1, and (with the MemoryFit reason) when the weights and the KV cache
// of `max_batch` sequences at the final context do not fit the replica's memory; and as measured_llm_power does, or
// for an idle power outside [0, TDP].
ReplicaService text_replica_service(const LlmArchitecture& model, const ReplicaHardware& replica,
                                    const InferenceEfficiency& efficiency, const LlmRequest& request, int max_batch,
                                    const AcceleratorPowerModel& accelerator, const LlmPowerParams& power = {},
                                    const MeasuredPhasePowers& measured = {});

// A compute-bound diffusion request of `flop` FLOPs on a replica: D = flop / (k x peak x utilisation x tp), tp the
// tensor-parallel efficiency when k > 1 (InferenceEfficiency::tensor_parallel), at the accelerator's compute power;
// under a power cap below that power, D / f at the cap (AcceleratorPowerModel::capped). A measured prefill_w is the
// compute power (capped the same way); a measured idle_w the table's [0].
// Throws std::invalid_argument for non-positive FLOPs, peak or utilisation outside (0, 1], a measured decode power
// (diffusion has no decode), a prefill outside (idle, TDP] or an idle power outside [0, TDP].
ReplicaService diffusion_replica_service(double flop, const ReplicaHardware& replica, double flop_utilisation,
                                         double tensor_parallel, int max_batch,
                                         const AcceleratorPowerModel& accelerator,
                                         const MeasuredPhasePowers& measured = {});

// A replica offered `rate_per_s` requests per second on average, in steady state (fluid and batch fidelity).
// Occupancy follows the replica's rules as request fidelity runs them: Poisson arrivals at rate lambda; up to
// B = slots held at once, more wait in a FIFO queue. The number in the system, n, is a birth-death chain: births at
// lambda, deaths at mu(n) = min(n, B) / L(min(n, B)), the replica's throughput with that many held. Its stationary
// distribution is pi_n proportional to prod_{k=1..n} lambda / mu(k), a geometric tail of ratio lambda / capacity
// beyond B. Busy share 1 - pi_0; mean accelerator power sum pi_n P(min(n, B)); latency by Little's law, the requests
// held over lambda plus the queue's wait (the chain's wait is that of exponential latencies: halved, as for the
// fixed latencies of request fidelity, see replica_load). Exact cases:
//   - B = 1: an M/G/1 queue, busy lambda x L(1) of the time (work conservation, any latency distribution);
//   - L constant and the batch far from full: an M/G/infinity queue, n Poisson, busy 1 - exp(-lambda L), whatever
//     the distribution of L (insensitivity of symmetric queues: Kelly 1979, Reversibility and Stochastic Networks);
//   - a diffusion replica served as the table means it (throughput 1 / D at every n): busy lambda x D.
// Text with B > 1 (L grows with n): the chain reads L at the batch a request lives in, as the table was built to mean
// (a request that decodes at batch n); against request fidelity it stays within 2 % in busy share and 1 % in power
// (tests/sim/occupancy_matrix_test.cpp). Request fidelity serves a diffusion replica's requests one after another
// (`serial`), so that it is work-conserving at every B and its busy share is lambda x D, as the chain's.
// At or above capacity the batch is full, busy = 1, and the replica serves its capacity; the excess is the caller's
// backlog. Cost: the terms of n that carry mass, at most B + 1 (the chain is cut where the terms left, falling at
// least geometrically, weigh under 1e-15 of the sum).
//
// A group of R replicas behind least-loaded routing (replica_group_load; every fidelity that resolves requests routes
// each to the serving replica holding fewest): the state is N, the requests the group holds, spread as evenly as the
// routing keeps them (N mod R replicas hold q + 1, the others q = N div R), so the deaths are the sum of those
// replicas' mu, the busy replicas min(N, R), the power the sum of theirs; beyond R x B the queue is the group's.
// An idle replica takes the next request, so the group keeps more replicas busy, each with a smaller batch, than R
// replicas each offered lambda / R alone would (R = 1 is the chain above). Evenness fails where the group holds more
// requests than replicas but not two each: a completion can empty one replica while another holds two, until the next
// arrival fills it. There, up to 32 replicas, the chain also keeps the replicas busy as a state
// (models/workload/replica_group_chain.hpp). Above 32 the deficit is a smaller share of the replicas, and the balanced
// chain is the fluid limit of join-the-shortest-queue as R grows (its queues on two neighbouring values, as for
// single-server queues: docs/references.md, section N). Exact cases kept: work conservation for B = 1 and for
// diffusion (busy lambda x D / R each), and, for a constant latency, N Poisson of mean lambda x L (each replica's mu is
// then n / L, so the group's is N / L however N is spread). Against request and iteration fidelity's routing:
// tests/sim/occupancy_matrix_test.cpp, iteration_fidelity_test.cpp. Cost: the balanced chain walks the terms of N
// that carry mass from the chain's mode both ways (about its standard deviation, sqrt(lambda x L), times a few dozen
// for a large group), at most R x B + 1; the chain with deficits up to about 1.3 ms.
struct ReplicaLoad {
  double served_per_s = 0.0;
  double busy_fraction = 0.0;    // share of time with at least one request
  double batch_when_busy = 0.0;  // mean requests held (in service) while busy
  double latency_s = 0.0;        // mean time from arrival to completion, the wait in the queue included (0 when idle)
  double waiting = 0.0;          // mean requests waiting beyond the batch (0 at and above capacity: a backlog)
  double accelerator_power_w = 0.0;       // time-mean power of one accelerator
  double accelerator_busy_power_w = 0.0;  // mean power of one accelerator while busy (idle power when never busy)
};
ReplicaLoad replica_load(const ReplicaService& service, double rate_per_s);
// R replicas offered `rate_per_s` between them (the group's rate); the figures are each replica's mean (served per
// second, power of one of its accelerators, requests waiting: the group's over R), the latency a request's.
// Throws std::invalid_argument for R < 1 or a rate that is negative or not finite.
ReplicaLoad replica_group_load(const ReplicaService& service, int replicas, double rate_per_s);

}  // namespace terawatt
