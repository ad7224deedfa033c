// The README's scenario reference, generated from the declared sections (`terawatt keys`).
#include "sim/scenario/projection_schema.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <sstream>
#include <string>

namespace terawatt {

namespace {

std::string type_text(const KeySpec& spec) {
  switch (spec.type) {
    case ValueType::text:
      return "text";
    case ValueType::name:
      return "name";
    case ValueType::quantity:
      return std::string(dimension_name(spec.dimension)) + " (" + accepted_units(spec.dimension) + ")";
    case ValueType::number:
      return "number";
    case ValueType::count:
      return "integer >= 0";
    case ValueType::timestamp:
      return "ISO 8601 time";
    case ValueType::fraction:
      return "fraction (0-1 or %)";
    case ValueType::real:
      return "number";
  }
  return "";
}

void section_markdown(std::ostringstream& out, const SectionSpec& section) {
  out << "#### `" << section.path << "`\n\n" << section.doc << "\n\n";
  out << "| key | type and units | default | meaning |\n|---|---|---|---|\n";
  for (const auto& spec : section.keys) {
    std::string default_text = spec.default_text.empty()
                                   ? (spec.optional ? std::string("(none)") : std::string("**required**"))
                                   : "`" + std::string(spec.default_text) + "`";
    out << "| `" << spec.key << "` | " << type_text(spec) << " | " << default_text << " | " << spec.doc << " |\n";
  }
  out << "\n";
}

}  // namespace

std::string scenario_reference_markdown() {
  std::ostringstream out;
  for (const auto* section : {&scenario_section(),
                              &site_section(),
                              &facility_section(),
                              &grid_section(),
                              &grid_columns_section(),
                              &grid_units_section(),
                              &cluster_section(),
                              &network_section(),
                              &embodied_section(),
                              &workload_section(),
                              &deferrable_section(),
                              &flexibility_section(),
                              &solar_section(),
                              &battery_section(),
                              &connection_section(),
                              &connection_event_section(),
                              &inference_section(),
                              &inference_model_section(),
                              &inference_request_section(),
                              &request_sizes_section(),
                              &size_distribution_section(),
                              &inference_arrivals_section(),
                              &inference_trace_section(),
                              &inference_trace_columns_section(),
                              &inference_replicas_section(),
                              &inference_measured_power_section(),
                              &inference_engine_section(),
                              &expert_parallel_section(),
                              &inference_slo_section(),
                              &service_flexibility_section(),
                              &training_trace_section(),
                              &offline_inference_section(),
                              &given_power_section()}) {
    section_markdown(out, *section);
  }
  for (const auto* section : projection_sections()) section_markdown(out, *section);
  return out.str();
}

}  // namespace terawatt
