#include "models/replica_service.hpp"

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

}  // namespace

double ReplicaService::latency_at(double n) const { return interpolate(latency_s, std::max(n, 1.0), 1, slots); }

double ReplicaService::accelerator_power_at(double n) const { return interpolate(accelerator_power_w, n, 0, slots); }

double ReplicaService::throughput_per_s(double n) const {
  const double held = std::clamp(n, 0.0, static_cast<double>(slots));
  return held / latency_at(held);
}

ReplicaService text_replica_service(const LlmArchitecture& model, const ReplicaHardware& replica,
                                    const InferenceEfficiency& efficiency, const LlmRequest& request, int max_batch,
                                    const AcceleratorPowerModel& accelerator, const LlmPowerParams& power) {
  require(max_batch >= 1, "the maximum batch must be at least 1");
  const MemoryFit fit = check_memory_fit(model, replica, max_batch, request.prompt_tokens + request.output_tokens);
  if (!fit.fits) throw std::invalid_argument(fit.reason);

  const PhaseRunFunction run_phase = llm_phase_run(accelerator, power);
  const PhaseTime prefill = prefill_time(model, replica, efficiency, request.prompt_tokens);
  const double prefill_power_w = prefill.duration_s > 0.0 ? run_phase(prefill).power_w : accelerator.idle_w();
  const double mean_context = request.prompt_tokens + request.output_tokens / 2.0;

  ReplicaService service;
  service.accelerators = replica.accelerators;
  service.slots = max_batch;
  service.latency_s.assign(static_cast<std::size_t>(max_batch) + 1, 0.0);
  service.accelerator_power_w.assign(static_cast<std::size_t>(max_batch) + 1, accelerator.idle_w());
  for (int n = 1; n <= max_batch; ++n) {
    const double batch = n;
    const LlmRequestCost cost = llm_request_cost(model, replica, efficiency, request, batch, run_phase);
    const double latency = batch * cost.prefill_s + cost.decode_s;
    require(latency > 0.0, "a request must take time: give prompt or output tokens");
    const double prefill_share = batch * cost.prefill_s / latency;
    const double decode_power_w =
        run_phase(decode_step_time(model, replica, efficiency, batch, mean_context)).power_w;
    service.latency_s[static_cast<std::size_t>(n)] = latency;
    service.accelerator_power_w[static_cast<std::size_t>(n)] =
        prefill_share * prefill_power_w + (1.0 - prefill_share) * decode_power_w;
  }
  service.latency_s[0] = service.latency_s[1];
  return service;
}

ReplicaService diffusion_replica_service(double flop, const ReplicaHardware& replica, double flop_utilisation,
                                         double tensor_parallel, int max_batch,
                                         const AcceleratorPowerModel& accelerator) {
  require(max_batch >= 1, "the maximum batch must be at least 1");
  require(flop > 0.0 && std::isfinite(flop), "a diffusion request needs positive FLOPs");
  require(replica.peak_flop_per_s > 0.0 && replica.accelerators >= 1, "the replica needs a positive peak");
  require(flop_utilisation > 0.0 && flop_utilisation <= 1.0, "FLOP utilisation must lie in (0, 1]");
  require(tensor_parallel > 0.0 && tensor_parallel <= 1.0, "tensor-parallel efficiency must lie in (0, 1]");
  const double k = replica.accelerators;
  const double parallel = replica.accelerators > 1 ? tensor_parallel : 1.0;
  // Compute-bound: the whole request is clock-bound, so a cap below the compute power stretches all of it.
  const CappedPhase compute = accelerator.capped(WorkKind::compute);
  const double single_s = flop / (k * replica.peak_flop_per_s * flop_utilisation * parallel) * compute.time_factor;

  ReplicaService service;
  service.accelerators = replica.accelerators;
  service.slots = max_batch;
  service.latency_s.assign(static_cast<std::size_t>(max_batch) + 1, single_s);
  service.accelerator_power_w.assign(static_cast<std::size_t>(max_batch) + 1, compute.power_w);
  for (int n = 1; n <= max_batch; ++n) service.latency_s[static_cast<std::size_t>(n)] = n * single_s;
  service.accelerator_power_w[0] = accelerator.idle_w();
  return service;
}

ReplicaLoad replica_load(const ReplicaService& service, double rate_per_s) {
  require(rate_per_s >= 0.0 && std::isfinite(rate_per_s), "an offered rate must be finite and non-negative");
  ReplicaLoad load;
  load.accelerator_power_w = service.accelerator_power_at(0.0);
  if (rate_per_s == 0.0) return load;
  const double slots = service.slots;
  double concurrency = slots;
  if (rate_per_s < service.capacity_per_s()) {
    // Requests are served at the batch they meet while the replica is busy, m(n) = n / (1 - exp(-n)), so Little's
    // law reads n = rate x L(m(n)). g(n) = rate x L(m(n)) - n is positive near 0 (m -> 1) and negative at the full
    // batch (below capacity); it is continuous, so bisection finds a root. 60 halvings of [0, slots] leave an error
    // far below any whole request.
    const auto batch_when_busy = [slots](double n) { return n > 0.0 ? std::min(slots, n / -std::expm1(-n)) : 1.0; };
    double lo = 0.0;
    double hi = slots;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (lo + hi);
      if (rate_per_s * service.latency_at(batch_when_busy(mid)) > mid) lo = mid;
      else hi = mid;
    }
    concurrency = 0.5 * (lo + hi);
    load.served_per_s = rate_per_s;
    load.busy_fraction = -std::expm1(-concurrency);
    load.batch_when_busy = batch_when_busy(concurrency);
  } else {
    load.served_per_s = service.capacity_per_s();
    load.busy_fraction = 1.0;
    load.batch_when_busy = slots;
  }
  load.latency_s = service.latency_at(load.batch_when_busy);
  load.accelerator_power_w = load.busy_fraction * service.accelerator_power_at(load.batch_when_busy) +
                             (1.0 - load.busy_fraction) * service.accelerator_power_at(0.0);
  return load;
}

}  // namespace terawatt
