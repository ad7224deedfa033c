#include "sim/scenario/serving_engine_reader.hpp"

#include "models/base/units.hpp"
#include "sim/scenario/inference_arrivals_reader.hpp"
#include "sim/scenario/inference_replica_reader.hpp"
#include "sim/scenario/replica_placement.hpp"
#include "sim/scenario/replica_table_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace terawatt {
namespace {

constexpr double max_cv = 10.0;
constexpr double min_cv = 1e-3;

std::vector<double> number_list(const MapReader& map, const char* key) {
  const YAML::Node list = map.child(key);
  if (!list.IsSequence() || list.size() == 0) map.fail(key, "expected a list of numbers, found " + node_kind(list));
  std::vector<double> values;
  for (std::size_t i = 0; i < list.size(); ++i) {
    double value = -1.0;
    try {
      value = parse_number(list[i].IsScalar() ? list[i].Scalar() : std::string("?"));
    } catch (const UnitError&) {
      map.fail(key, "entry " + std::to_string(i) + " is not a number");
    }
    values.push_back(value);
  }
  return values;
}

// One distribution of whole token counts; `stated_mean` is the request's own size, the default mean.
SizeDistribution read_distribution(const MapReader& map, double stated_mean) {
  const auto& spec = size_distribution_section();
  const std::string kind_name = *map.name(spec.key("distribution"));
  const auto kind = find_size_kind(kind_name);
  if (!kind) {
    map.fail("distribution",
             "unknown distribution '" + kind_name + "' (expected fixed, lognormal, gamma or histogram)");
  }
  SizeLimits limits;
  limits.min = map.real(spec.key("min"));
  limits.max = map.real(spec.key("max"));
  const double mean = map.number(spec.key("mean")).value_or(stated_mean);
  const auto refuse = [&map](const char* key, const char* kinds) {
    if (map.has(key)) map.fail(key, std::string("applies to ") + kinds + " only");
  };
  try {
    switch (*kind) {
      case SizeKind::fixed:
        for (const char* key : {"cv", "edges", "weights"}) refuse(key, "other distributions");
        return SizeDistribution::fixed(mean, limits);
      case SizeKind::lognormal:
      case SizeKind::gamma: {
        for (const char* key : {"edges", "weights"}) refuse(key, "histogram");
        const auto cv = map.real(spec.key("cv"));
        if (!cv) map.fail("distribution", kind_name + " needs `cv`, the standard deviation over the mean");
        // Beyond these the laws' numerics (the gamma function's series, the lognormal's tail) lose their accuracy,
        // and no request-size data needs them: a spread of 10 is already ten times the mean.
        if (*cv > max_cv) map.fail("cv", "is above " + short_number(max_cv) + " (expected a spread of at most that)");
        if (*cv > 0.0 && *cv < min_cv) {
          map.fail("cv", "is below " + short_number(min_cv) + " (expected distribution: fixed for so narrow a spread)");
        }
        return *kind == SizeKind::lognormal ? SizeDistribution::lognormal(mean, *cv, limits)
                                            : SizeDistribution::gamma(mean, *cv, limits);
      }
      case SizeKind::histogram:
        for (const char* key : {"mean", "cv"}) refuse(key, "fixed, lognormal and gamma");
        for (const char* key : {"edges", "weights"}) {
          if (!map.has(key)) map.fail("distribution", std::string("histogram needs `") + key + "`");
        }
        return SizeDistribution::histogram(number_list(map, "edges"), number_list(map, "weights"), limits);
    }
  } catch (const SizeDistributionError& error) {
    const std::string key = error.parameter().substr(0, error.parameter().find('['));
    map.fail(map.has(key) ? key : std::string("distribution"), error.problem());
  } catch (const std::invalid_argument& error) {
    map.fail("distribution", error.what());
  }
  map.fail("distribution", "unknown distribution");
}

// Image and video: the distributions of steps, height, width and frames. A distribution without its own mean takes
// the request's key (a video's frames: `frames`, or `seconds` x `fps`).
void read_diffusion_sizes(const YamlSource& context, const MapReader& request_map, const MapReader& sizes,
                          InferenceService& service) {
  const auto& rspec = inference_request_section();
  const bool text = service.modality == Modality::text;
  RequestSizes& drawn = service.sizes;
  DiffusionSizeMoments& moments = drawn.drawn_moments;
  for (const auto& [key, stated, size, moment] :
       {std::tuple{"steps", request_map.real(rspec.key("steps")), &drawn.steps, &moments.steps},
        std::tuple{"height", request_map.real(rspec.key("height")), &drawn.height_px, &moments.height_px},
        std::tuple{"width", request_map.real(rspec.key("width")), &drawn.width_px, &moments.width_px},
        std::tuple{"frames", service.modality == Modality::video ? stated_frames(request_map) : std::nullopt,
                   &drawn.frames, &moments.frames}}) {
    if (!sizes.has(key)) continue;
    if (text) sizes.fail(key, "applies to image and video services (expected prompt or output)");
    if (std::string(key) == "frames" && service.modality != Modality::video) {
      sizes.fail(key, "applies to video services (expected steps, height or width)");
    }
    const MapReader map(context, sizes.child(key), sizes.child_path(key), size_distribution_section());
    if (!stated && !map.has("mean") && !map.has("edges")) {
      map.fail("distribution", std::string("needs a `mean` (or the request's ") + key + ")");
    }
    *size = read_distribution(map, stated.value_or(1.0));
    // The mean FLOPs need the quantity's mean square (sized_diffusion_work.hpp), which a heavy enough tail lacks.
    try {
      *moment = {(*size)->mean(), (*size)->mean_square()};
    } catch (const SizeDistributionError& error) {
      map.fail("distribution", "has no mean square for the mean FLOPs to use: " + error.problem());
    }
  }
}

}  // namespace

void read_request_sizes(const YamlSource& context, const MapReader& request_map, InferenceService& service) {
  if (!request_map.has("sizes")) return;
  const bool text = service.modality == Modality::text;
  const YAML::Node node = request_map.child("sizes");
  if (node.IsScalar() && !text) {
    request_map.fail("sizes", "`trace` applies to text services (expected a mapping of steps)");
  }
  if (node.IsScalar()) {
    if (node.Scalar() != "trace") request_map.fail("sizes", "expected `trace` or a mapping of prompt and output");
    if (service.trace_input_tokens.empty() || service.trace_output_tokens.empty()) {
      request_map.fail("sizes",
                       "`trace` needs a trace with input and output token columns (see "
                       "workloads[].arrivals.trace)");
    }
    service.sizes.from_trace = true;
    return;
  }
  const MapReader sizes(context, node, request_map.child_path("sizes"), request_sizes_section());
  const auto& rspec = inference_request_section();
  for (const char* key : {"prompt", "output"}) {
    if (sizes.has(key) && !text) sizes.fail(key, "applies to text services (expected steps, height, width or frames)");
  }
  read_diffusion_sizes(context, request_map, sizes, service);
  for (const auto& [key, given, trace, size] :
       {std::tuple{"prompt", "prompt_tokens", &service.trace_input_tokens, &service.sizes.prompt},
        std::tuple{"output", "output_tokens", &service.trace_output_tokens, &service.sizes.output}}) {
    if (!sizes.has(key)) continue;
    const MapReader map(context, sizes.child(key), sizes.child_path(key), size_distribution_section());
    // The stated mean: the distribution's own, else the request's size, else the trace's mean.
    const auto stated = request_map.real(rspec.key(given));
    const auto mean = stated ? stated : trace_mean_tokens(*trace);
    if (!mean && !map.has("mean") && !map.has("edges")) {
      map.fail("distribution", std::string("needs a `mean` (or the request's ") + given + ")");
    }
    *size = read_distribution(map, mean.value_or(1.0));
  }
}

namespace {

// `accelerators` of one server sending at once over its interconnect, one way: half the catalog's (or the cluster's)
// both-ways figure each. None without a figure.
std::optional<double> one_way_interconnect_bytes_per_s(const Cluster& cluster, std::int64_t accelerators) {
  if (!cluster.network.intra_server_bytes_per_s) return std::nullopt;
  return 0.5 * *cluster.network.intra_server_bytes_per_s * static_cast<double>(accelerators);
}

// The servers a replica of `accelerators` spans: 1 within a server, else its whole servers; `key` is refused for a
// replica on part of a server beyond the first.
std::int64_t replica_servers(const MapReader& map, const char* key, const Cluster& cluster, std::int64_t accelerators) {
  const std::int64_t per_server = cluster.accelerators_per_server;
  if (accelerators <= per_server) return 1;
  if (accelerators % per_server != 0) {
    map.fail(key, "needs replicas on whole servers (expected replicas.accelerators a multiple of the " +
                      std::to_string(per_server) + " of a server, or at most that)");
  }
  return accelerators / per_server;
}

// The one-way interconnect bandwidth of `accelerators` of a server, which `key` needs.
double required_interconnect_bytes_per_s(const MapReader& map, const char* key, const Cluster& cluster,
                                         std::int64_t accelerators) {
  const auto bandwidth = one_way_interconnect_bytes_per_s(cluster, accelerators);
  if (!bandwidth) {
    map.fail(key,
             "needs the accelerators' interconnect bandwidth (expected the catalog's, or the cluster's "
             "network.intra_server_bandwidth)");
  }
  return *bandwidth;
}

// `engine.prefill_replicas`: fixed prefill and decode pools of the service's replicas.
void read_disaggregation(const MapReader& map, const MapReader& engine_map, const Cluster& cluster,
                         InferenceService& service) {
  const auto prefill = engine_map.positive_count(inference_engine_section().key("prefill_replicas"));
  if (!prefill) return;
  if (*prefill >= service.max_replicas) {
    engine_map.fail("prefill_replicas", "leaves no decode replica of the " + std::to_string(service.max_replicas) +
                                            " (expected 1 to replicas.count - 1)");
  }
  if (service.autoscale) {
    engine_map.fail("prefill_replicas",
                    "the prefill and decode pools are fixed (expected no autoscaling: replicas.target absent)");
  }
  if (map.has("flexibility")) {
    engine_map.fail("prefill_replicas", "the prefill and decode pools are fixed (expected no flexibility)");
  }
  Disaggregation d;
  d.prefill_replicas = *prefill;
  d.kv_bytes_per_token = kv_cache_bytes_per_token(service.engine->model);
  d.intra_host_bytes_per_s = one_way_interconnect_bytes_per_s(cluster, service.replica.accelerators);
  service.disaggregation = d;
}

// `engine.expert_parallel`: the all-to-all of a mixture-of-experts model's experts spread over the replica.
std::optional<ExpertParallel> read_expert_parallel(const YamlSource& context, const MapReader& engine_map,
                                                   const Cluster& cluster, const InferenceService& service,
                                                   bool& transfers) {
  if (!engine_map.has("expert_parallel")) return std::nullopt;
  const LlmArchitecture& model = service.engine->model;
  if (!(model.total_parameters > model.active_parameters)) {
    engine_map.fail("expert_parallel",
                    "applies to a mixture of experts (expected model.total_parameters above model.parameters)");
  }
  const auto& spec = expert_parallel_section();
  const MapReader map = child_map(context, engine_map, "expert_parallel", spec);
  ExpertParallel ep;
  ep.experts_per_token = static_cast<int>(*map.positive_count(spec.key("experts_per_token")));
  ep.moe_layers = static_cast<int>(map.positive_count(spec.key("moe_layers")).value_or(model.layers));
  if (ep.moe_layers > model.layers) map.fail("moe_layers", "exceeds model.layers");
  const std::int64_t k = service.replica.accelerators;
  ep.servers = static_cast<int>(replica_servers(map, "experts_per_token", cluster, k));
  const std::int64_t per_replica_server = k / ep.servers;
  if (per_replica_server > 1) {
    ep.intra_server_bytes_per_s =
        required_interconnect_bytes_per_s(map, "experts_per_token", cluster, per_replica_server);
  }
  ep.inter_server_bytes_per_s = cluster.network.bandwidth_bytes_per_s * static_cast<double>(ep.servers);
  ep.inter_server_latency_s = cluster.network.latency_s;
  transfers = read_choice(map, spec.key("transfers"), {"true", "false"}) == 0;
  if (map.has("transfers") && !engine_map.has("prefill_replicas")) {
    map.fail("transfers", "applies to a disaggregated service (expected engine.prefill_replicas)");
  }
  return ep;
}

// `replicas.pipeline_stages`: each replica becomes that many micro-batch streams of a stage's accelerators, which the
// service runs as replicas of their own (IterationEngineConfig::pipeline_stages).
void read_pipeline_stages(const MapReader& replicas_map, const MapReader& engine_map, const Cluster& cluster,
                          InferenceService& service, IterationEngineConfig& config) {
  const auto& spec = inference_replicas_section();
  const std::int64_t stages = *replicas_map.positive_count(spec.key("pipeline_stages"));
  if (stages == 1) return;
  const std::int64_t k = service.replica.accelerators;
  const auto refuse = [&replicas_map](const std::string& why) { replicas_map.fail("pipeline_stages", why); };
  if (k % stages != 0) refuse("does not divide replicas.accelerators (" + std::to_string(k) + ")");
  // Expert parallelism combines: each stage's experts spread over the stage's accelerators (read_expert_parallel reads
  // the stream's), and a micro-batch passes every stage's exchange in turn, which all_to_all_s over the stream's
  // accelerators and all MoE layers counts.
  if (engine_map.has("prefill_replicas")) refuse("is not combined with engine.prefill_replicas");
  const std::int64_t tp = k / stages;
  const auto layout = replica_layout(tp, cluster);  // the streams sit on the hosts as replicas of tp would
  if (!layout) {
    refuse("needs stages of accelerators that divide a host's " +
           std::to_string(cluster.accelerators_per_server * cluster.servers_per_host) + " or are whole hosts");
  }
  // Stages aligned with servers: a replica on S servers crosses the fabric at S - 1 of its stage boundaries.
  const std::int64_t servers = replica_servers(replicas_map, "pipeline_stages", cluster, k);
  PipelineHops& hops = config.pipeline_hops;
  hops.inter_server = static_cast<int>(std::min(servers - 1, stages - 1));
  hops.intra_server = static_cast<int>(stages - 1 - hops.inter_server);
  if (hops.intra_server > 0) {
    hops.intra_server_bytes_per_s = required_interconnect_bytes_per_s(replicas_map, "pipeline_stages", cluster, tp);
  }
  hops.inter_server_bytes_per_s = cluster.network.bandwidth_bytes_per_s;
  hops.inter_server_latency_s = cluster.network.latency_s;
  config.pipeline_stages = static_cast<int>(stages);
  config.replica = replica_hardware(cluster.accelerator, static_cast<int>(tp));
  config.max_num_seqs = static_cast<int>((service.replica.slots + stages - 1) / stages);
  // The service runs each stream as a replica of tp accelerators, on the same accelerators in the same order.
  service.pipeline_stages = stages;
  service.replica.accelerators = static_cast<int>(tp);
  service.max_replicas *= stages;
  service.min_replicas *= stages;
  service.replicas_per_host = layout->replicas_per_host;
  service.hosts_per_replica = layout->hosts_per_replica;
}

}  // namespace

void read_serving_engine(const YamlSource& context, const MapReader& map, const Cluster& cluster,
                         InferenceService& service) {
  const bool iteration = service.fidelity == Fidelity::iteration;
  if (iteration && service.modality != Modality::text) {
    map.fail("fidelity",
             "iteration fidelity runs an LLM serving engine: text services only (expected request, "
             "batch or fluid)");
  }
  for (const char* key : {"engine", "slo"}) {
    if (map.has(key) && !iteration) map.fail(key, "applies at fidelity: iteration only");
  }
  const MapReader replicas_map = child_map(context, map, "replicas", inference_replicas_section());
  if (!iteration) {
    if (*replicas_map.positive_count(inference_replicas_section().key("pipeline_stages")) > 1) {
      replicas_map.fail("pipeline_stages", "applies at fidelity: iteration only");
    }
    if (service.autoscale && service.autoscale->latency) {
      map.fail("fidelity",
               "replicas.target: slo scales on latencies that iteration fidelity resolves (expected "
               "fidelity: iteration)");
    }
    service.engine.reset();
    return;
  }
  const auto& spec = inference_engine_section();
  const MapReader engine_map = child_map(context, map, "engine", spec);
  auto config = std::make_shared<IterationEngineConfig>(*service.engine);
  config->block_tokens = static_cast<int>(*engine_map.positive_count(spec.key("block_tokens")));
  config->gpu_memory_utilisation = *engine_map.fraction(spec.key("memory_utilisation"));
  config->max_batched_tokens = static_cast<int>(*engine_map.positive_count(spec.key("max_batched_tokens")));
  config->max_num_seqs = service.replica.slots;
  const std::size_t chunked = read_choice(engine_map, spec.key("chunked_prefill"), {"true", "false"});
  config->chunked_prefill = chunked == 0;
  const std::size_t policy = read_choice(engine_map, spec.key("policy"), {"decode_first", "prefill_first"});
  config->policy = policy == 0 ? BatchPolicy::decode_first : BatchPolicy::prefill_first;
  read_pipeline_stages(replicas_map, engine_map, cluster, service, *config);
  if (config->max_batched_tokens < config->max_num_seqs) {
    engine_map.fail("max_batched_tokens", "is below replicas.max_batch (" + std::to_string(config->max_num_seqs) +
                                              "): the running sequences' decodes must fit one iteration");
  }
  bool exchange_transfers = true;
  config->expert_parallel = read_expert_parallel(context, engine_map, cluster, service, exchange_transfers);
  try {
    const IterationEngine probe(*config);  // the weights must leave KV-cache blocks
  } catch (const std::invalid_argument& error) {
    engine_map.fail("memory_utilisation", error.what());
  }
  service.engine = std::move(config);
  read_disaggregation(map, engine_map, cluster, service);
  if (service.disaggregation) service.disaggregation->exchange_transfers = exchange_transfers;

  const auto& slo_spec = inference_slo_section();
  const MapReader slo_map = child_map(context, map, "slo", slo_spec);
  service.slo.ttft_s = slo_map.positive_quantity(slo_spec.key("ttft"));
  service.slo.tpot_s = slo_map.positive_quantity(slo_spec.key("tpot"));
  service.slo.attainment = *slo_map.fraction(slo_spec.key("attainment"));
  if (service.autoscale && service.autoscale->latency && !service.slo.ttft_s && !service.slo.tpot_s) {
    map.fail("slo", "replicas.target: slo needs a target (expected ttft or tpot)");
  }
}

}  // namespace terawatt
