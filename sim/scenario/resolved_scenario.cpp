#include "sim/scenario/resolved_scenario.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/number_text.hpp"
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/resolved_supply.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <sstream>

namespace terawatt {
namespace {

constexpr double j_per_kwh = 3.6e6;
constexpr double l_per_m3 = 1000.0;

std::string with_unit(double value, const char* unit) {
  return exact_number_text(value) + " " + unit;
}
std::string per_kwh(double kg_per_j) {
  return with_unit(kg_per_j * j_per_kwh, "kg/kWh");
}
std::string litres_per_kwh(double m3_per_j) {
  return with_unit(m3_per_j * l_per_m3 * j_per_kwh, "L/kWh");
}

// How the grid file is read, when it is not in terawatt's own form (sim/scenario/grid_file_reader.hpp).
void emit_grid_file_layout(YAML::Emitter& out, const GridFileLayout& layout) {
  if (layout.format != GridFileFormat::terawatt) {
    out << YAML::Key << "format" << YAML::Value << std::string(grid_file_format_name(layout.format));
  }
  if (layout.format == GridFileFormat::electricity_maps) {
    out << YAML::Key << "basis" << YAML::Value << (layout.basis == IntensityBasis::lca ? "lca" : "direct");
  }
  if (!layout.time_column.empty() || !layout.intensity_column.empty()) {
    out << YAML::Key << "columns" << YAML::Value << YAML::BeginMap;
    if (!layout.time_column.empty()) out << YAML::Key << "time" << YAML::Value << layout.time_column;
    if (!layout.intensity_column.empty()) {
      out << YAML::Key << "carbon_intensity" << YAML::Value << layout.intensity_column;
    }
    out << YAML::EndMap;
  }
  if (!layout.intensity_unit.empty()) {
    out << YAML::Key << "units" << YAML::Value << YAML::BeginMap << YAML::Key << "carbon_intensity" << YAML::Value
        << layout.intensity_unit << YAML::EndMap;
  }
  if (layout.utc_offset_h) out << YAML::Key << "utc_offset" << YAML::Value << exact_number_text(*layout.utc_offset_h);
  if (!layout.stated_factors.empty()) {
    out << YAML::Key << "emission_factors" << YAML::Value << YAML::BeginMap;
    for (const EmissionFactor& factor : layout.stated_factors) {
      out << YAML::Key << factor.production_type << YAML::Value << per_kwh(*factor.kg_per_j);
    }
    out << YAML::EndMap;
  }
}

void emit_site(YAML::Emitter& out, const Site& site) {
  const SiteInputs& in = site.inputs;
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << site.name;
  if (in.pue) out << YAML::Key << "pue" << YAML::Value << exact_number_text(*in.pue);
  if (in.wue_m3_per_j) out << YAML::Key << "wue" << YAML::Value << litres_per_kwh(*in.wue_m3_per_j);
  if (in.facility_preset) {
    out << YAML::Key << "facility" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "preset" << YAML::Value << *in.facility_preset;
    out << YAML::Key << "capacity" << YAML::Value << with_unit(in.facility_capacity_w, "W");
    if (in.climate) out << YAML::Key << "climate" << YAML::Value << *in.climate;
    if (in.weather_file) out << YAML::Key << "weather_file" << YAML::Value << *in.weather_file;
    out << YAML::EndMap;
  }
  out << YAML::Key << "grid" << YAML::Value << YAML::BeginMap;
  if (in.grid_region) out << YAML::Key << "region" << YAML::Value << *in.grid_region;
  if (in.grid_file) {
    out << YAML::Key << "file" << YAML::Value << *in.grid_file;
    emit_grid_file_layout(out, in.grid_file_layout);
  } else {
    out << YAML::Key << "carbon_intensity" << YAML::Value << per_kwh(*in.carbon_intensity_kg_per_j);
    out << YAML::Key << "daily_amplitude" << YAML::Value << exact_number_text(in.profile.daily_amplitude);
    out << YAML::Key << "daily_minimum_hour" << YAML::Value << exact_number_text(in.profile.daily_minimum_hour);
    out << YAML::Key << "seasonal_amplitude" << YAML::Value << exact_number_text(in.profile.seasonal_amplitude);
    out << YAML::Key << "seasonal_peak_month" << YAML::Value << exact_number_text(in.profile.seasonal_peak_month);
    out << YAML::Key << "utc_offset" << YAML::Value << exact_number_text(in.profile.utc_offset_h);
  }
  if (in.marginal_intensity_kg_per_j) {
    out << YAML::Key << "marginal_intensity" << YAML::Value << per_kwh(*in.marginal_intensity_kg_per_j);
  }
  if (in.marginal_file) out << YAML::Key << "marginal_file" << YAML::Value << *in.marginal_file;
  if (in.market_intensity_kg_per_j) {
    out << YAML::Key << "market_intensity" << YAML::Value << per_kwh(*in.market_intensity_kg_per_j);
  }
  out << YAML::Key << "water_intensity" << YAML::Value << litres_per_kwh(in.water_intensity_m3_per_j);
  out << YAML::EndMap;
  emit_site_supply(out, site.supply);
  out << YAML::EndMap;
}

// A declared entry whose name is a built-in one changes it, which the reader allows only with `based_on` that name.
template <typename Spec>
void emit_name(YAML::Emitter& out, const Spec& spec, const Spec* builtin) {
  out << YAML::Key << "name" << YAML::Value << spec.name;
  if (builtin) out << YAML::Key << "based_on" << YAML::Value << spec.name;
}

void emit_optional(YAML::Emitter& out, const char* key, const std::optional<double>& value, const char* unit) {
  if (value) out << YAML::Key << key << YAML::Value << with_unit(*value, unit);
}

// The number keys of one plant group of a user facility (sim/scenario/hardware_schema.cpp).
void emit_plant_group(YAML::Emitter& out, CoolingPlantParams plant, std::string_view path) {
  for (const PlantGroup& group : facility_plant_groups()) {
    if (group.path != path) continue;
    for (const PlantKey& key : group.keys) {
      out << YAML::Key << std::string(key.key) << YAML::Value << exact_number_text(key.field(plant));
    }
  }
}

template <typename Enum>
std::string word_of(const std::vector<std::pair<std::string_view, Enum>>& words, Enum value) {
  for (const auto& [text, v] : words) {
    if (v == value) return std::string(text);
  }
  return "";
}

// A user facility with every plant value, based_on the built-in preset it started from (whose plant it replaces).
void emit_facility(YAML::Emitter& out, const FacilityPreset& f) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << f.name;
  out << YAML::Key << "based_on" << YAML::Value << f.built_in_base;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << f.description;
  if (f.published_annual_pue > 0.0) {
    out << YAML::Key << "published_pue" << YAML::Value << exact_number_text(f.published_annual_pue);
  }
  out << YAML::Key << "typical_climate" << YAML::Value << f.typical_climate;
  out << YAML::Key << "typical_load" << YAML::Value << exact_number_text(f.typical_load_fraction);
  emit_plant_group(out, f.plant, "");
  for (const PlantGroup& group : facility_plant_groups()) {
    if (group.path.empty() || group.path.find('.') != std::string_view::npos) continue;
    out << YAML::Key << std::string(group.path) << YAML::Value << YAML::BeginMap;
    emit_plant_group(out, f.plant, group.path);
    if (group.path == "chiller") {
      out << YAML::Key << "heat_rejection" << YAML::Value
          << word_of(heat_rejection_names(), f.plant.chiller.heat_rejection);
    }
    if (group.path == "economiser") {
      out << YAML::Key << "type" << YAML::Value << word_of(economiser_type_names(), f.plant.economiser.type);
    }
    if (group.path == "liquid_cooling") {
      out << YAML::Key << "pumps" << YAML::Value << YAML::BeginMap;
      emit_plant_group(out, f.plant, "liquid_cooling.pumps");
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << f.source << YAML::EndMap;
}

// The user's accelerators, servers and facility presets with every value, so that the resolved scenario needs no
// catalog file.
void emit_hardware(YAML::Emitter& out, const HardwareCatalog& declared) {
  out << YAML::Key << "hardware" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "accelerators" << YAML::Value << YAML::BeginSeq;
  for (const AcceleratorSpec& a : declared.accelerators) {
    out << YAML::BeginMap;
    emit_name(out, a, builtin_catalog().find_accelerator(a.name));
    out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << a.description;
    out << YAML::Key << "tdp" << YAML::Value << with_unit(a.tdp_w, "W");
    out << YAML::Key << "idle_power" << YAML::Value << with_unit(a.idle_w, "W");
    out << YAML::Key << "peak" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "bf16" << YAML::Value << with_unit(a.peak_flop_per_s, "FLOP/s");
    emit_optional(out, "fp64", a.other_peaks.fp64_flop_per_s, "FLOP/s");
    emit_optional(out, "fp32", a.other_peaks.fp32_flop_per_s, "FLOP/s");
    emit_optional(out, "tf32", a.other_peaks.tf32_flop_per_s, "FLOP/s");
    emit_optional(out, "fp8", a.other_peaks.fp8_flop_per_s, "FLOP/s");
    emit_optional(out, "fp4", a.other_peaks.fp4_flop_per_s, "FLOP/s");
    out << YAML::EndMap;
    out << YAML::Key << "memory" << YAML::Value << with_unit(a.hbm_capacity_bytes, "B");
    out << YAML::Key << "memory_bandwidth" << YAML::Value << with_unit(a.hbm_bandwidth_bytes_per_s, "B/s");
    emit_optional(out, "interconnect_bandwidth", a.interconnect_bytes_per_s, "B/s");
    emit_optional(out, "compute_power", a.compute_power_w, "W");
    emit_optional(out, "checkpoint_power", a.checkpoint_power_w, "W");
    emit_optional(out, "communication_power", a.communication_power_w, "W");
    out << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << a.source << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "servers" << YAML::Value << YAML::BeginSeq;
  for (const ServerSpec& s : declared.servers) {
    out << YAML::BeginMap;
    emit_name(out, s, builtin_catalog().find_server(s.name));
    out << YAML::Key << "accelerator" << YAML::Value << s.accelerator;
    out << YAML::Key << "accelerators_per_server" << YAML::Value << s.accelerators_per_server;
    out << YAML::Key << "max_power" << YAML::Value << with_unit(s.max_power_w, "W");
    out << YAML::Key << "host_idle_power" << YAML::Value << with_unit(s.host.idle_w, "W");
    out << YAML::Key << "host_loaded_power" << YAML::Value << with_unit(s.host.loaded_w, "W");
    out << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << s.source << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "facilities" << YAML::Value << YAML::BeginSeq;
  for (const FacilityPreset& f : declared.facilities) emit_facility(out, f);
  out << YAML::EndSeq << YAML::EndMap;
}

void emit_cluster(YAML::Emitter& out, const Cluster& cluster) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << cluster.name;
  out << YAML::Key << "site" << YAML::Value << cluster.site;
  out << YAML::Key << "accelerator" << YAML::Value << cluster.accelerator.name;
  out << YAML::Key << "servers" << YAML::Value << cluster.servers;
  out << YAML::Key << "accelerators_per_server" << YAML::Value << cluster.accelerators_per_server;
  out << YAML::Key << "servers_per_host" << YAML::Value << cluster.servers_per_host;
  if (cluster.power_cap_w) out << YAML::Key << "power_cap" << YAML::Value << with_unit(*cluster.power_cap_w, "W");
  out << YAML::Key << "host_idle_power" << YAML::Value << with_unit(cluster.host_power.idle_w, "W");
  out << YAML::Key << "host_loaded_power" << YAML::Value << with_unit(cluster.host_power.loaded_w, "W");
  if (cluster.compute_power_w) {
    out << YAML::Key << "compute_power" << YAML::Value << with_unit(*cluster.compute_power_w, "W");
  }
  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "bandwidth" << YAML::Value << with_unit(cluster.network.bandwidth_bytes_per_s, "B/s");
  out << YAML::Key << "latency" << YAML::Value << with_unit(cluster.network.latency_s, "s");
  out << YAML::Key << "fabric_power" << YAML::Value << with_unit(cluster.network.fabric.floor_w_per_server, "W");
  out << YAML::Key << "traffic_pj_per_bit" << YAML::Value
      << exact_number_text(cluster.network.fabric.traffic_pj_per_bit);
  out << YAML::EndMap;
  if (cluster.embodied) {
    out << YAML::Key << "embodied" << YAML::Value << YAML::BeginMap;
    const EmbodiedCarbon& carbon = *cluster.embodied;
    if (carbon.server_total_kg) {
      out << YAML::Key << "server_total" << YAML::Value << with_unit(*carbon.server_total_kg, "kg");
    } else {
      out << YAML::Key << "per_accelerator" << YAML::Value << with_unit(carbon.per_accelerator_kg, "kg");
      out << YAML::Key << "per_server" << YAML::Value << with_unit(carbon.per_server_kg, "kg");
    }
    out << YAML::Key << "lifetime" << YAML::Value << with_unit(carbon.lifetime_s, "s");
    out << YAML::Key << "utilisation" << YAML::Value << exact_number_text(carbon.utilisation);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string resolved_scenario_yaml(const Scenario& scenario) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "scenario" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << scenario.info.name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << scenario.info.description;
  out << YAML::Key << "start" << YAML::Value << format_iso8601_utc(scenario.info.start_epoch_s);
  if (scenario.info.duration_s)
    out << YAML::Key << "duration" << YAML::Value << with_unit(*scenario.info.duration_s, "s");
  out << YAML::Key << "sample_interval" << YAML::Value << with_unit(scenario.info.sample_interval_s, "s");
  out << YAML::Key << "seed" << YAML::Value << scenario.info.seed;
  out << YAML::EndMap;

  if (!scenario.declared_hardware.accelerators.empty() || !scenario.declared_hardware.servers.empty() ||
      !scenario.declared_hardware.facilities.empty()) {
    emit_hardware(out, scenario.declared_hardware);
  }
  out << YAML::Key << "sites" << YAML::Value << YAML::BeginSeq;
  for (const auto& site : scenario.sites) emit_site(out, site);
  out << YAML::EndSeq;

  out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
  for (const auto& cluster : scenario.clusters) emit_cluster(out, cluster);
  out << YAML::EndSeq;

  out << YAML::Key << "workloads" << YAML::Value << YAML::BeginSeq;
  for (const auto& job : scenario.training_jobs) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << job.name;
    out << YAML::Key << "type" << YAML::Value << "training";
    out << YAML::Key << "cluster" << YAML::Value << job.cluster;
    out << YAML::Key << "flops" << YAML::Value << with_unit(job.flops, "FLOP");
    out << YAML::Key << "accelerators" << YAML::Value << job.accelerators;
    out << YAML::Key << "mfu" << YAML::Value << exact_number_text(job.mfu);
    out << YAML::Key << "precision" << YAML::Value << job.precision;
    out << YAML::Key << "start" << YAML::Value << with_unit(job.start_s, "s");
    if (job.deferral) {
      out << YAML::Key << "deferrable" << YAML::Value << YAML::BeginMap;
      out << YAML::Key << "deadline" << YAML::Value << with_unit(job.deferral->deadline_s, "s");
      const bool threshold = job.deferral->policy == DeferralPolicy::threshold;
      out << YAML::Key << "policy" << YAML::Value << (threshold ? "threshold" : "forecast");
      if (threshold) out << YAML::Key << "threshold" << YAML::Value << per_kwh(job.deferral->threshold_kg_per_j);
      out << YAML::EndMap;
    }
    if (job.checkpoint) {
      out << YAML::Key << "checkpoint_interval" << YAML::Value << with_unit(job.checkpoint->interval_s, "s");
      out << YAML::Key << "checkpoint_write_time" << YAML::Value << with_unit(job.checkpoint->write_s, "s");
    }
    if (job.failures) {
      out << YAML::Key << "mtbf" << YAML::Value << with_unit(job.failures->mtbf_s, "s");
      out << YAML::Key << "restart_delay" << YAML::Value << with_unit(job.failures->restart_delay_s, "s");
    }
    if (job.flexibility) emit_flexibility(out, *job.flexibility);
    out << YAML::EndMap;
  }
  for (const auto& service : scenario.services) out << YAML::Load(service.given_yaml);
  for (const auto& job : scenario.offline_jobs) out << YAML::Load(job.given_yaml);
  for (const auto& load : scenario.given_loads) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << load.name;
    out << YAML::Key << "type" << YAML::Value << "given_power";
    out << YAML::Key << "cluster" << YAML::Value << load.cluster;
    out << YAML::Key << "servers" << YAML::Value << load.servers;
    if (load.total_it_w) out << YAML::Key << "power" << YAML::Value << with_unit(*load.total_it_w, "W");
    if (load.load_factor) out << YAML::Key << "load_factor" << YAML::Value << exact_number_text(*load.load_factor);
    out << YAML::Key << "start" << YAML::Value << with_unit(load.start_s, "s");
    if (load.duration_s) out << YAML::Key << "duration" << YAML::Value << with_unit(*load.duration_s, "s");
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace terawatt
