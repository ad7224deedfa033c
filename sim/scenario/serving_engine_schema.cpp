// The keys of a text service served at iteration fidelity (`engine`), of its requests' sizes (`request.sizes`) and of
// its latency targets (`slo`), declared as every other section (sim/scenario/scenario_schema.hpp).
#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& inference_engine_section() {
  static const SectionSpec section{
      "workloads[].engine",
      "Text at `fidelity: iteration`: each replica runs the loop of a vLLM-like serving engine (README, iteration "
      "fidelity). A replica holds at most `replicas.max_batch` sequences (vLLM's max_num_seqs).",
      {
          {"block_tokens", ValueType::count, none, "16", false, "Tokens per KV-cache block (vLLM's default)."},
          {"memory_utilisation", ValueType::fraction, none, "0.9", false,
           "Share of the replica's HBM the engine may use; the KV cache is what is left after the weights (vLLM's "
           "gpu_memory_utilization default)."},
          {"max_batched_tokens", ValueType::count, none, "2048", false,
           "Tokens one iteration processes at most, prefill chunks and decodes together (vLLM's "
           "max_num_batched_tokens default for its OpenAI server on GPUs under 70 GiB; 8192 on larger ones). At "
           "least `replicas.max_batch`."},
          {"chunked_prefill", ValueType::name, none, "true", false,
           "`true`: prompts are prefilled in chunks within the token budget (Sarathi-Serve; vLLM V1's default); "
           "`false`: whole."},
          {"policy", ValueType::name, none, "decode_first", false,
           "`decode_first`: every decoding sequence runs each iteration and prefill chunks fill the budget left "
           "(vLLM V1); `prefill_first`: iterations with prefill work run it alone and decodes wait (vLLM V0)."},
          {"prefill_replicas", ValueType::count, none, "", true,
           "Prefill/decode disaggregation (Splitwise, DistServe): the first this many replicas only prefill; each "
           "prompt's KV cache then moves to the least loaded of the other replicas, which decode, as a transfer "
           "over the cluster network between their hosts (a SimGrid communication: the links' bandwidth, latency "
           "and contention), or over the server interconnect within one host. From 1 to `replicas.count` - 1; the "
           "pools are fixed (no autoscaling, no flexibility). Absent: every replica prefills and decodes."},
          {"expert_parallel", ValueType::text, none, "", true,
           "A mixture-of-experts model's experts spread over the replica's accelerators, a mapping (see "
           "`workloads[].engine.expert_parallel`). Absent: no exchange between them."},
      }};
  return section;
}

const SectionSpec& expert_parallel_section() {
  static const SectionSpec section{
      "workloads[].engine.expert_parallel",
      "Expert parallelism (vLLM's enable_expert_parallel) of a mixture-of-experts model (`model.total_parameters` "
      "above `parameters`): in every MoE layer each token's hidden state goes to the accelerators of its experts and "
      "back, two all-to-alls of tokens x experts_per_token x hidden_size x 2 bytes. Routing is taken uniform: a share "
      "(k/S - 1) / k crosses the servers' interconnect (half the `intra_server_bandwidth` per accelerator, one way) "
      "and (S - 1) / S the fabric between the replica's S servers (their `network.bandwidth`), both legs at once and "
      "not overlapped with compute, the fabric's paying its latency in every exchange. Each iteration waits for them, "
      "at its power. With `prefill_replicas` the fabric leg becomes SimGrid transfers while a KV cache shares its "
      "links (`transfers`); otherwise it keeps its analytic time (README, iteration fidelity).",
      {
          {"experts_per_token", ValueType::count, none, "", false,
           "Routed experts per token (top-k), e.g. 2 for Mixtral, 8 for DeepSeek-V3."},
          {"moe_layers", ValueType::count, none, "", true, "Layers with routed experts. Absent: every layer."},
          {"transfers", ValueType::name, none, "true", false,
           "With `engine.prefill_replicas` only. `true`: the exchanges between servers become SimGrid transfers "
           "while a KV cache crosses their links, which the network shares; `false`: they keep the analytic time "
           "(faster: no transfers and no wake-ups for them, but no contention with the KV caches)."},
      }};
  return section;
}

const SectionSpec& request_sizes_section() {
  static const SectionSpec section{
      "workloads[].request.sizes",
      "Each request's own size. Text: its prompt and output tokens, drawn from a distribution (seeded) or read "
      "from the arrivals' trace; image and video: its denoising steps, resolution and video frames. `sizes: trace` "
      "takes the trace's token columns. Without `sizes` every request is the mean "
      "request. Iteration fidelity runs each request at its size in the serving engine. Request fidelity takes the "
      "replica table's latency for the mean request, L(n), and gives a request of P prompt and O output tokens "
      "prefill(P) + (L(n) - prefill(mean P)) x O / mean O: its own prefill, and a decode share, stalls for the "
      "others' prefills included, in proportion to its output (models/workload/sized_request_latency.hpp). Batch "
      "and fluid serve the mean of the distributions: their occupancy depends on the mean latency, not its spread, "
      "below a full batch (replica_service.hpp). An image or video request's FLOPs follow its own steps, "
      "resolution and frames (self-attention is quadratic in the latent tokens), drawn independently of one "
      "another; the replica table serves their mean FLOPs, above the mean request's where the resolution or frames "
      "spread, and request fidelity gives each request the table's time times its FLOPs over that mean "
      "(models/workload/sized_diffusion_work.hpp).",
      {
          {"prompt", ValueType::text, none, "", true,
           "Prompt tokens, a distribution (see `workloads[].request.sizes.prompt`). Absent: every prompt is "
           "`prompt_tokens`."},
          {"output", ValueType::text, none, "", true,
           "Output tokens, a distribution (see `workloads[].request.sizes.prompt`). Absent: every output is "
           "`output_tokens`."},
          {"steps", ValueType::text, none, "", true,
           "Image and video: denoising steps, a distribution (see `workloads[].request.sizes.prompt`). Absent: every "
           "request takes `steps`."},
          {"height", ValueType::text, none, "", true,
           "Image and video: height in pixels, a distribution. It needs the model's shape (not `flop_per_pass`), "
           "since the FLOPs per pass follow the latent tokens. Absent: every request takes `height`."},
          {"width", ValueType::text, none, "", true,
           "Image and video: width in pixels, a distribution, as `height`. Absent: every request takes `width`."},
          {"frames", ValueType::text, none, "", true,
           "Video: frames, a distribution, as `height`; a clip's seconds are its frames over `fps`. Absent: every "
           "request takes `frames` (or `seconds` x `fps`)."},
      }};
  return section;
}

const SectionSpec& size_distribution_section() {
  static const SectionSpec section{
      "workloads[].request.sizes.prompt",
      "A distribution of whole token counts (each draw rounded, at least 1). Its mean, that of what is drawn "
      "(clamps included), is the service's mean request, which the other fidelities and the memory check use.",
      {
          {"distribution", ValueType::name, none, "", false,
           "`fixed`, `lognormal`, `gamma` (each by `mean` and `cv`) or `histogram` (`edges` and `weights`)."},
          {"mean", ValueType::number, none, "", true,
           "fixed, lognormal, gamma: the mean. Absent: the request's `prompt_tokens` or `output_tokens`."},
          {"cv", ValueType::real, none, "", true,
           "lognormal, gamma: the coefficient of variation, standard deviation over mean: 0 (fixed), or 0.001 to 10."},
          {"edges", ValueType::text, none, "", true,
           "histogram: bin edges, a list of increasing token counts >= 0 (a draw is uniform within its bin)."},
          {"weights", ValueType::text, none, "", true, "histogram: one weight per bin, >= 0, not all zero."},
          {"min", ValueType::real, none, "", true, "Draws below are raised to it."},
          {"max", ValueType::real, none, "", true, "Draws above are lowered to it (e.g. the model's context)."},
      }};
  return section;
}

const SectionSpec& inference_slo_section() {
  static const SectionSpec section{
      "workloads[].slo",
      "Latency targets of a text service at iteration fidelity: a request meets them when its time to first "
      "token and its mean time per output token are both within them. /summary gives the share of served "
      "requests that do (`slo_attainment`) and their rate (`goodput`).",
      {
          {"ttft", ValueType::quantity, Dimension::time, "", true, "Time to first token. Absent: not a target."},
          {"tpot", ValueType::quantity, Dimension::time, "", true,
           "Time per output token after the first. Absent: not a target."},
          {"attainment", ValueType::fraction, none, "0.9", false,
           "With `replicas.target: slo`: the share of requests the autoscaler keeps within the targets (it scales on "
           "that percentile of each time)."},
      }};
  return section;
}

}  // namespace terawatt
