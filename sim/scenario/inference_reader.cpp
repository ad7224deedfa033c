#include "sim/scenario/inference_reader.hpp"

#include "models/base/input_file.hpp"
#include "models/base/text_fields.hpp"
#include "models/workload/diffusion_cost.hpp"
#include "models/workload/llm_inference_cost.hpp"
#include "sim/scenario/cluster_power.hpp"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace terawatt {
namespace {

// Beyond this many simulated requests a request-fidelity run would take hours (about 1e5 per wall second); the
// fluid fidelity answers the same energy question in seconds.
constexpr double max_request_activities = 2e9;
// Request fidelity: replicas (one actor each) and lanes (one single-core host per request a replica may hold).
constexpr std::int64_t max_request_replicas = 20000;
constexpr double max_request_lanes = 1e6;
// Wake-ups of the control loop over the run: every control interval the driver plans the next interval, and at
// request fidelity every replica's actor also wakes at the boundary. Measured here at about 0.8 us of wall time per
// wake-up (one text replica, request fidelity, 1 d at 0.01 s: 1.7e7 wake-ups in 14 s; fluid 0.7 us per interval).
// The bound, 1e9 wake-ups, is about 15 minutes of the loop alone: a year at the default 60 s interval with up to
// about 1,900 request-fidelity replicas passes (the 400-replica benchmark for a year would take 2.1e8), while a
// control interval of 1 us over a day (8.6e10 for one replica) is refused as the typo it is.
constexpr double max_control_wakeups = 1e9;
// Default batch of a text replica: continuous-batching servers commonly run tens of sequences (vLLM's default cap
// is 256 sequences, memory permitting); 64 is an assumption between, lowered when the KV cache does not fit.
constexpr int default_text_batch = 64;

Modality read_modality(const MapReader& map) {
  const std::string text = *map.name(inference_section().key("modality"));
  if (text == "text") return Modality::text;
  if (text == "image") return Modality::image;
  if (text == "video") return Modality::video;
  map.fail("modality", "unknown modality '" + text + "'" + did_you_mean(text, {"text", "image", "video"}) +
                           " (expected text, image or video)");
}

Fidelity read_fidelity(const MapReader& map) {
  const std::string text = *map.name(inference_section().key("fidelity"));
  if (text == "request") return Fidelity::request;
  if (text == "batch") return Fidelity::batch;
  if (text == "fluid") return Fidelity::fluid;
  map.fail("fidelity", "unknown fidelity '" + text + "'" + did_you_mean(text, {"request", "batch", "fluid"}) +
                           " (expected request, batch or fluid)");
}

MapReader child_map(const YamlSource& context, const MapReader& map, const std::string& key,
                    const SectionSpec& section) {
  if (!map.has(key)) return MapReader(context, YAML::Node(YAML::NodeType::Map), map.child_path(key), section);
  return MapReader(context, map.child(key), map.child_path(key), section);
}

double required_count(const MapReader& map, const SectionSpec& spec, const std::string& key, const std::string& why) {
  const auto value = map.positive_count(spec.key(key));
  if (!value) map.fail(key, "missing required key: " + why);
  return static_cast<double>(*value);
}

double non_negative_real(const MapReader& map, const KeySpec& spec) {
  const auto value = map.real(spec);
  if (value && *value < 0.0) map.fail(spec.key, "is negative (expected a value >= 0)");
  return value.value_or(0.0);
}

struct ReplicaPlan {
  int accelerators = 1;
  int max_batch = 1;
};

// Text: a transformer LLM, its replica's latency and power against the batch.
void read_text(const MapReader& model_map, const MapReader& request_map, const Cluster& cluster, ReplicaPlan plan,
               const MapReader& replicas_map, bool batch_given, InferenceService& service) {
  const auto& mspec = inference_model_section();
  const auto& rspec = inference_request_section();
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

  LlmRequest request;
  request.prompt_tokens = non_negative_real(request_map, rspec.key("prompt_tokens"));
  request.output_tokens = non_negative_real(request_map, rspec.key("output_tokens"));
  if (!request_map.has("prompt_tokens") && !request_map.has("output_tokens")) {
    request_map.fail("output_tokens", "missing required key (expected prompt_tokens and output_tokens)");
  }
  if (request.prompt_tokens + request.output_tokens <= 0.0) {
    request_map.fail("output_tokens", "a request of no tokens takes no time (expected tokens > 0)");
  }
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
  service.replica = text_replica_service(model, hardware, efficiency, request, plan.max_batch, power);
  service.output.output_tokens = request.output_tokens;
}

// Image and video: a diffusion transformer (or a given FLOP count per pass), compute-bound.
void read_diffusion(const MapReader& model_map, const MapReader& request_map, const Cluster& cluster,
                    const ReplicaPlan& plan, const MapReader& replicas_map, InferenceService& service) {
  const auto& mspec = inference_model_section();
  const auto& rspec = inference_request_section();
  const bool video = service.modality == Modality::video;
  for (const char* key : {"prompt_tokens", "output_tokens"}) {
    if (request_map.has(key)) request_map.fail(key, "applies to text requests only");
  }
  for (const char* key : {"kv_heads", "head_dim", "total_parameters"}) {
    if (model_map.has(key)) model_map.fail(key, "applies to text models only");
  }
  const double height = required_count(request_map, rspec, "height", "the resolution sets the latent tokens");
  const double width = required_count(request_map, rspec, "width", "the resolution sets the latent tokens");
  const double steps = required_count(request_map, rspec, "steps", "FLOPs are steps x FLOPs per step");
  const auto passes = *request_map.positive_count(rspec.key("passes_per_step"));
  if (passes > 2) {
    request_map.fail("passes_per_step", "is " + std::to_string(passes) +
                                            " (expected 1, or 2 with classifier-free "
                                            "guidance)");
  }

  double tokens = 0.0;
  double images = 1.0;
  if (video) {
    if (request_map.has("images")) request_map.fail("images", "applies to image requests only");
    const auto frames = request_map.positive_count(rspec.key("frames"));
    const auto seconds = request_map.positive_quantity(rspec.key("seconds"));
    const double fps = *request_map.number(rspec.key("fps"));
    if (frames && seconds) request_map.fail("seconds", "conflicts with frames (expected one of frames, seconds)");
    if (!frames && !seconds) request_map.fail("frames", "missing required key (expected frames, or seconds and fps)");
    const double frame_count = frames ? static_cast<double>(*frames) : std::round(*seconds * fps);
    tokens = video_latent_tokens(frame_count, height, width);
    service.output.video_s = frame_count / fps;
  } else {
    for (const char* key : {"frames", "seconds"}) {
      if (request_map.has(key)) request_map.fail(key, "applies to video requests only");
    }
    images = static_cast<double>(*request_map.positive_count(rspec.key("images")));
    tokens = image_latent_tokens(height, width);
    service.output.images = images;
  }

  double flop_per_pass = 0.0;
  const auto given = model_map.positive_quantity(mspec.key("flop_per_pass"));
  const auto parameters = model_map.number(mspec.key("parameters"));
  const auto layers = model_map.positive_count(mspec.key("layers"));
  const auto hidden = model_map.positive_count(mspec.key("hidden_size"));
  const auto ffn = model_map.positive_count(mspec.key("ffn_size"));
  const auto text_tokens = model_map.count(mspec.key("text_tokens"));
  if (given) {
    if (layers || hidden || ffn) model_map.fail("flop_per_pass", "conflicts with the model's shape (expected one)");
    flop_per_pass = *given;
  } else if (layers && hidden && ffn) {
    DitArchitecture dit;
    dit.layers = static_cast<int>(*layers);
    dit.hidden_size = static_cast<int>(*hidden);
    dit.ffn_size = static_cast<int>(*ffn);
    dit.text_tokens = static_cast<double>(text_tokens.value_or(0));
    dit.cross_attention = text_tokens.has_value() && *text_tokens > 0;
    flop_per_pass = dit_pass_flops(dit, tokens).total_flop();
  } else if (parameters && layers && hidden) {
    flop_per_pass =
        dit_pass_flops_from_parameters(*parameters, static_cast<int>(*layers), static_cast<int>(*hidden), tokens)
            .total_flop();
  } else {
    model_map.fail("layers",
                   "missing: a diffusion model needs layers, hidden_size and ffn_size (with text_tokens), "
                   "or parameters, layers and hidden_size, or flop_per_pass");
  }
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
  const double flop_per_request = diffusion_flops(flop_per_pass, DiffusionSchedule{steps, passes == 2, 0.0}) * images;

  const AcceleratorPowerModel power = accelerator_power_model(cluster);
  const ReplicaHardware hardware = replica_hardware(cluster.accelerator, plan.accelerators);
  const double utilisation =
      model_map.fraction(mspec.key("flop_utilisation")).value_or(ComputeBoundExecution{}.flop_utilisation);
  service.replica =
      diffusion_replica_service(flop_per_request, hardware, utilisation,
                                *model_map.fraction(mspec.key("tensor_parallel_efficiency")), plan.max_batch, power);
}

std::string absolute_trace_path(const std::string& path, const std::string& base_dir) {
  if (path.empty() || path.front() == '/') return path;
  const std::string joined = base_dir + "/" + path;
  char resolved[4096];
  return realpath(joined.c_str(), resolved) ? std::string(resolved) : joined;
}

void read_arrivals(const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
                   InferenceService& service) {
  const auto& spec = inference_arrivals_section();
  const bool per_day = map.has("requests_per_day");
  const bool users = map.has("users") || map.has("queries_per_user_per_day");
  const bool trace = map.has("trace");
  if (per_day + users + trace != 1) {
    map.fail(trace ? "trace" : "requests_per_day",
             per_day + users + trace == 0 ? "missing demand (expected requests_per_day, or users and "
                                            "queries_per_user_per_day, or trace)"
                                          : "give one of requests_per_day, users with queries_per_user_per_day, "
                                            "trace");
  }
  if (per_day) {
    service.mean_rate_per_s = rate_per_s_from_requests_per_day(non_negative_real(map, spec.key("requests_per_day")));
  } else if (users) {
    if (!map.has("users") || !map.has("queries_per_user_per_day")) {
      map.fail(map.has("users") ? "queries_per_user_per_day" : "users",
               "missing: users and "
               "queries_per_user_per_day go together");
    }
    const double users_count = non_negative_real(map, spec.key("users"));
    const double queries_per_user = non_negative_real(map, spec.key("queries_per_user_per_day"));
    if (!std::isfinite(users_count * queries_per_user)) {
      map.fail("users", "users x queries_per_user_per_day = " + short_number(users_count) + " x " +
                            short_number(queries_per_user) +
                            " requests a day is beyond the largest number "
                            "(expected a finite demand)");
    }
    service.mean_rate_per_s = rate_per_s_from_users(users_count, queries_per_user);
  } else {
    const std::string given = *map.text(spec.key("trace"));
    if (given.empty()) map.fail("trace", "empty path (expected a CSV file)");
    const std::string path = absolute_trace_path(given, base_dir);
    service.trace_file = path;
    try {
      service.trace_s = read_arrival_trace(path);
    } catch (const ScenarioError& e) {
      map.fail("trace", e.what());
    }
    const double horizon = *info.duration_s;
    service.mean_rate_per_s = horizon > 0.0 ? static_cast<double>(service.trace_s.size()) / horizon : 0.0;
  }

  const double offset = *map.real(spec.key("utc_offset"));
  if (!(offset >= -24.0 && offset <= 24.0)) map.fail("utc_offset", "is outside [-24, 24] hours");
  if (map.has("hourly_weights")) {
    const YAML::Node list = map.child("hourly_weights");
    if (!list.IsSequence() || list.size() != 24) {
      map.fail("hourly_weights", "expected a list of 24 weights, found " + node_kind(list));
    }
    service.profile = arrival_profile_preset(DailyShape::flat, offset);
    double sum = 0.0;
    for (std::size_t h = 0; h < 24; ++h) {
      double weight = -1.0;
      try {
        weight = parse_number(list[h].IsScalar() ? list[h].Scalar() : std::string("?"));
      } catch (const UnitError&) {
      }
      if (!(weight >= 0.0)) map.fail("hourly_weights", "weight " + std::to_string(h) + " is not a number >= 0");
      service.profile.hour_weights[h] = weight;
      sum += weight;
    }
    if (!(sum > 0.0)) map.fail("hourly_weights", "all weights are zero (expected some hours with demand)");
  } else {
    const std::string name = *map.name(spec.key("daily_shape"));
    const auto shape = find_daily_shape(name);
    if (!shape) {
      map.fail("daily_shape", "unknown shape '" + name + "'" + did_you_mean(name, {"flat", "office", "consumer"}) +
                                  " (expected flat, office or consumer)");
    }
    service.profile = arrival_profile_preset(*shape, offset);
  }
}

void place_replicas(const MapReader& map, const Cluster& cluster, InferenceService& service) {
  const auto& spec = inference_replicas_section();
  const std::int64_t k = service.replica.accelerators;
  const std::int64_t per_host = cluster.accelerators_per_server * cluster.servers_per_host;
  if (k <= per_host) {
    if (per_host % k != 0) {
      map.fail("accelerators", std::to_string(k) + " does not divide the " + std::to_string(per_host) +
                                   " accelerators of a host of cluster '" + cluster.name +
                                   "' (expected a divisor, or a multiple of it)");
    }
    service.replicas_per_host = per_host / k;
  } else {
    if (k % per_host != 0) {
      map.fail("accelerators", std::to_string(k) + " is not a whole number of hosts of " + std::to_string(per_host) +
                                   " accelerators in cluster '" + cluster.name + "'");
    }
    service.hosts_per_replica = k / per_host;
  }
  const std::int64_t cluster_replicas = cluster.hosts() * service.replicas_per_host / service.hosts_per_replica;

  const auto count = map.count(spec.key("count"));
  const auto max = map.count(spec.key("max"));
  if (count && (max || map.has("min")))
    map.fail("count", "conflicts with min and max (expected count, or min and max)");
  for (const char* key : {"target_utilisation", "scale_down_delay"}) {
    if (!max && map.has(key)) map.fail(key, "applies to autoscaling only (expected with min and max)");
  }
  if (max) {
    service.min_replicas = *map.count(spec.key("min"));
    service.max_replicas = *max;
    if (service.max_replicas < 1) map.fail("max", "must be at least 1");
    if (service.min_replicas > service.max_replicas) map.fail("min", "exceeds max");
    service.autoscale =
        Autoscale{*map.fraction(spec.key("target_utilisation")), *map.quantity(spec.key("scale_down_delay"))};
  } else {
    service.max_replicas = count.value_or(cluster_replicas);
    if (service.max_replicas < 1) map.fail("count", "must be at least 1");
    service.min_replicas = service.max_replicas;
  }
  if (service.max_replicas > cluster_replicas) {
    map.fail(max ? "max" : "count", std::to_string(service.max_replicas) + " replicas of " + std::to_string(k) +
                                        " exceed the " + std::to_string(cluster_replicas) + " that cluster '" +
                                        cluster.name + "' holds (expected at most that)");
  }
  service.hosts = service.hosts_per_replica > 1
                      ? service.max_replicas * service.hosts_per_replica
                      : (service.max_replicas + service.replicas_per_host - 1) / service.replicas_per_host;

  const std::string scaled_down = *map.name(spec.key("scaled_down"));
  if (scaled_down == "idle") {
    service.scaled_down = ScaledDown::idle;
  } else if (scaled_down == "standby") {
    service.scaled_down = ScaledDown::standby;
  } else if (scaled_down == "off") {
    service.scaled_down = ScaledDown::off;
  } else {
    map.fail("scaled_down", "unknown state '" + scaled_down + "'" +
                                did_you_mean(scaled_down, {"idle", "standby", "off"}) +
                                " (expected idle, standby or off)");
  }
  const auto standby_w = map.quantity(spec.key("standby_power"));
  if (service.scaled_down == ScaledDown::standby && !standby_w) {
    map.fail("standby_power",
             "missing: standby needs the power of a suspended server (no default: docs/references.md has no "
             "figure; expected e.g. 50 W)");
  }
  if (standby_w && service.scaled_down != ScaledDown::standby) {
    map.fail("standby_power", "applies with scaled_down: standby only");
  }
  if (standby_w && *standby_w > cluster.host_power.idle_w) {
    map.fail("standby_power", "exceeds the server's host power of " + short_number(cluster.host_power.idle_w) +
                                  " W when on and idle (expected less)");
  }
  service.standby_server_w = standby_w.value_or(0.0);
  service.accelerators_per_server = cluster.accelerators_per_server;
  service.wake_up_s = *map.quantity(spec.key("wake_up"));
}

}  // namespace

InferenceService read_inference(const YamlSource& context, const MapReader& map, const std::vector<Cluster>& clusters,
                                const ScenarioInfo& info, const std::string& base_dir) {
  const auto& spec = inference_section();
  InferenceService service;
  service.name = *map.name(spec.key("name"));
  service.cluster_index = resolve_reference(map, spec.key("cluster"), clusters, "cluster", service.cluster);
  const Cluster& cluster = clusters[service.cluster_index];
  if (!info.duration_s) {
    map.fail("type",
             "an inference service runs until the horizon: scenario.duration is required (expected e.g. "
             "duration: 1 d)");
  }
  service.modality = read_modality(map);
  service.fidelity = read_fidelity(map);
  service.control_interval_s = *map.positive_quantity(spec.key("control_interval"));
  service.start_s = *map.quantity(spec.key("start"));
  if (service.start_s >= *info.duration_s) {
    map.fail("start", "is not before the scenario's horizon of " + short_number(*info.duration_s) + " s");
  }

  for (const char* key : {"model", "request", "arrivals"}) {
    if (!map.has(key)) map.fail(key, "missing required mapping");
  }
  const MapReader model_map = child_map(context, map, "model", inference_model_section());
  const MapReader request_map = child_map(context, map, "request", inference_request_section());
  const MapReader replicas_map = child_map(context, map, "replicas", inference_replicas_section());
  const auto& rspec = inference_replicas_section();

  ReplicaPlan plan;
  plan.accelerators = static_cast<int>(*replicas_map.count(rspec.key("accelerators")));
  if (plan.accelerators < 1) replicas_map.fail("accelerators", "must be at least 1");
  const auto batch = replicas_map.count(rspec.key("max_batch"));
  if (batch && *batch < 1)
    replicas_map.fail("max_batch", "must be at least 1 (a replica that holds no request serves none)");
  if (batch && *batch > 1000000) replicas_map.fail("max_batch", "is implausibly large (expected at most 1,000,000)");
  plan.max_batch = static_cast<int>(batch.value_or(1));
  try {
    if (service.modality == Modality::text) {
      read_text(model_map, request_map, cluster, plan, replicas_map, batch.has_value(), service);
    } else {
      read_diffusion(model_map, request_map, cluster, plan, replicas_map, service);
    }
  } catch (const std::invalid_argument& e) {
    map.fail("model", e.what());
  }
  place_replicas(replicas_map, cluster, service);
  read_arrivals(child_map(context, map, "arrivals", inference_arrivals_section()), info, base_dir, service);

  YAML::Node given = YAML::Clone(map.node());
  given["cluster"] = service.cluster;
  given["fidelity"] = *map.name(spec.key("fidelity"));
  if (!service.trace_s.empty() || (given["arrivals"] && given["arrivals"]["trace"])) {
    given["arrivals"]["trace"] = absolute_trace_path(given["arrivals"]["trace"].Scalar(), base_dir);
  }
  service.given_yaml = YAML::Dump(given);

  const double intervals = (*info.duration_s - service.start_s) / service.control_interval_s;
  const double wakeups =
      intervals * (1.0 + (service.fidelity == Fidelity::request ? static_cast<double>(service.max_replicas) : 0.0));
  if (!(wakeups <= max_control_wakeups)) {
    map.fail("control_interval",
             short_number(service.control_interval_s) + " s over the run makes " + short_number(intervals) +
                 " control intervals" +
                 (service.fidelity == Fidelity::request
                      ? " x (1 + " + std::to_string(service.max_replicas) + " replicas at request fidelity)"
                      : std::string()) +
                 " = " + short_number(wakeups) + " wake-ups, more than " + short_number(max_control_wakeups) +
                 " (expected a control interval of at least " +
                 short_number(wakeups / max_control_wakeups * service.control_interval_s) + " s" +
                 (service.fidelity == Fidelity::request ? ", or fidelity: batch or fluid)" : ")"));
  }

  if (service.fidelity == Fidelity::request) {
    // One actor per replica, and one lane host per request a replica may hold (sim/engine/workloads/inference_run.hpp):
    // a process holds about 32,000 actors (docs/design.md section 9), and each host costs memory.
    if (service.max_replicas > max_request_replicas) {
      map.fail("fidelity", std::to_string(service.max_replicas) + " replicas at request fidelity exceed the " +
                               std::to_string(max_request_replicas) +
                               " actors one run can hold (expected fewer "
                               "replicas, or fidelity: batch or fluid)");
    }
    const double lanes = static_cast<double>(service.hosts) * static_cast<double>(service.replicas_per_host) *
                         static_cast<double>(service.replica.slots);
    if (lanes > max_request_lanes) {
      map.fail("fidelity", short_number(lanes) + " request lanes (replicas x max_batch) at request fidelity exceed " +
                               short_number(max_request_lanes) +
                               " (expected a smaller max_batch or fewer replicas, "
                               "or fidelity: batch or fluid)");
    }
    const double expected = service.trace_s.empty() ? service.mean_rate_per_s * *info.duration_s
                                                    : static_cast<double>(service.trace_s.size());
    if (expected > max_request_activities) {
      map.fail("fidelity", "about " + short_number(expected) +
                               " requests at request fidelity would take hours "
                               "(expected fidelity: fluid or batch, or a shorter duration)");
    }
  }
  return service;
}

std::vector<double> read_arrival_trace(const std::string& path) {
  const std::string problem = input_file_problem(path, max_data_file_bytes, "trace");
  if (!problem.empty()) throw ScenarioError(path, "", problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the trace: " + std::string(std::strerror(errno)));
  std::string line;
  std::size_t number = 0;
  bool header = false;
  std::vector<double> times;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(number);
    if (!header) {
      // Not echoed: a path to some other file would otherwise print that file's first line.
      if (line != "time")
        throw ScenarioError(where, "", "is not the header 'time' (expected 'time' on the first line)");
      header = true;
      continue;
    }
    double value = 0.0;
    try {
      value = parse_number(line);
    } catch (const UnitError& e) {
      throw ScenarioError(where, "", e.what());
    }
    if (!std::isfinite(value) || value < 0.0) {
      throw ScenarioError(where, "", "arrival time " + excerpt(line) + " is not a finite time >= 0 s");
    }
    if (!times.empty() && value < times.back()) {
      throw ScenarioError(where, "",
                          "time goes backwards: " + excerpt(line) + " s after " + short_number(times.back()) +
                              " s (expected non-decreasing times)");
    }
    times.push_back(value);
  }
  if (!header) throw ScenarioError(path, "", "empty trace (expected a header 'time' and one arrival per line)");
  return times;
}

}  // namespace terawatt
