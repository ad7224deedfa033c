#include "sim/scenario/inference_reader.hpp"

#include "sim/scenario/flexibility_reader.hpp"
#include "sim/scenario/inference_arrivals_reader.hpp"
#include "sim/scenario/inference_replica_reader.hpp"
#include "sim/scenario/replica_placement.hpp"
#include "sim/scenario/replica_table_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/serving_engine_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace terawatt {
namespace {

// Beyond this many simulated requests a request-fidelity run would take over 15 minutes (1.9e6 per wall second on
// bench/inference.sh); the fluid fidelity answers the same energy question in seconds.
constexpr double max_request_activities = 2e9;
// Iteration fidelity costs more per request, about 13 us of wall time each on bench/iteration.sh (64 Llama-70B-class
// replicas, requests of 1,000 + 300 tokens), 63 us with prefill/decode disaggregation, whose driver wakes at every
// event: 15 minutes are about 7e7 and 1.4e7 requests.
constexpr double max_iteration_requests = 7e7;
constexpr double max_disaggregated_requests = 1.4e7;
// Wake-ups of the control loop over the run: every control interval the driver plans the next interval. Measured here
// at about 0.8 us of wall time per wake-up (fluid: 0.7 us per interval). The bound, 1e9 wake-ups, is about 15 minutes
// of the loop alone: a year at 0.1 s passes, while a control interval of 1 us over a day (8.6e10) is refused as the
// typo it is.
constexpr double max_control_wakeups = 1e9;

// The service's keys as given, cluster and fidelity made explicit, a trace's path absolute and request sizes taken
// from the trace written in, for the resolved scenario.
std::string given_yaml(const MapReader& map, const InferenceService& service, const std::string& base_dir) {
  const auto& spec = inference_section();
  YAML::Node given = YAML::Clone(map.node());
  given["cluster"] = service.cluster;
  given["fidelity"] = *map.name(spec.key("fidelity"));
  make_trace_path_absolute(given["arrivals"], base_dir);
  // A request size taken from the trace is written out, so that the resolved scenario shows what was served.
  if (service.modality == Modality::text) {
    for (const auto& [key, tokens] : {std::pair{"prompt_tokens", &service.trace_input_tokens},
                                      std::pair{"output_tokens", &service.trace_output_tokens}}) {
      const auto mean = trace_mean_tokens(*tokens);
      if (mean && !given["request"][key]) given["request"][key] = *mean;
    }
  }
  return YAML::Dump(given);
}

// The control loop's wake-ups over the run, bounded (max_control_wakeups).
void check_control_wakeups(const MapReader& map, const ScenarioInfo& info, const InferenceService& service) {
  const double wakeups = (*info.duration_s - service.start_s) / service.control_interval_s;
  if (!(wakeups <= max_control_wakeups)) {
    map.fail("control_interval", short_number(service.control_interval_s) + " s over the run makes " +
                                     short_number(wakeups) + " control intervals, more than " +
                                     short_number(max_control_wakeups) + " (expected a control interval of at least " +
                                     short_number(wakeups / max_control_wakeups * service.control_interval_s) + " s)");
  }
}

// Request and iteration fidelity's bound: the requests they serve one by one.
void check_request_count(const MapReader& map, const ScenarioInfo& info, const InferenceService& service) {
  const bool iteration = service.fidelity == Fidelity::iteration;
  if (service.fidelity != Fidelity::request && !iteration) return;
  const double expected = service.trace_s.empty() ? service.mean_rate_per_s * *info.duration_s
                                                  : static_cast<double>(service.trace_s.size());
  const double bound = !iteration               ? max_request_activities
                       : service.disaggregation ? max_disaggregated_requests
                                                : max_iteration_requests;
  if (expected > bound) {
    map.fail("fidelity", "about " + short_number(expected) + " requests at " + (iteration ? "iteration" : "request") +
                             " fidelity would take over 15 minutes (expected " +
                             (iteration ? "fidelity: request, fluid or batch" : "fidelity: fluid or batch") +
                             ", or a shorter duration)");
  }
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
  service.modality = static_cast<Modality>(read_choice(map, inference_section().key("modality"), modality_names()));
  service.fidelity = service_fidelity(read_choice(map, inference_section().key("fidelity"), fidelity_names()));
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
  const MapReader measured_map = child_map(context, map, "measured_power", inference_measured_power_section());
  // Arrivals first: a trace's request sizes stand in for those the request leaves out.
  read_arrivals(context, child_map(context, map, "arrivals", inference_arrivals_section()), info, base_dir, service);
  read_request_sizes(context, request_map, service);
  read_replica_table(map, cluster, model_map, request_map, replicas_map, measured_map, service);
  place_replicas(replicas_map, cluster, service);
  read_serving_engine(context, map, cluster, service);
  service.given_yaml = given_yaml(map, service, base_dir);
  check_control_wakeups(map, info, service);
  check_request_count(map, info, service);
  if (map.has("flexibility")) service.flexibility = read_service_flexibility(context, map, service, info);
  return service;
}

}  // namespace terawatt
