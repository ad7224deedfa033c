#include "models/workload/replica_service.hpp"

#include "models/workload/replica_group_chain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace terawatt {
namespace {

void require(bool condition, const char* message) {
  if (!condition) throw std::invalid_argument(message);
}

// Linear interpolation of a table indexed by whole n, for real n in [lo, hi].
double interpolate(const std::vector<double>& table, double n, int lo, int hi) {
  const double clamped = std::clamp(n, static_cast<double>(lo), static_cast<double>(hi));
  const int below = std::min(static_cast<int>(std::floor(clamped)), hi);
  if (below == hi) return table[static_cast<std::size_t>(hi)];
  const double weight = clamped - below;
  return table[static_cast<std::size_t>(below)] * (1.0 - weight) + table[static_cast<std::size_t>(below) + 1] * weight;
}

// The table's [0]: a measured idle power (model loaded) under the power limit, or the accelerator's idle power.
double idle_power_w(const AcceleratorPowerModel& accelerator, const MeasuredPhasePowers& measured) {
  if (!measured.idle_w) return accelerator.idle_w();
  require(*measured.idle_w >= 0.0 && *measured.idle_w <= accelerator.tdp_w(),
          "a measured idle power must lie in [0, TDP]");
  return std::min(*measured.idle_w, accelerator.limit_w());
}

}  // namespace

LlmPowerParams measured_llm_power(const LlmArchitecture& model, const ReplicaHardware& replica,
                                  const InferenceEfficiency& efficiency, const LlmRequest& request, int max_batch,
                                  const AcceleratorPowerModel& accelerator, const MeasuredPhasePowers& measured,
                                  LlmPowerParams power) {
  if (measured.prefill_w) {
    power.compute_power_w = measured.prefill_w;
    llm_uncapped_power_w(accelerator, power, 1.0);  // validates the compute power
  }
  if (!measured.decode_w) return power;
  const int batch = measured.decode_batch.value_or(max_batch);
  require(batch >= 1 && batch <= max_batch, "a measured decode batch must lie in [1, the maximum batch]");
  const double mean_context = request.prompt_tokens + request.output_tokens / 2.0;
  const PhaseTime step = decode_step_time(model, replica, efficiency, batch, mean_context);
  return llm_power_for_phase_power(accelerator, power, step.compute_utilisation, *measured.decode_w);
}

double ReplicaService::latency_at(double n) const {
  return interpolate(latency_s, std::max(n, 1.0), 1, slots);
}

double ReplicaService::accelerator_power_at(double n) const {
  return interpolate(accelerator_power_w, n, 0, slots);
}

double ReplicaService::throughput_per_s(double n) const {
  const double held = std::clamp(n, 0.0, static_cast<double>(slots));
  return held / latency_at(held);
}

ReplicaService text_replica_service(const LlmArchitecture& model, const ReplicaHardware& replica,
                                    const InferenceEfficiency& efficiency, const LlmRequest& request, int max_batch,
                                    const AcceleratorPowerModel& accelerator, const LlmPowerParams& power,
                                    const MeasuredPhasePowers& measured) {
  require(max_batch >= 1, "the maximum batch must be at least 1");
  const MemoryFit fit = check_memory_fit(model, replica, max_batch, request.prompt_tokens + request.output_tokens);
  if (!fit.fits) throw std::invalid_argument(fit.reason);

  const PhaseRunFunction run_phase = llm_phase_run(
      accelerator, measured_llm_power(model, replica, efficiency, request, max_batch, accelerator, measured, power));
  const PhaseTime prefill = prefill_time(model, replica, efficiency, request.prompt_tokens);
  const double prefill_power_w = prefill.duration_s > 0.0 ? run_phase(prefill).power_w : accelerator.idle_w();
  const double mean_context = request.prompt_tokens + request.output_tokens / 2.0;

  ReplicaService service;
  service.accelerators = replica.accelerators;
  service.slots = max_batch;
  service.latency_s.assign(static_cast<std::size_t>(max_batch) + 1, 0.0);
  service.accelerator_power_w.assign(static_cast<std::size_t>(max_batch) + 1, idle_power_w(accelerator, measured));
  for (int n = 1; n <= max_batch; ++n) {
    const double batch = n;
    const LlmRequestCost cost = llm_request_cost(model, replica, efficiency, request, batch, run_phase);
    const double latency = batch * cost.prefill_s + cost.decode_s;
    require(latency > 0.0, "a request must take time: give prompt or output tokens");
    const double prefill_share = batch * cost.prefill_s / latency;
    const double decode_power_w = run_phase(decode_step_time(model, replica, efficiency, batch, mean_context)).power_w;
    service.latency_s[static_cast<std::size_t>(n)] = latency;
    service.accelerator_power_w[static_cast<std::size_t>(n)] =
        prefill_share * prefill_power_w + (1.0 - prefill_share) * decode_power_w;
  }
  service.latency_s[0] = service.latency_s[1];
  return service;
}

ReplicaService diffusion_replica_service(double flop, const ReplicaHardware& replica, double flop_utilisation,
                                         double tensor_parallel, int max_batch,
                                         const AcceleratorPowerModel& accelerator,
                                         const MeasuredPhasePowers& measured) {
  require(max_batch >= 1, "the maximum batch must be at least 1");
  require(!measured.decode_w && !measured.decode_batch, "a diffusion replica has no decode phase to measure");
  require(
      !measured.prefill_w || (*measured.prefill_w > accelerator.idle_w() && *measured.prefill_w <= accelerator.tdp_w()),
      "a measured compute power must lie in (idle, TDP]");
  require(flop > 0.0 && std::isfinite(flop), "a diffusion request needs positive FLOPs");
  require(replica.peak_flop_per_s > 0.0 && replica.accelerators >= 1, "the replica needs a positive peak");
  require(flop_utilisation > 0.0 && flop_utilisation <= 1.0, "FLOP utilisation must lie in (0, 1]");
  require(tensor_parallel > 0.0 && tensor_parallel <= 1.0, "tensor-parallel efficiency must lie in (0, 1]");
  const double k = replica.accelerators;
  const double parallel = replica.accelerators > 1 ? tensor_parallel : 1.0;
  // Compute-bound: the whole request is clock-bound, so a cap below the compute power stretches all of it.
  const CappedPhase compute =
      measured.prefill_w ? accelerator.capped(*measured.prefill_w, 1.0) : accelerator.capped(WorkKind::compute);
  const double single_s = flop / (k * replica.peak_flop_per_s * flop_utilisation * parallel) * compute.time_factor;

  ReplicaService service;
  service.accelerators = replica.accelerators;
  service.slots = max_batch;
  service.latency_s.assign(static_cast<std::size_t>(max_batch) + 1, single_s);
  service.accelerator_power_w.assign(static_cast<std::size_t>(max_batch) + 1, compute.power_w);
  for (int n = 1; n <= max_batch; ++n) service.latency_s[static_cast<std::size_t>(n)] = n * single_s;
  service.accelerator_power_w[0] = idle_power_w(accelerator, measured);
  service.serial = true;
  return service;
}

namespace {

// R replicas holding N requests between them, as evenly as least-loaded routing keeps them: N mod R replicas hold
// q + 1 and the others q, q = N div R, up to the full batch B each; beyond R x B the rest wait in the group's queue.
// A state carries q and N mod R along, so that a walk over N steps without dividing.
class BalancedGroup {
 public:
  struct State {
    std::int64_t n = 0;
    std::int64_t q = 0;      // n div R
    std::int64_t above = 0;  // n mod R: the replicas holding q + 1
  };

  BalancedGroup(const ReplicaService& service, int replicas)
      : replicas_(replicas), full_(static_cast<std::int64_t>(replicas) * service.slots) {
    // Per replica by requests held, 0 .. B, and B once more, read with weight 0 at the full batch: the walk reads
    // them once a state, so they are looked up once here.
    const auto slots = static_cast<std::size_t>(service.slots);
    throughput_.resize(slots + 2);
    power_w_.resize(slots + 2);
    for (std::size_t n = 0; n <= slots; ++n) {
      throughput_[n] = service.throughput_per_s(static_cast<double>(n));
      power_w_[n] = service.accelerator_power_at(static_cast<double>(n));
    }
    throughput_[slots + 1] = throughput_[slots];
    power_w_[slots + 1] = power_w_[slots];
  }
  std::int64_t full() const { return full_; }
  State at(std::int64_t n) const { return {n, n / replicas_, n % replicas_}; }
  void up(State& s) const {
    ++s.n;
    if (++s.above == replicas_) {
      s.above = 0;
      ++s.q;
    }
  }
  void down(State& s) const {
    --s.n;
    if (s.above-- == 0) {
      s.above = replicas_ - 1;
      --s.q;
    }
  }
  // Completions per second: each replica's min(n, B) / L(min(n, B)).
  double completion_per_s(const State& s) const {
    const auto q = static_cast<std::size_t>(s.q);
    return static_cast<double>(replicas_ - s.above) * throughput_[q] +
           static_cast<double>(s.above) * throughput_[q + 1];
  }
  double busy_replicas(const State& s) const { return static_cast<double>(std::min<std::int64_t>(s.n, replicas_)); }
  // Summed power of one accelerator of each busy replica (those holding at least one request).
  double busy_power_w(const State& s) const {
    const auto q = static_cast<std::size_t>(s.q);
    return (q == 0 ? 0.0 : static_cast<double>(replicas_ - s.above) * power_w_[q]) +
           static_cast<double>(s.above) * power_w_[q + 1];
  }
  // The largest N whose completion rate is at most `rate_per_s` (the chain's mode; 0 when even one request
  // completes faster than requests arrive), by bisection: the rate rises with N, as each replica's throughput does.
  std::int64_t mode(double rate_per_s) const {
    std::int64_t below = 0;
    std::int64_t above = full_;
    while (above - below > 1) {
      const std::int64_t middle = below + (above - below) / 2;
      (completion_per_s(at(middle)) <= rate_per_s ? below : above) = middle;
    }
    return below;
  }

 private:
  std::int64_t replicas_;
  std::int64_t full_;
  std::vector<double> throughput_;
  std::vector<double> power_w_;
};

inline void add_state(GroupChainSums& sums, const BalancedGroup& group, const BalancedGroup::State& state,
                      double weight) {
  sums.mass += weight;
  sums.held += weight * static_cast<double>(state.n);
  sums.busy += weight * group.busy_replicas(state);
  sums.busy_power += weight * group.busy_power_w(state);
}

}  // namespace

ReplicaLoad replica_load(const ReplicaService& service, double rate_per_s) {
  return replica_group_load(service, 1, rate_per_s);
}

ReplicaLoad replica_group_load(const ReplicaService& service, int replicas, double rate_per_s) {
  require(rate_per_s >= 0.0 && std::isfinite(rate_per_s), "an offered rate must be finite and non-negative");
  require(replicas >= 1, "a group needs at least one replica");
  ReplicaLoad load;
  const double idle_w = service.accelerator_power_w[0];
  load.accelerator_power_w = idle_w;
  load.accelerator_busy_power_w = idle_w;
  if (rate_per_s == 0.0) return load;
  const int slots = service.slots;
  const double r = replicas;
  const double capacity_per_s = service.capacity_per_s();
  if (rate_per_s >= r * capacity_per_s) {
    load.served_per_s = capacity_per_s;
    load.busy_fraction = 1.0;
    load.batch_when_busy = slots;
    load.latency_s = service.latency_s[static_cast<std::size_t>(slots)];
    load.accelerator_power_w = service.accelerator_power_w[static_cast<std::size_t>(slots)];
    load.accelerator_busy_power_w = load.accelerator_power_w;
    return load;
  }
  // Weights relative to the mode's, w_mode = 1, walked both ways: w_{N+1} = w_N x rate / mu(N + 1). Every weight is at
  // most 1 (no overflow), and the walk stops where the terms left, falling at least geometrically because the ratio
  // falls away from the mode, weigh under 1e-15 of the sum.
  constexpr double negligible = 1e-15;
  const BalancedGroup group(service, replicas);
  const std::int64_t mode = group.mode(rate_per_s);
  GroupChainSums sums;
  add_state(sums, group, group.at(mode), 1.0);
  double weight = 1.0;
  BalancedGroup::State state = group.at(mode);
  const double per_rate = 1.0 / rate_per_s;
  while (state.n > 0) {
    const double ratio = group.completion_per_s(state) * per_rate;  // w_{n-1} / w_n
    weight *= ratio;
    group.down(state);
    add_state(sums, group, state, weight);
    if (ratio < 1.0 && weight * ratio < negligible * sums.mass * (1.0 - ratio)) break;
  }
  const std::int64_t lo = state.n;
  weight = 1.0;
  state = group.at(mode);
  while (state.n < group.full()) {
    group.up(state);
    const double ratio = rate_per_s / group.completion_per_s(state);  // w_n / w_{n-1}
    weight *= ratio;
    add_state(sums, group, state, weight);
    // The queue beyond R x B has the smallest ratio of all, rate / (R x capacity), so it is inside this bound.
    if (weight * ratio < negligible * sums.mass * (1.0 - ratio)) break;
  }
  const std::int64_t hi = state.n;
  if (hi == group.full()) add_full_queue(sums, service, replicas, rate_per_s, weight);
  // Where the group holds more requests than replicas but not two each, a completion can empty a replica while
  // another holds two: the chain with that deficit (models/workload/replica_group_chain.hpp) over the same levels and
  // a quarter more each way, as its N spreads a little wider. Up to 32 replicas, where it costs at most about 1.3 ms
  // (its cost grows as the deficits it keeps cubed, and they grow with R: 9 ms at 64 replicas of B = 64). Above, the
  // deficit is a smaller share of the replicas and the balanced chain is kept: at 64 replicas, where each holds about
  // one request, its busy share is 2.6 % and its energy 1.4 % above request fidelity's.
  constexpr int most_replicas_with_deficits = most_group_deficits + 1;
  const std::int64_t many = replicas;
  if (replicas > 1 && replicas <= most_replicas_with_deficits && hi > many && lo < 2 * many) {
    // A quarter of the window each way, and a few levels more where the window is only a few levels wide.
    constexpr std::int64_t fewest_margin_levels = 8;
    const std::int64_t margin = (hi - lo) / 4 + fewest_margin_levels;
    sums = group_chain_with_empty_replicas(service, replicas, rate_per_s, std::max<std::int64_t>(0, lo - margin), mode,
                                           std::min(group.full(), hi + margin));
  }
  load.served_per_s = rate_per_s / r;
  load.busy_fraction = sums.busy / (r * sums.mass);
  // The chain's queue is that of exponential latencies; request fidelity's are fixed when a request starts, which
  // halves the wait: exact at B = 1 and one replica (Pollaczek-Khinchine, M/D/1 against M/M/1), the Allen-Cunneen
  // approximation, (1 + cv^2) / 2 with cv = 0, above it.
  constexpr double fixed_latency_wait_factor = 0.5;
  const double waiting = fixed_latency_wait_factor * sums.waiting / sums.mass;  // the group's
  load.waiting = waiting / r;
  load.batch_when_busy = sums.held / sums.busy;
  load.latency_s = (sums.held / sums.mass + waiting) / rate_per_s;  // Little's law over the whole group
  load.accelerator_busy_power_w = sums.busy_power / sums.busy;
  load.accelerator_power_w = (idle_w * (r * sums.mass - sums.busy) + sums.busy_power) / (r * sums.mass);
  return load;
}

}  // namespace terawatt
