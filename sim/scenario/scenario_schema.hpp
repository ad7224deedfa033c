#pragma once
// Every scenario key, declared once: name, type, unit, default and doc. The loader reads keys through this
// table (so a default is parsed by the same code as a user value), and the scenario reference in README.md is
// generated from it (`terawatt keys`), so docs cannot drift from code.

#include "models/base/units.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

enum class ValueType {
  text,       // free text
  name,       // an identifier: letters, digits, '_', '-', '.'; used for labels and references
  quantity,   // a number with a unit of `dimension`
  number,     // a bare positive number
  count,      // a non-negative integer
  timestamp,  // ISO 8601 with a time zone
  fraction,   // a dimensionless value in (0, 1], as a number or a percentage
  real,       // any finite number, negative included
};

struct KeySpec {
  std::string_view key;
  ValueType type;
  Dimension dimension;            // for quantities
  std::string_view default_text;  // parsed like user input; "" when required or when `optional`
  bool optional;                  // absent means "none" (documented in `doc`)
  std::string_view doc;
};

struct SectionSpec {
  std::string_view path;  // "scenario", "sites[]", "clusters[].network"
  std::string_view doc;
  std::vector<KeySpec> keys;
  const KeySpec& key(std::string_view name) const;  // throws std::logic_error for a key not declared
  std::vector<std::string> key_names() const;
};

const SectionSpec& scenario_section();
const SectionSpec& site_section();
const SectionSpec& cluster_section();
const SectionSpec& network_section();
const SectionSpec& embodied_section();
const SectionSpec& facility_section();
const SectionSpec& grid_section();
const SectionSpec& grid_columns_section();
const SectionSpec& grid_units_section();
const SectionSpec& deferrable_section();
// On-site supply, the grid connection and flexible work (sim/scenario/supply_schema.cpp).
const SectionSpec& solar_section();
const SectionSpec& battery_section();
const SectionSpec& connection_section();
const SectionSpec& connection_event_section();
const SectionSpec& flexibility_section();
const SectionSpec& service_flexibility_section();
const SectionSpec& workload_section();
// Inference services (sim/scenario/inference_schema.cpp).
const SectionSpec& inference_section();
const SectionSpec& inference_model_section();
const SectionSpec& inference_request_section();
const SectionSpec& inference_arrivals_section();
const SectionSpec& inference_replicas_section();
const SectionSpec& inference_measured_power_section();
const SectionSpec& inference_engine_section();
const SectionSpec& expert_parallel_section();
const SectionSpec& inference_slo_section();
const SectionSpec& request_sizes_section();
const SectionSpec& size_distribution_section();
// Trace imports (sim/scenario/trace_schema.cpp).
const SectionSpec& inference_trace_section();
const SectionSpec& inference_trace_columns_section();
const SectionSpec& training_trace_section();
// Work held for a known time (sim/scenario/held_work_schema.cpp).
const SectionSpec& offline_inference_section();
const SectionSpec& given_power_section();
// User-defined hardware (sim/scenario/hardware_schema.cpp).
const SectionSpec& hardware_section();
const SectionSpec& hardware_accelerator_section();
const SectionSpec& hardware_peak_section();
const SectionSpec& hardware_server_section();
const std::vector<std::string>& top_level_keys();

// Markdown tables of every section, for README.md's scenario reference.
std::string scenario_reference_markdown();

}  // namespace terawatt
