#include "sim/scenario/inference_replica_reader.hpp"

#include "models/workload/diffusion_cost.hpp"
#include "models/workload/llm_inference_cost.hpp"
#include "models/workload/replica_service.hpp"
#include "models/workload/sized_diffusion_work.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/inference_arrivals_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace terawatt {
namespace {

// Default batch of a text replica: continuous-batching servers commonly run tens of sequences (vLLM's default cap
// is 256 sequences, memory permitting); 64 is an assumption between, lowered when the KV cache does not fit.
constexpr int default_text_batch = 64;

double required_count(const MapReader& map, const SectionSpec& spec, const std::string& key, const std::string& why) {
  const auto value = map.positive_count(spec.key(key));
  if (!value) map.fail(key, "missing required key: " + why);
  return static_cast<double>(*value);
}

}  // namespace

std::optional<double> stated_frames(const MapReader& request_map) {
  const auto& rspec = inference_request_section();
  const auto frames = request_map.positive_count(rspec.key("frames"));
  if (frames) return static_cast<double>(*frames);
  const auto seconds = request_map.positive_quantity(rspec.key("seconds"));
  if (!seconds) return std::nullopt;
  const double fps = *request_map.number(rspec.key("fps"));  // the schema's type: a number > 0
  const double rounded = std::round(*seconds * fps);
  if (rounded < 1.0) request_map.fail("seconds", "gives no frame at " + short_number(fps) + " frames per second");
  return rounded;
}

namespace {

// A video request's frames, from `frames`, or `seconds` and `fps`, or the frames' distribution; sets the service's
// output per request (images, or a video's mean seconds).
void read_frames(const MapReader& request_map, InferenceService& service) {
  const auto& rspec = inference_request_section();
  if (service.modality != Modality::video) {
    for (const char* key : {"frames", "seconds"}) {
      if (request_map.has(key)) request_map.fail(key, "applies to video requests only");
    }
    service.output.images = static_cast<double>(*request_map.positive_count(rspec.key("images")));
    return;
  }
  if (request_map.has("images")) request_map.fail("images", "applies to image requests only");
  if (request_map.has("frames") && request_map.has("seconds")) {
    request_map.fail("seconds", "conflicts with frames (expected one of frames, seconds)");
  }
  const auto stated = stated_frames(request_map);
  if (!stated && !service.sizes.frames) {
    request_map.fail("frames", "missing required key (expected frames, or seconds and fps)");
  }
  const double fps = *request_map.number(rspec.key("fps"));
  service.sizes.frames_per_s = fps;
  service.sizes.stated_diffusion.frames = stated.value_or(0.0);
  service.output.video_s = (service.sizes.frames ? service.sizes.frames->mean() : *stated) / fps;
}

// FLOPs of one pass of the diffusion model as a polynomial of its latent tokens: from the model's shape, or a given
// count (a constant, which does not follow the resolution).
PassFlopsPolynomial read_pass_polynomial(const MapReader& model_map) {
  const auto& mspec = inference_model_section();
  const auto given = model_map.positive_quantity(mspec.key("flop_per_pass"));
  const auto parameters = model_map.number(mspec.key("parameters"));
  const auto layers = model_map.positive_count(mspec.key("layers"));
  const auto hidden = model_map.positive_count(mspec.key("hidden_size"));
  const auto ffn = model_map.positive_count(mspec.key("ffn_size"));
  const auto text_tokens = model_map.count(mspec.key("text_tokens"));
  if (given) {
    if (layers || hidden || ffn) model_map.fail("flop_per_pass", "conflicts with the model's shape (expected one)");
    return {*given, 0.0, 0.0};
  }
  if (layers && hidden && ffn) {
    DitArchitecture dit;
    dit.layers = static_cast<int>(*layers);
    dit.hidden_size = static_cast<int>(*hidden);
    dit.ffn_size = static_cast<int>(*ffn);
    dit.text_tokens = static_cast<double>(text_tokens.value_or(0));
    dit.cross_attention = text_tokens.has_value() && *text_tokens > 0;
    return dit_pass_polynomial(dit);
  }
  if (parameters && layers && hidden) {
    return dit_pass_polynomial_from_parameters(*parameters, static_cast<int>(*layers), static_cast<int>(*hidden));
  }
  model_map.fail("layers",
                 "missing: a diffusion model needs layers, hidden_size and ffn_size (with text_tokens), "
                 "or parameters, layers and hidden_size, or flop_per_pass");
}

// The moments of one diffusion size: its distribution's (as read), or the request's key, fixed.
SizeMoments size_moments(const std::optional<SizeDistribution>& drawn, const SizeMoments& drawn_moments,
                         double stated) {
  return drawn ? drawn_moments : SizeMoments::fixed(stated);
}

// The mean FLOPs of a diffusion request over its size distributions; keeps the work model on the service where a
// size is drawn per request.
double read_mean_diffusion_flop(const MapReader& model_map, const MapReader& request_map, bool classifier_free_guidance,
                                InferenceService& service) {
  RequestSizes& sizes = service.sizes;
  const auto& rspec = inference_request_section();
  const auto stated = [&](const char* key, const std::optional<SizeDistribution>& drawn, const char* why) {
    const auto value = request_map.positive_count(rspec.key(key));
    if (!value && !drawn) request_map.fail(key, std::string("missing required key: ") + why);
    return value ? static_cast<double>(*value) : 0.0;
  };
  sizes.stated_diffusion.steps = stated("steps", sizes.steps, "FLOPs are steps x FLOPs per step");
  sizes.stated_diffusion.height_px = stated("height", sizes.height_px, "the resolution sets the latent tokens");
  sizes.stated_diffusion.width_px = stated("width", sizes.width_px, "the resolution sets the latent tokens");
  const bool video = service.modality == Modality::video;
  read_frames(request_map, service);
  const PassFlopsPolynomial pass = read_pass_polynomial(model_map);
  const bool shaped = pass.per_token > 0.0 || pass.per_token_squared > 0.0;
  for (const auto& [key, drawn] : {std::pair{"height", &sizes.height_px}, std::pair{"width", &sizes.width_px},
                                   std::pair{"frames", &sizes.frames}}) {
    if (*drawn && !shaped) {
      model_map.fail("flop_per_pass", std::string("does not follow the latent tokens, so request.sizes.") + key +
                                          " cannot scale the FLOPs (expected the model's shape instead)");
    }
  }
  const SizedDiffusionWork work =
      video ? SizedDiffusionWork::video(pass, classifier_free_guidance)
            : SizedDiffusionWork::image(pass, classifier_free_guidance, service.output.images);
  const DiffusionSizeMoments& drawn = sizes.drawn_moments;
  const DiffusionSizeMoments moments{
      size_moments(sizes.steps, drawn.steps, sizes.stated_diffusion.steps),
      size_moments(sizes.height_px, drawn.height_px, sizes.stated_diffusion.height_px),
      size_moments(sizes.width_px, drawn.width_px, sizes.stated_diffusion.width_px),
      video ? size_moments(sizes.frames, drawn.frames, sizes.stated_diffusion.frames) : SizeMoments{}};
  const double mean_flop = work.mean_flop(moments);
  if (sizes.diffusion_per_request()) {
    sizes.diffusion_work = std::make_shared<const SizedDiffusionWork>(work);
    sizes.mean_diffusion_flop = mean_flop;
  }
  return mean_flop;
}

// The service's `measured_power`, each power checked against the accelerator's idle power and TDP where it is
// written; decode only for text.
MeasuredPhasePowers read_measured_powers(const MapReader& map, const Cluster& cluster, bool text) {
  const auto& spec = inference_measured_power_section();
  const AcceleratorPowerModel power = accelerator_power_model(cluster);
  MeasuredPhasePowers measured;
  measured.prefill_w = map.positive_quantity(spec.key("prefill"));
  if (measured.prefill_w && (*measured.prefill_w <= power.idle_w() || *measured.prefill_w > power.tdp_w())) {
    map.fail("prefill", "is outside the " + cluster.accelerator.name + " range from its idle power of " +
                            short_number(power.idle_w()) + " W to its TDP of " + short_number(power.tdp_w()) + " W" +
                            " (expected a compute-bound power above idle, at most the TDP)");
  }
  measured.idle_w = map.quantity(spec.key("idle"));
  if (measured.idle_w && *measured.idle_w > power.tdp_w()) {
    map.fail("idle", "is above the " + cluster.accelerator.name + " TDP of " + short_number(power.tdp_w()) +
                         " W (expected at most the TDP)");
  }
  if (!text) {
    for (const char* key : {"decode", "decode_batch"}) {
      if (map.has(key))
        map.fail(key, "applies to text services only (expected prefill or idle: diffusion has no decode)");
    }
  }
  measured.decode_w = map.positive_quantity(spec.key("decode"));
  const auto batch = map.positive_count(spec.key("decode_batch"));
  if (batch && !measured.decode_w) map.fail("decode_batch", "without decode (expected decode, measured at this batch)");
  // A batch beyond any replica's (read_replica allows max_batch up to 1,000,000) is kept out of int's range here
  // and refused against max_batch by check_measured_text_power.
  if (batch) measured.decode_batch = static_cast<int>(std::min<std::int64_t>(*batch, 1000001));
  return measured;
}

// The text power curve's measured powers checked against the replica (measured_llm_power): a decode batch beyond
// its maximum, or a decode power that no floor gives, refused at its key.
void check_measured_text_power(const MapReader& map, const MeasuredPhasePowers& measured, const LlmArchitecture& model,
                               const ReplicaHardware& hardware, const InferenceEfficiency& efficiency,
                               const LlmRequest& request, int max_batch, const AcceleratorPowerModel& power) {
  const int batch = measured.decode_batch.value_or(max_batch);
  if (measured.decode_batch && batch > max_batch) {
    map.fail("decode_batch", "is above the replica's max_batch of " + std::to_string(max_batch) + " (expected 1 to " +
                                 std::to_string(max_batch) + ")");
  }
  try {
    measured_llm_power(model, hardware, efficiency, request, max_batch, power, measured);
  } catch (const std::invalid_argument& e) {
    map.fail("decode", "a decode step of batch " + std::to_string(batch) + " at the mean context: " + e.what());
  }
}

}  // namespace

// The service's mean request: the request's sizes, the trace's mean where it leaves one out, or the mean of the
// sizes drawn per request (iteration fidelity), which is also what a request without a distribution takes.
LlmRequest read_mean_request(const MapReader& request_map, InferenceService& service) {
  const auto& rspec = inference_request_section();
  LlmRequest request;
  // A size the request leaves out is the trace's mean, where the trace has that column.
  const auto prompt_from_trace = trace_mean_tokens(service.trace_input_tokens);
  const auto output_from_trace = trace_mean_tokens(service.trace_output_tokens);
  request.prompt_tokens = request_map.has("prompt_tokens") || !prompt_from_trace
                              ? non_negative_real(request_map, rspec.key("prompt_tokens"))
                              : *prompt_from_trace;
  request.output_tokens = request_map.has("output_tokens") || !output_from_trace
                              ? non_negative_real(request_map, rspec.key("output_tokens"))
                              : *output_from_trace;
  if (!request_map.has("prompt_tokens") && !request_map.has("output_tokens") && !prompt_from_trace &&
      !output_from_trace) {
    request_map.fail("output_tokens",
                     "missing required key (expected prompt_tokens and output_tokens, or a trace with token columns)");
  }
  // Sizes drawn per request: the mean of what is drawn is the mean request.
  if (service.sizes.prompt) request.prompt_tokens = service.sizes.prompt->mean();
  if (service.sizes.output) request.output_tokens = service.sizes.output->mean();
  service.sizes.mean_prompt_tokens = request.prompt_tokens;
  service.sizes.mean_output_tokens = request.output_tokens;
  if (request.prompt_tokens + request.output_tokens <= 0.0) {
    request_map.fail("output_tokens", "a request of no tokens takes no time (expected tokens > 0)");
  }
  return request;
}

// Text: a transformer LLM, its replica's latency and power against the batch.
void read_text_replica(const MapReader& model_map, const MapReader& request_map, const Cluster& cluster,
                       ReplicaPlan plan, const MapReader& replicas_map, bool batch_given, InferenceService& service,
                       const MapReader& measured_map) {
  const auto& mspec = inference_model_section();
  LlmArchitecture model;
  const auto parameters = model_map.number(mspec.key("parameters"));
  if (!parameters)
    model_map.fail("parameters", "missing required key (expected the active parameter count, e.g. 70e9)");
  model.active_parameters = *parameters;
  model.total_parameters = model_map.number(mspec.key("total_parameters")).value_or(0.0);
  if (model.total_parameters > 0.0 && model.total_parameters < model.active_parameters) {
    model_map.fail("total_parameters", "is below parameters (expected the resident count, at least the active one)");
  }
  model.bytes_per_parameter = *model_map.number(mspec.key("bytes_per_parameter"));
  const std::string why = "a text model needs its shape for the KV cache (layers, hidden_size, kv_heads, head_dim)";
  model.layers = static_cast<int>(required_count(model_map, mspec, "layers", why));
  model.hidden_size = static_cast<int>(required_count(model_map, mspec, "hidden_size", why));
  model.kv_heads = static_cast<int>(required_count(model_map, mspec, "kv_heads", why));
  model.head_dim = static_cast<int>(required_count(model_map, mspec, "head_dim", why));
  for (const char* key : {"ffn_size", "text_tokens", "flop_per_pass"}) {
    if (model_map.has(key)) model_map.fail(key, "applies to image and video models only");
  }

  const LlmRequest request = read_mean_request(request_map, service);
  for (const char* key : {"height", "width", "steps", "frames", "seconds", "images"}) {
    if (request_map.has(key)) request_map.fail(key, "applies to image and video requests only");
  }

  InferenceEfficiency efficiency;
  efficiency.compute = model_map.fraction(mspec.key("flop_utilisation")).value_or(efficiency.compute);
  efficiency.memory_bandwidth = *model_map.fraction(mspec.key("bandwidth_utilisation"));
  efficiency.tensor_parallel = *model_map.fraction(mspec.key("tensor_parallel_efficiency"));

  // The replica runs at its datasheet peaks; a power cap acts on each phase's time and power in the replica's
  // service table (models/workload/replica_service.hpp, llm_phase_run).
  const AcceleratorPowerModel power = accelerator_power_model(cluster);
  const ReplicaHardware hardware = replica_hardware(cluster.accelerator, plan.accelerators);

  const double context = request.prompt_tokens + request.output_tokens;
  const double fits = max_batch_in_memory(model, hardware, context);
  if (fits < 1.0) {
    const MemoryFit fit = check_memory_fit(model, hardware, 1.0, context);
    replicas_map.fail("accelerators", "the model does not fit a replica of " + std::to_string(plan.accelerators) +
                                          " x " + cluster.accelerator.name + ": " + fit.reason +
                                          " (expected more accelerators per replica)");
  }
  if (!batch_given) {
    plan.max_batch = static_cast<int>(std::min<double>(default_text_batch, fits));
  } else if (plan.max_batch > fits) {
    const MemoryFit fit = check_memory_fit(model, hardware, plan.max_batch, context);
    replicas_map.fail("max_batch", fit.reason + " (expected at most " + short_number(fits) +
                                       " sequences, or more accelerators per replica)");
  }
  const MeasuredPhasePowers measured = read_measured_powers(measured_map, cluster, true);
  check_measured_text_power(measured_map, measured, model, hardware, efficiency, request, plan.max_batch, power);
  service.replica = text_replica_service(model, hardware, efficiency, request, plan.max_batch, power, {}, measured);
  service.output.output_tokens = request.output_tokens;
  // The same replica as a serving engine runs it, for iteration fidelity (sim/scenario/serving_engine_reader.hpp).
  const PhaseRunFunction run_phase =
      llm_phase_run(power, measured_llm_power(model, hardware, efficiency, request, plan.max_batch, power, measured));
  auto engine = std::make_shared<IterationEngineConfig>();
  engine->model = model;
  engine->replica = hardware;
  engine->efficiency = efficiency;
  engine->run_phase = run_phase;
  service.engine = std::move(engine);
  // Request fidelity serves each request's own size from the mean request's table (batch and fluid serve the mean).
  if (service.fidelity == Fidelity::request && service.sizes.per_request()) {
    service.sized_latency = std::make_shared<SizedRequestLatency>(model, hardware, efficiency, run_phase,
                                                                  request.prompt_tokens, request.output_tokens);
  }
}

// Image and video: a diffusion transformer (or a given FLOP count per pass), compute-bound.
void read_diffusion_replica(const MapReader& model_map, const MapReader& request_map, const Cluster& cluster,
                            const ReplicaPlan& plan, const MapReader& replicas_map, InferenceService& service,
                            const MapReader& measured_map) {
  const auto& mspec = inference_model_section();
  const auto& rspec = inference_request_section();
  for (const char* key : {"prompt_tokens", "output_tokens"}) {
    if (request_map.has(key)) request_map.fail(key, "applies to text requests only");
  }
  for (const char* key : {"kv_heads", "head_dim", "total_parameters"}) {
    if (model_map.has(key)) model_map.fail(key, "applies to text models only");
  }
  const auto passes = *request_map.positive_count(rspec.key("passes_per_step"));
  if (passes > 2) {
    request_map.fail("passes_per_step", "is " + std::to_string(passes) +
                                            " (expected 1, or 2 with classifier-free "
                                            "guidance)");
  }
  const double flop_per_request = read_mean_diffusion_flop(model_map, request_map, passes == 2, service);
  const auto parameters = model_map.number(mspec.key("parameters"));
  if (parameters) {
    const double weights = *parameters * *model_map.number(mspec.key("bytes_per_parameter"));
    const double memory = plan.accelerators * cluster.accelerator.hbm_capacity_bytes;
    if (weights > memory) {
      replicas_map.fail("accelerators", "the model's " + short_number(weights / 1e9) + " GB of weights exceed the " +
                                            short_number(memory / 1e9) +
                                            " GB of a replica (expected more "
                                            "accelerators per replica)");
    }
  }

  const AcceleratorPowerModel power = accelerator_power_model(cluster);
  const ReplicaHardware hardware = replica_hardware(cluster.accelerator, plan.accelerators);
  const double utilisation =
      model_map.fraction(mspec.key("flop_utilisation")).value_or(ComputeBoundExecution{}.flop_utilisation);
  service.replica = diffusion_replica_service(
      flop_per_request, hardware, utilisation, *model_map.fraction(mspec.key("tensor_parallel_efficiency")),
      plan.max_batch, power, read_measured_powers(measured_map, cluster, false));
}

}  // namespace terawatt
