#include "sim/scenario/projection_run_parts.hpp"

#include "models/base/units.hpp"
#include "sim/scenario/inference_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/site_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>

namespace terawatt {
namespace {

// A quantity key's schema default, parsed as the loader parses it when the key is absent.
double schema_default(const SectionSpec& section, std::string_view key) {
  const KeySpec& spec = section.key(key);
  return parse_quantity(std::string(spec.default_text), spec.dimension);
}

// Llama 2 70B's architecture (Touvron et al. 2023) and a chat turn: the projection schema's documented defaults
// for an inference segment's `model` and `request` (sim/scenario/projection_schema.cpp).
constexpr const char* default_model = "{parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}";
constexpr const char* default_request = "{prompt_tokens: 1000, output_tokens: 300}";

// A segment's mapping (with its marks in the projection file), or the default.
YAML::Node mapping_or_default(const MapReader& segment, const std::string& key, const char* fallback) {
  return segment.has(key) ? YAML::Clone(segment.child(key)) : YAML::Load(fallback);
}

// "%.17g": the text of a number that reads back to the same double, for the keys a service records as given.
std::string exact_text(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

Cluster representative_cluster(const std::string& name, const std::string& site, std::size_t site_index,
                               const GenerationSetup& g, const RepresentativeSettings& settings) {
  Cluster cluster;
  cluster.name = name;
  cluster.site = site;
  cluster.site_index = site_index;
  cluster.accelerator = *g.accelerator;
  cluster.servers = settings.servers;
  cluster.servers_per_host = settings.servers_per_host;
  cluster.accelerators_per_server = g.accelerators_per_server;
  cluster.host_power = g.host;
  cluster.network.bandwidth_bytes_per_s = schema_default(network_section(), "bandwidth");
  cluster.network.latency_s = schema_default(network_section(), "latency");
  cluster.network.intra_server_bytes_per_s = cluster.accelerator.interconnect_bytes_per_s;
  return cluster;
}

Site representative_site(const std::string& name, const std::string& facility_preset, const std::string& climate,
                         const ScenarioInfo& info, const std::vector<Cluster>& clusters, std::size_t site_index,
                         const HardwareCatalog& hardware) {
  YAML::Node node;
  node["name"] = name;
  node["carbon_intensity"] = "0 g/kWh";
  node["facility"]["preset"] = facility_preset;
  node["facility"]["climate"] = climate;
  const YamlSource source("(representative site " + name + ")");
  const MapReader map(source, node, "sites." + name, site_section());
  Site site;
  site.name = name;
  read_site_environment(source, map, info, clusters, site_index, ".", site, hardware);
  return site;
}

InferenceService read_representative_service(const MapReader& segment, const Cluster& cluster,
                                             const RepresentativeSettings& settings, std::int64_t replica_accelerators,
                                             Modality modality) {
  YAML::Node node;
  node["name"] = "service";
  node["type"] = "inference";
  node["cluster"] = cluster.name;
  node["fidelity"] = "fluid";
  node["modality"] = modality_name(modality);
  node["model"] = mapping_or_default(segment, "model", default_model);
  node["request"] = mapping_or_default(segment, "request", default_request);
  node["replicas"]["accelerators"] = replica_accelerators > 0 ? replica_accelerators : cluster.accelerators_per_server;
  // A placeholder demand: every representative run sets its own.
  node["arrivals"]["requests_per_day"] = 1;
  node["arrivals"]["daily_shape"] = std::string(daily_shape_name(settings.daily_shape));
  node["arrivals"]["utc_offset"] = 0;
  ScenarioInfo info;
  info.name = "representative";
  info.duration_s = settings.duration_s;
  info.sample_interval_s = settings.sample_interval_s;
  const YamlSource source("(representative service)");
  const MapReader map(source, node, "workloads.service", inference_section());
  return read_inference(source, map, {cluster}, info, ".");
}

double representative_prompt_tokens(const MapReader& segment) {
  const YAML::Node prompt = mapping_or_default(segment, "request", default_request)["prompt_tokens"];
  return prompt && prompt.IsScalar() ? parse_quantity(prompt.Scalar(), Dimension::dimensionless) : 0.0;
}

InferenceService representative_service(const InferenceService& read, const std::string& name, const Cluster& cluster,
                                        std::size_t cluster_index, double requests_per_day, DailyShape shape,
                                        double utc_offset_h) {
  InferenceService service = read;
  service.name = name;
  service.cluster = cluster.name;
  service.cluster_index = cluster_index;
  service.mean_rate_per_s = rate_per_s_from_requests_per_day(requests_per_day);
  service.profile = arrival_profile_preset(shape, utc_offset_h);
  YAML::Node given = YAML::Load(read.given_yaml);
  given["name"] = name;
  given["cluster"] = cluster.name;
  given["arrivals"]["requests_per_day"] = exact_text(requests_per_day);
  given["arrivals"]["daily_shape"] = std::string(daily_shape_name(shape));
  given["arrivals"]["utc_offset"] = exact_text(utc_offset_h);
  service.given_yaml = YAML::Dump(given);
  return service;
}

TrainingJob representative_training_job(const std::string& name, const Cluster& cluster, std::size_t cluster_index,
                                        double flops, double mfu, double start_s) {
  TrainingJob job;
  job.name = name;
  job.cluster = cluster.name;
  job.cluster_index = cluster_index;
  job.flops = flops;
  job.accelerators = cluster.accelerators();
  job.mfu = mfu;
  job.start_s = start_s;
  return job;
}

}  // namespace terawatt
