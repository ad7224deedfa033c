#include "sim/scenario/projection_cluster_yaml.hpp"

#include <cstdio>
#include <sstream>

namespace terawatt {

namespace {
// "%.17g": a number that reads back exactly (sim/app/sweep/sweep_values.hpp has the shortest such text, one library
// up).
std::string exact_number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}
}  // namespace

std::string representative_cluster_yaml(const std::string& name, const std::string& site, const GenerationSetup& g,
                                        const RepresentativeSettings& settings) {
  std::ostringstream out;
  out << "{name: " << name << ", site: " << site << ", accelerator: " << g.accelerator->name
      << ", servers: " << settings.servers << ", servers_per_host: " << settings.servers_per_host
      << ", accelerators_per_server: " << g.accelerators_per_server;
  if (g.server_overhead_w) out << ", server_overhead: " << exact_number(*g.server_overhead_w) << " W";
  out << "}";
  return out.str();
}

std::string representative_service_yaml(const std::string& name, const std::string& cluster,
                                        const SegmentSetup& segment, const GenerationSetup& g,
                                        const RepresentativeSettings& settings, double requests_per_day,
                                        double utc_offset_h) {
  const std::int64_t replica_accelerators =
      segment.replica_accelerators > 0 ? segment.replica_accelerators : g.accelerators_per_server;
  std::ostringstream out;
  out << "{name: " << name << ", type: inference, cluster: " << cluster << ", fidelity: fluid, "
      << segment.inference_service_yaml << ", replicas: {accelerators: " << replica_accelerators
      << "}, arrivals: {requests_per_day: " << exact_number(requests_per_day)
      << ", daily_shape: " << daily_shape_name(settings.daily_shape) << ", utc_offset: " << exact_number(utc_offset_h)
      << "}}";
  return out.str();
}

}  // namespace terawatt
