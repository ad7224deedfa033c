// The keys of an inference service (`workloads[]` with `type: inference`), declared once like every other section
// (sim/scenario/scenario_schema.hpp). Defaults and their sources are in the docs, which become the README's reference.
#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& inference_section() {
  static const SectionSpec section{
      "workloads[] (type: inference)",
      "A service answering requests from the scenario start to its horizon (a `scenario.duration` is required): "
      "replicas of a model on whole accelerators, requests from a daily arrival profile or a trace (README, "
      "inference).",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the workload."},
          {"type", ValueType::name, none, "", false, "`inference`."},
          {"cluster", ValueType::name, none, "", true, "The cluster it runs on. May be omitted when there is one."},
          {"modality", ValueType::name, none, "", false,
           "`text` (an LLM: prefill and batched decode), `image` or `video` (diffusion, compute-bound)."},
          {"fidelity", ValueType::name, none, "fluid", false,
           "`iteration` (text): each replica runs a serving engine's loop, iteration by iteration, for requests of "
           "their own sizes (see `workloads[].engine`; time to first token and per output token); `request`: each "
           "request is an event of the service's loop, lasting the replica table's latency, scaled to its own size "
           "with `sizes` (latency percentiles; about 10^6 requests per wall second); `batch`: a replica's requests of "
           "one control interval are one "
           "activity; `fluid`: load, power and throughput per control interval from the rate (a year of a large "
           "fleet in seconds)."},
          {"model", ValueType::text, none, "", false, "The model served, a mapping (see `workloads[].model`)."},
          {"request", ValueType::text, none, "", false, "One request, a mapping (see `workloads[].request`)."},
          {"arrivals", ValueType::text, none, "", false, "Demand, a mapping (see `workloads[].arrivals`)."},
          {"replicas", ValueType::text, none, "", true,
           "Replicas, batching and scaling, a mapping (see `workloads[].replicas`). Absent: all defaults."},
          {"start", ValueType::quantity, Dimension::time, "0 s", false,
           "When the service opens, after the scenario start: it then takes its servers (waiting for them if jobs "
           "hold them) and requests arrive from then on."},
          {"control_interval", ValueType::quantity, Dimension::time, "1 min", false,
           "Step of the autoscaler, and of the batch and fluid fidelities (their load is constant within it)."},
          {"measured_power", ValueType::text, none, "", true,
           "Measured powers of one accelerator in each phase, imposed in place of the power model's, a mapping (see "
           "`workloads[].measured_power`). Absent: the model's."},
          {"engine", ValueType::text, none, "", true,
           "Text at `fidelity: iteration`: the serving engine's settings, a mapping (see `workloads[].engine`). "
           "Absent: vLLM's defaults."},
          {"slo", ValueType::text, none, "", true,
           "Latency targets (text, iteration fidelity), a mapping (see `workloads[].slo`)."},
          {"flexibility", ValueType::text, none, "", true,
           "The site controller may scale it down to a floor to meet the grid connection's limit, a mapping (see "
           "`workloads[].flexibility (inference)`)."},
      }};
  return section;
}

const SectionSpec& inference_model_section() {
  static const SectionSpec section{
      "workloads[].model",
      "The model a replica holds. Text: a transformer LLM by its shape (its KV cache must fit beside the weights for "
      "a full batch). Image and video: a diffusion transformer by its shape (Delavande et al. 2025, docs/references.md "
      "RC-31), or by `flop_per_pass`.",
      {
          {"parameters", ValueType::number, none, "", true,
           "Active parameters N (text: 2 N FLOPs per token; diffusion without a shape: 2 N FLOPs per latent "
           "token and pass)."},
          {"total_parameters", ValueType::number, none, "", true,
           "Text, mixture of experts: parameters resident in memory. Absent: equal to `parameters` (dense)."},
          {"bytes_per_parameter", ValueType::number, none, "2", false, "Bytes of one weight (2: BF16)."},
          {"layers", ValueType::count, none, "", true, "Transformer layers (blocks)."},
          {"hidden_size", ValueType::count, none, "", true, "Model width d."},
          {"kv_heads", ValueType::count, none, "", true, "Text: key/value heads (fewer than query heads with GQA)."},
          {"head_dim", ValueType::count, none, "", true, "Text: width of one attention head."},
          {"ffn_size", ValueType::count, none, "", true, "Diffusion transformer: MLP width."},
          {"text_tokens", ValueType::count, none, "", true,
           "Diffusion transformer: text-encoder tokens seen by cross-attention (e.g. 512 for Wan2.1)."},
          {"flop_per_pass", ValueType::quantity, Dimension::flop, "", true,
           "Image or video: FLOPs of one denoiser pass, when the shape is not given (e.g. a U-Net's published "
           "count)."},
          {"flop_utilisation", ValueType::fraction, none, "", true,
           "Share of peak FLOP/s the compute-bound phases sustain. Absent: text 0.40 (large GEMMs as in "
           "training, docs/references.md E), diffusion 0.456 (Delavande et al. 2025's fit on H100, RC-31)."},
          {"bandwidth_utilisation", ValueType::fraction, none, "0.8", false,
           "Text: share of datasheet HBM bandwidth that decode sustains (assumption, not among the published figures "
           "of docs/references.md)."},
          {"tensor_parallel_efficiency", ValueType::fraction, none, "0.9", false,
           "Share of the ideal k-fold speed-up left on a replica of k > 1 accelerators (assumption)."},
      }};
  return section;
}

const SectionSpec& inference_request_section() {
  static const SectionSpec section{
      "workloads[].request",
      "The service's mean request; at iteration and request fidelity each text request may have its own size "
      "(`sizes`).",
      {
          {"prompt_tokens", ValueType::real, none, "", true,
           "Text: input tokens (prefill). Absent with a trace of input sizes: their mean."},
          {"output_tokens", ValueType::real, none, "", true,
           "Text: generated tokens (decode). Absent with a trace of output sizes: their mean."},
          {"height", ValueType::count, none, "", true, "Image or video: height in pixels."},
          {"width", ValueType::count, none, "", true, "Image or video: width in pixels."},
          {"steps", ValueType::count, none, "", true, "Image or video: denoising steps."},
          {"passes_per_step", ValueType::count, none, "2", false,
           "Image or video: denoiser passes per step, 1 or 2 (2 with classifier-free guidance, the Diffusers "
           "default Delavande et al. measured; 1 without, e.g. guidance-distilled models)."},
          {"frames", ValueType::count, none, "", true, "Video: frames generated. Or `seconds` and `fps`."},
          {"seconds", ValueType::quantity, Dimension::time, "", true, "Video: clip length, with `fps`."},
          {"fps", ValueType::number, none, "16", false, "Video: frames per second (Wan2.1's 16)."},
          {"images", ValueType::count, none, "1", false, "Image: images per request (they run one after another)."},
          {"sizes", ValueType::text, none, "", true,
           "Text: each request's own size, a mapping (see `workloads[].request.sizes`) or `trace`. Absent: every "
           "request is the mean one."},
      }};
  return section;
}

const SectionSpec& inference_arrivals_section() {
  static const SectionSpec section{
      "workloads[].arrivals",
      "When requests arrive: a Poisson process whose rate follows a daily and weekly shape around the mean "
      "(seeded), or a trace. Give `requests_per_day`, or `users` with `queries_per_user_per_day`, or `trace`.",
      {
          {"requests_per_day", ValueType::real, none, "", true, "Mean requests per day."},
          {"users", ValueType::real, none, "", true, "Daily users, with `queries_per_user_per_day`."},
          {"queries_per_user_per_day", ValueType::real, none, "", true, "Queries of one user per day."},
          {"daily_shape", ValueType::name, none, "flat", false,
           "`flat`, `office` (working hours, weekdays) or `consumer` (awake hours, evening peak); assumptions, "
           "not fitted to a published trace (README, inference). Ignored with `hourly_weights`."},
          {"hourly_weights", ValueType::text, none, "", true,
           "A custom 24-hour shape: a list of 24 non-negative weights, local hours 0-23 (only ratios matter; "
           "every weekday alike)."},
          {"utc_offset", ValueType::real, none, "0", false, "Hours from UTC of the users' local time, e.g. -5."},
          {"trace", ValueType::text, none, "", true,
           "Requests from a trace: a CSV file (relative to the scenario) with a header `time` and one arrival per "
           "line, in seconds after the scenario start, non-decreasing; or a mapping for other layouts, such as "
           "public datasets' (see `workloads[].arrivals.trace`)."},
      }};
  return section;
}

const SectionSpec& inference_replicas_section() {
  static const SectionSpec section{
      "workloads[].replicas",
      "Replicas: copies of the model, each on `accelerators` devices; a host holds whole replicas or a replica "
      "whole hosts. Requests go to the least loaded serving replica; a replica holds at most `max_batch`.",
      {
          {"accelerators", ValueType::count, none, "1", false,
           "Accelerators of one replica (tensor parallel, times `pipeline_stages`)."},
          {"pipeline_stages", ValueType::count, none, "1", false,
           "Iteration fidelity: pipeline-parallel stages of a replica, each of accelerators / stages (tensor "
           "parallel); the replica runs as many micro-batches at once (vLLM's virtual engines), each holding a share "
           "of `max_batch` and of the KV cache, whose iterations pass every stage in turn and hop between stages "
           "(README, iteration fidelity). With `engine.expert_parallel`, each stage's experts spread over its own "
           "accelerators. An autoscaler and a site's curtailment (`flexibility.floor`) count whole replicas, all their "
           "micro-batch streams together. Not with `engine.prefill_replicas`."},
          {"count", ValueType::count, none, "", true,
           "A fixed number of replicas, all serving. Give this, or `min` and `max` to autoscale. Absent with no "
           "`max`: as many as the cluster holds."},
          {"min", ValueType::count, none, "1", false, "Autoscaling: fewest serving replicas."},
          {"max", ValueType::count, none, "", true,
           "Autoscaling: most replicas; their servers are reserved for the whole run."},
          {"target_utilisation", ValueType::fraction, none, "0.7", false,
           "Autoscaling: serving replicas = ceil(demand / (target x capacity of one)). 0.7: assumption, the "
           "headroom commonly left for bursts."},
          {"target", ValueType::name, none, "utilisation", false,
           "Autoscaling: `utilisation` (replicas for the demand at `target_utilisation`) or `slo` (iteration fidelity "
           "with `slo`: the Kubernetes autoscaler's rule on latency, replicas x the larger of time to first token and "
           "per output token at the `slo.attainment` percentile over its target, within a tolerance of 10 %)."},
          {"scale_down_delay", ValueType::quantity, Dimension::time, "10 min", false,
           "Autoscaling: how long demand must stay lower before replicas are released (assumption)."},
          {"scaled_down", ValueType::name, none, "idle", false,
           "Replicas not serving: `idle` (powered, idle power), `standby` (servers suspended at `standby_power`, "
           "accelerators unpowered) or `off` (0 W). A server holding several replicas sleeps only when all do. From "
           "standby or off a replica takes `wake_up` to serve again."},
          {"standby_power", ValueType::quantity, Dimension::power, "", true,
           "With `standby`: the power of one suspended server. No default: docs/references.md has no figure."},
          {"wake_up", ValueType::quantity, Dimension::time, "5 min", false,
           "Time from standby or off to serving, at idle power: boot, driver load and reading the weights "
           "(assumption; a standby resume is faster, set it)."},
          {"max_batch", ValueType::count, none, "", true,
           "Requests a replica holds at once. Absent: text 64 (capped by memory), image and video 1. For "
           "diffusion a batch shares the compute: it raises latency, not throughput."},
      }};
  return section;
}

const SectionSpec& inference_measured_power_section() {
  static const SectionSpec section{
      "workloads[].measured_power",
      "A study's measured powers of ONE accelerator of a replica, each in place of the power model's, as a "
      "cluster's `compute_power` is for training. Each is taken at full clock: a power cap below it clips it, and "
      "slows its phase, as it does any phase.",
      {
          {"prefill", ValueType::quantity, Dimension::power, "", true,
           "Compute-bound work, within (idle, TDP]. Text: prefill, the end of the power curve at full compute "
           "utilisation (in place of the cluster's `compute_power` or the model's compute intensity). Image and "
           "video: the power while denoising."},
          {"decode", ValueType::quantity, Dimension::power, "", true,
           "Text: the mean power while decoding a batch of `decode_batch` at the request's mean context (prompt + "
           "half the output). The curve's memory-bound floor (TDP / 4.1 by default, ML.ENERGY, docs/references.md "
           "E) is solved so that such a decode step draws it; the curve stays linear in compute utilisation. "
           "Refused when no floor from idle to the compute power gives it."},
          {"decode_batch", ValueType::count, none, "", true,
           "Text: the batch `decode` was measured at, 1 to `max_batch`. Absent: `max_batch`."},
          {"idle", ValueType::quantity, Dimension::power, "", true,
           "A replica holding no request, model loaded, within [0, TDP]: also the power of replicas scaled down to "
           "`idle` and of the service's accelerators no replica uses. Absent: the accelerator's idle power. The "
           "cluster's accelerators no service holds keep the accelerator's idle power."},
      }};
  return section;
}

}  // namespace terawatt
