#include "models/workload/llm_inference_cost.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace terawatt {
namespace {

constexpr double kJoulePerWattHour = 3600.0;

void require(bool condition, const char* message) {
  if (!condition) throw std::invalid_argument(message);
}

void validate(const LlmArchitecture& m) {
  require(m.active_parameters > 0.0 && std::isfinite(m.active_parameters), "LLM active parameters must be positive");
  require(m.total_parameters == 0.0 || m.total_parameters >= m.active_parameters,
          "LLM total parameters must be 0 (dense) or at least the active parameters");
  require(m.bytes_per_parameter > 0.0 && m.kv_bytes_per_value > 0.0, "LLM bytes per value must be positive");
  require(m.layers > 0 && m.hidden_size > 0 && m.kv_heads > 0 && m.head_dim > 0,
          "LLM layers, hidden size, KV heads and head dim must be positive");
}

void validate(const ReplicaHardware& r) {
  require(r.peak_flop_per_s > 0.0 && r.hbm_bandwidth_bytes_per_s > 0.0 && r.hbm_capacity_bytes > 0.0,
          "replica peak FLOP/s, HBM bandwidth and HBM capacity must be positive");
  require(r.accelerators >= 1, "a replica needs at least one accelerator");
}

void validate(const InferenceEfficiency& e) {
  auto in_unit = [](double x) { return x > 0.0 && x <= 1.0; };
  require(in_unit(e.compute) && in_unit(e.memory_bandwidth) && in_unit(e.tensor_parallel),
          "inference efficiencies must lie in (0, 1]");
}

// Bytes of weights a phase reads when `streams` tokens or sequences go through it at once.
double weights_read_bytes(const LlmArchitecture& m, double streams) {
  return m.bytes_per_parameter * std::min(resident_parameters(m), m.active_parameters * std::max(streams, 1.0));
}

std::string gigabytes(double bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << bytes / 1e9 << " GB";
  return out.str();
}

}  // namespace

double resident_parameters(const LlmArchitecture& model) {
  return model.total_parameters > 0.0 ? model.total_parameters : model.active_parameters;
}

double kv_cache_bytes_per_token(const LlmArchitecture& model) {
  validate(model);
  return 2.0 * model.layers * static_cast<double>(model.kv_heads) * model.head_dim * model.kv_bytes_per_value;
}

PhaseTime roofline_time(const ReplicaHardware& r, const InferenceEfficiency& e, double flop, double bytes) {
  PhaseTime t;
  t.flop = flop;
  t.bytes = bytes;
  const double k = static_cast<double>(r.accelerators);
  t.compute_s = flop / (k * r.peak_flop_per_s * e.compute);
  t.memory_s = bytes / (k * r.hbm_bandwidth_bytes_per_s * e.memory_bandwidth);
  const double tp = r.accelerators > 1 ? e.tensor_parallel : 1.0;
  const double bound_s = std::max(t.compute_s, t.memory_s);
  t.duration_s = bound_s / tp;
  t.compute_utilisation = bound_s > 0.0 ? t.compute_s / bound_s : 0.0;
  return t;
}

ReplicaHardware replica_hardware(const AcceleratorSpec& accelerator, int accelerators) {
  require(accelerators >= 1, "a replica needs at least one accelerator");
  ReplicaHardware r;
  r.peak_flop_per_s = accelerator.peak_flop_per_s;
  r.hbm_bandwidth_bytes_per_s = accelerator.hbm_bandwidth_bytes_per_s;
  r.hbm_capacity_bytes = accelerator.hbm_capacity_bytes;
  r.accelerators = accelerators;
  validate(r);
  return r;
}

PhaseTime prefill_time(const LlmArchitecture& model, const ReplicaHardware& replica,
                       const InferenceEfficiency& efficiency, double prompt_tokens) {
  validate(model);
  validate(replica);
  validate(efficiency);
  require(prompt_tokens >= 0.0 && std::isfinite(prompt_tokens), "prompt tokens must be non-negative");
  if (prompt_tokens == 0.0) return PhaseTime{};
  const double p = prompt_tokens;
  const double flop = 2.0 * model.active_parameters * p + 2.0 * model.layers * model.hidden_size * p * p;
  const double bytes = weights_read_bytes(model, p) + p * kv_cache_bytes_per_token(model);
  return roofline_time(replica, efficiency, flop, bytes);
}

PhaseTime decode_step_time(const LlmArchitecture& model, const ReplicaHardware& replica,
                           const InferenceEfficiency& efficiency, double batch, double context_tokens) {
  validate(model);
  validate(replica);
  validate(efficiency);
  require(batch > 0.0 && std::isfinite(batch), "decode batch must be positive");
  require(context_tokens >= 0.0 && std::isfinite(context_tokens), "decode context must be non-negative");
  const double flop = batch * (2.0 * model.active_parameters + 4.0 * model.layers * model.hidden_size * context_tokens);
  const double bytes = weights_read_bytes(model, batch) + batch * context_tokens * kv_cache_bytes_per_token(model);
  return roofline_time(replica, efficiency, flop, bytes);
}

double decode_tokens_per_s(const LlmArchitecture& model, const ReplicaHardware& replica,
                           const InferenceEfficiency& efficiency, double batch, double context_tokens) {
  return batch / decode_step_time(model, replica, efficiency, batch, context_tokens).duration_s;
}

MemoryFit check_memory_fit(const LlmArchitecture& model, const ReplicaHardware& replica, double batch,
                           double context_tokens) {
  validate(model);
  validate(replica);
  require(batch >= 0.0 && context_tokens >= 0.0, "batch and context must be non-negative");
  MemoryFit fit;
  fit.weights_bytes = resident_parameters(model) * model.bytes_per_parameter;
  fit.kv_cache_bytes = batch * context_tokens * kv_cache_bytes_per_token(model);
  fit.available_bytes = replica.accelerators * replica.hbm_capacity_bytes;
  fit.fits = fit.weights_bytes + fit.kv_cache_bytes <= fit.available_bytes;
  if (fit.fits) return fit;
  std::ostringstream why;
  const std::string where = gigabytes(fit.available_bytes) + " of HBM on " + std::to_string(replica.accelerators) +
                            " accelerator" + (replica.accelerators == 1 ? "" : "s");
  if (fit.weights_bytes > fit.available_bytes) {
    why << "weights alone (" << gigabytes(fit.weights_bytes) << ") exceed the " << where;
  } else {
    why << "weights (" << gigabytes(fit.weights_bytes) << ") + KV cache for a batch of " << batch << " x "
        << context_tokens << " tokens (" << gigabytes(fit.kv_cache_bytes) << ") exceed the " << where << "; at most "
        << max_batch_in_memory(model, replica, context_tokens) << " sequences fit";
  }
  fit.reason = why.str();
  return fit;
}

double max_batch_in_memory(const LlmArchitecture& model, const ReplicaHardware& replica, double context_tokens) {
  validate(model);
  validate(replica);
  require(context_tokens > 0.0 && std::isfinite(context_tokens), "context must be positive");
  const double room =
      replica.accelerators * replica.hbm_capacity_bytes - resident_parameters(model) * model.bytes_per_parameter;
  if (room <= 0.0) return 0.0;
  return std::floor(room / (context_tokens * kv_cache_bytes_per_token(model)));
}

namespace {

// The curve's compute end as an intensity over the dynamic range: the measured compute power, or the model's.
double compute_intensity(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params) {
  if (!params.compute_power_w) return accelerator.intensity(WorkKind::compute);
  const double compute_w = *params.compute_power_w;
  require(compute_w > accelerator.idle_w() && compute_w <= accelerator.tdp_w(),
          "a measured compute power must lie in (idle, TDP]");
  return (compute_w - accelerator.idle_w()) / (accelerator.tdp_w() - accelerator.idle_w());
}

std::string watts(double power_w) {
  std::ostringstream out;
  out << std::setprecision(4) << power_w << " W";
  return out.str();
}

}  // namespace

double llm_uncapped_power_w(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params,
                            double compute_utilisation) {
  require(params.memory_bound_fraction_of_tdp >= 0.0 && params.memory_bound_fraction_of_tdp <= 1.0,
          "memory-bound power must be a fraction of TDP in [0, 1]");
  const double u = std::clamp(compute_utilisation, 0.0, 1.0);
  const double i_compute = compute_intensity(accelerator, params);
  const double floor_w = params.memory_bound_fraction_of_tdp * accelerator.tdp_w();
  const double i_floor =
      std::clamp((floor_w - accelerator.idle_w()) / (accelerator.tdp_w() - accelerator.idle_w()), 0.0, i_compute);
  const double intensity = i_floor + (i_compute - i_floor) * u;
  return accelerator.idle_w() + (accelerator.tdp_w() - accelerator.idle_w()) * intensity;
}

PowerRange llm_phase_power_range(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params,
                                 double compute_utilisation) {
  const double u = std::clamp(compute_utilisation, 0.0, 1.0);
  const double range_w = accelerator.tdp_w() - accelerator.idle_w();
  const double i_compute = compute_intensity(accelerator, params);
  return {accelerator.idle_w() + range_w * i_compute * u, accelerator.idle_w() + range_w * i_compute};
}

LlmPowerParams llm_power_for_phase_power(const AcceleratorPowerModel& accelerator, LlmPowerParams params,
                                         double compute_utilisation, double power_w) {
  require(std::isfinite(power_w) && std::isfinite(compute_utilisation), "a phase power must be finite");
  const double u = std::clamp(compute_utilisation, 0.0, 1.0);
  const PowerRange range = llm_phase_power_range(accelerator, params, u);
  std::ostringstream u_text;
  u_text << std::setprecision(3) << u;
  // Relative tolerance for the compute-bound case, where no floor is solved: round-off of the range's end only.
  constexpr double same_power = 1e-12;
  if (u >= 1.0) {
    if (std::abs(power_w - range.highest_w) > same_power * range.highest_w) {
      throw std::invalid_argument("a compute-bound phase (compute utilisation 1) draws the compute power " +
                                  watts(range.highest_w) + " whatever the floor (expected that power)");
    }
    return params;
  }
  if (power_w < range.lowest_w || power_w > range.highest_w) {
    throw std::invalid_argument(watts(power_w) + " is outside what a phase of compute utilisation " + u_text.str() +
                                " can draw: " + watts(range.lowest_w) + " (memory-bound floor at idle) to " +
                                watts(range.highest_w) +
                                " (floor at the compute power) (expected a power in that range)");
  }
  const double range_w = accelerator.tdp_w() - accelerator.idle_w();
  const double i_compute = compute_intensity(accelerator, params);
  const double x = (power_w - accelerator.idle_w()) / range_w;
  const double i_floor = std::clamp((x - i_compute * u) / (1.0 - u), 0.0, i_compute);
  params.memory_bound_fraction_of_tdp = (accelerator.idle_w() + range_w * i_floor) / accelerator.tdp_w();
  return params;
}

PhaseRunFunction llm_phase_run(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params) {
  llm_uncapped_power_w(accelerator, params, 1.0);  // validate now rather than on first use
  return [accelerator, params](const PhaseTime& phase) {
    const double u = std::clamp(phase.compute_utilisation, 0.0, 1.0);
    const CappedPhase capped = accelerator.capped(llm_uncapped_power_w(accelerator, params, u), u);
    return PhaseRun{phase.duration_s * capped.time_factor, capped.power_w};
  };
}

LlmRequestCost llm_request_cost(const LlmArchitecture& model, const ReplicaHardware& replica,
                                const InferenceEfficiency& efficiency, const LlmRequest& request, double batch,
                                const PhaseRunFunction& run_phase) {
  require(batch > 0.0 && std::isfinite(batch), "decode batch must be positive");
  require(request.prompt_tokens >= 0.0 && request.output_tokens >= 0.0 && std::isfinite(request.prompt_tokens) &&
              std::isfinite(request.output_tokens),
          "request token counts must be non-negative");
  require(static_cast<bool>(run_phase), "a phase function is required");
  const double final_context = request.prompt_tokens + request.output_tokens;
  const MemoryFit fit = check_memory_fit(model, replica, batch, final_context);
  if (!fit.fits) throw std::invalid_argument(fit.reason);

  const double k = static_cast<double>(replica.accelerators);
  LlmRequestCost cost;
  const PhaseTime prefill = prefill_time(model, replica, efficiency, request.prompt_tokens);
  if (prefill.duration_s > 0.0) {
    const PhaseRun run = run_phase(prefill);
    cost.prefill_s = run.duration_s;
    cost.prefill_energy_j = k * run.power_w * run.duration_s;
  }

  // Decode: whole steps at contexts P, P+1, ..., then a fractional step. Energy is charged 1/batch per step.
  const double whole_steps = std::floor(request.output_tokens);
  const double fraction = request.output_tokens - whole_steps;
  double replica_energy_j = 0.0;
  auto add_step = [&](double context, double weight) {
    const PhaseRun step = run_phase(decode_step_time(model, replica, efficiency, batch, context));
    cost.decode_s += weight * step.duration_s;
    replica_energy_j += weight * k * step.power_w * step.duration_s;
  };
  for (double i = 0.0; i < whole_steps; i += 1.0) add_step(request.prompt_tokens + i, 1.0);
  if (fraction > 0.0) add_step(request.prompt_tokens + whole_steps, fraction);
  cost.decode_energy_j = replica_energy_j / batch;
  cost.accelerator_s = k * (cost.prefill_s + cost.decode_s / batch);
  return cost;
}

EpochQueryEstimate epoch_style_query_energy(const EpochQueryInputs& in) {
  require(in.active_parameters > 0.0 && in.output_tokens > 0.0 && in.peak_flop_per_s > 0.0 &&
              in.power_per_gpu_w > 0.0 && in.pue >= 1.0,
          "Epoch-style estimate needs positive parameters, tokens, peak and power, and a PUE of at least 1");
  require(in.flop_utilisation > 0.0 && in.flop_utilisation <= 1.0 && in.power_adjustment > 0.0 &&
              in.power_adjustment <= 1.0,
          "Epoch-style utilisation and power adjustment must lie in (0, 1]");
  EpochQueryEstimate e;
  e.flop = 2.0 * in.active_parameters * in.output_tokens;
  e.gpu_s = e.flop / (in.peak_flop_per_s * in.flop_utilisation);
  e.average_power_w = in.power_per_gpu_w * in.power_adjustment * in.pue;
  e.energy_j = e.gpu_s * e.average_power_w;
  e.energy_wh = e.energy_j / kJoulePerWattHour;
  return e;
}

double epoch_style_query_energy_wh(const EpochQueryInputs& inputs) {
  return epoch_style_query_energy(inputs).energy_wh;
}

}  // namespace terawatt
