#include "models/workload/replica_service.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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

ReplicaLoad replica_load(const ReplicaService& service, double rate_per_s) {
  require(rate_per_s >= 0.0 && std::isfinite(rate_per_s), "an offered rate must be finite and non-negative");
  ReplicaLoad load;
  const double idle_w = service.accelerator_power_w[0];
  load.accelerator_power_w = idle_w;
  load.accelerator_busy_power_w = idle_w;
  if (rate_per_s == 0.0) return load;
  const int slots = service.slots;
  const double capacity_per_s = service.capacity_per_s();
  if (rate_per_s >= capacity_per_s) {
    load.served_per_s = capacity_per_s;
    load.busy_fraction = 1.0;
    load.batch_when_busy = slots;
    load.latency_s = service.latency_s[static_cast<std::size_t>(slots)];
    load.accelerator_power_w = service.accelerator_power_w[static_cast<std::size_t>(slots)];
    load.accelerator_busy_power_w = load.accelerator_power_w;
    return load;
  }
  // Unnormalised weights w_n = prod_{k<=n} rate / mu(k), w_0 = 1. A long product (rate x L far above 1 at a large
  // batch) would overflow: when a weight passes 1e100, it and every sum are divided by 1e100 (the ratios are kept).
  // Sums: the empty and the busy mass apart (so that a tiny busy share keeps its digits), the mass x requests held,
  // and the busy mass x power.
  constexpr double rescale_above = 1e100;
  constexpr double negligible = 1e-15;  // relative mass of the tail left out
  double weight = 1.0;
  double empty_mass = 1.0;
  double busy_mass = 0.0;
  double held_mass = 0.0;
  double busy_power_mass = 0.0;
  int n = 0;
  while (n < slots) {
    ++n;
    const auto index = static_cast<std::size_t>(n);
    const double ratio = rate_per_s * service.latency_s[index] / n;  // rate / mu(n)
    weight *= ratio;
    if (weight > rescale_above) {
      weight /= rescale_above;
      empty_mass /= rescale_above;
      busy_mass /= rescale_above;
      held_mass /= rescale_above;
      busy_power_mass /= rescale_above;
    }
    busy_mass += weight;
    held_mass += weight * n;
    busy_power_mass += weight * service.accelerator_power_w[index];
    // Past the mode the ratios fall (throughput rises with n), so the terms left up to B weigh at most
    // weight x ratio / (1 - ratio), and the queue beyond B less still (its ratio, rate / capacity, is the smallest).
    if (ratio < 1.0 && weight * ratio / (1.0 - ratio) < negligible * (empty_mass + busy_mass)) break;
  }
  double waiting_mass = 0.0;
  if (n == slots) {
    // The queue: n = B + j, j >= 1, weights w_B x f^j with f = rate / capacity < 1, all at the full batch.
    const double f = rate_per_s / capacity_per_s;
    const double queue_mass = weight * f / (1.0 - f);
    busy_mass += queue_mass;
    held_mass += queue_mass * slots;
    busy_power_mass += queue_mass * service.accelerator_power_w[static_cast<std::size_t>(slots)];
    waiting_mass = weight * f / ((1.0 - f) * (1.0 - f));  // sum_j j f^j = f / (1 - f)^2
  }
  const double mass = empty_mass + busy_mass;
  const double held = held_mass / mass;
  load.served_per_s = rate_per_s;
  load.busy_fraction = busy_mass / mass;
  // The chain's queue is that of exponential latencies; request fidelity's are fixed when a request starts, which
  // halves the wait: exact at B = 1 (Pollaczek-Khinchine, M/D/1 against M/M/1), the Allen-Cunneen approximation,
  // (1 + cv^2) / 2 with cv = 0, above it.
  constexpr double fixed_latency_wait_factor = 0.5;
  load.waiting = fixed_latency_wait_factor * waiting_mass / mass;
  load.batch_when_busy = held_mass / busy_mass;
  load.latency_s = (held + load.waiting) / rate_per_s;  // Little's law over the whole system
  load.accelerator_busy_power_w = busy_power_mass / busy_mass;
  load.accelerator_power_w = (empty_mass * idle_w + busy_power_mass) / mass;
  return load;
}

}  // namespace terawatt
