#include "sim/scenario/resolved_supply.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/number_text.hpp"

#include <cmath>
#include <string>

namespace terawatt {
namespace {

constexpr double j_per_mwh = 3.6e9;
constexpr double w_per_kw = 1e3;

std::string quantity(double value, const char* unit) {
  return exact_number_text(value) + " " + unit;
}

void emit_solar(YAML::Emitter& out, const SiteSupply& supply) {
  const PvArrayParams& pv = *supply.pv;
  out << YAML::Key << "solar" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "peak_power" << YAML::Value << quantity(pv.peak_w, "W");
  out << YAML::Key << (supply.pv_irradiance_is_file ? "weather_file" : "climate") << YAML::Value
      << supply.pv_irradiance;
  out << YAML::Key << "temperature_coefficient" << YAML::Value << exact_number_text(pv.temperature_coefficient_per_k);
  out << YAML::Key << "system_losses" << YAML::Value << exact_number_text(pv.system_losses);
  out << YAML::Key << "inverter_efficiency" << YAML::Value << exact_number_text(pv.inverter_efficiency);
  if (pv.inverter_ac_limit_w)
    out << YAML::Key << "inverter_limit" << YAML::Value << quantity(*pv.inverter_ac_limit_w, "W");
  out << YAML::EndMap;
}

// A signal threshold in the form the policy reads: a carbon intensity or a price per MWh.
std::string threshold_text(double value, bool price) {
  return price ? exact_number_text(value * j_per_mwh) : quantity(value * 3.6e6, "kg/kWh");
}

void emit_battery(YAML::Emitter& out, const SiteSupply& supply) {
  const BatteryParams& b = *supply.battery;
  out << YAML::Key << "battery" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "capacity" << YAML::Value << quantity(b.capacity_j, "J");
  out << YAML::Key << "charge_power" << YAML::Value << quantity(b.charge_power_w, "W");
  out << YAML::Key << "discharge_power" << YAML::Value << quantity(b.discharge_power_w, "W");
  out << YAML::Key << "round_trip_efficiency" << YAML::Value << exact_number_text(b.round_trip_efficiency);
  out << YAML::Key << "min_soc" << YAML::Value << exact_number_text(b.min_soc);
  out << YAML::Key << "max_soc" << YAML::Value << exact_number_text(b.max_soc);
  out << YAML::Key << "initial_soc" << YAML::Value << exact_number_text(b.initial_soc);
  out << YAML::Key << "policy" << YAML::Value << supply.policy_name;
  const DispatchPolicy& p = supply.policy;
  if (p.policy == BatteryPolicy::peak_shaving && std::isfinite(p.peak_target_w)) {
    out << YAML::Key << "peak_target" << YAML::Value << quantity(p.peak_target_w, "W");
  }
  if (p.policy == BatteryPolicy::signal) {
    const bool price = supply.policy_name == "price";
    out << YAML::Key << "charge_below" << YAML::Value << threshold_text(p.charge_at_or_below, price);
    out << YAML::Key << "discharge_above" << YAML::Value << threshold_text(p.discharge_at_or_above, price);
  }
  out << YAML::EndMap;
}

void emit_event(YAML::Emitter& out, const DemandResponseEvent& e) {
  out << YAML::BeginMap;
  out << YAML::Key << "start" << YAML::Value << format_iso8601_utc(e.start_epoch_s);
  out << YAML::Key << "duration" << YAML::Value << quantity(e.end_epoch_s - e.start_epoch_s, "s");
  if (e.limit_w) out << YAML::Key << "limit" << YAML::Value << quantity(*e.limit_w, "W");
  if (e.reduction_fraction) out << YAML::Key << "reduction" << YAML::Value << exact_number_text(*e.reduction_fraction);
  if (e.reduction_w) out << YAML::Key << "reduce_by" << YAML::Value << quantity(*e.reduction_w, "W");
  out << YAML::EndMap;
}

void emit_connection(YAML::Emitter& out, const SiteSupply& supply) {
  const GridConnection& c = *supply.connection;
  out << YAML::Key << "connection" << YAML::Value << YAML::BeginMap;
  if (std::isfinite(c.capacity_w)) out << YAML::Key << "capacity" << YAML::Value << quantity(c.capacity_w, "W");
  out << YAML::Key << "export" << YAML::Value << (c.export_allowed ? "true" : "false");
  if (supply.price_file) {
    out << YAML::Key << "price_file" << YAML::Value << *supply.price_file;
  } else {
    out << YAML::Key << "energy_price" << YAML::Value << exact_number_text(c.energy_price_per_j.at(0.0) * j_per_mwh);
  }
  out << YAML::Key << "export_price" << YAML::Value << exact_number_text(c.export_price_per_j * j_per_mwh);
  out << YAML::Key << "demand_charge" << YAML::Value << exact_number_text(c.demand_charge_per_w * w_per_kw);
  out << YAML::Key << "currency" << YAML::Value << c.currency;
  out << YAML::Key << "flexible_work" << YAML::Value << (c.curtail_flexible_work ? "true" : "false");
  if (!c.events.empty()) {
    out << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
    for (const DemandResponseEvent& e : c.events) emit_event(out, e);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

}  // namespace

void emit_site_supply(YAML::Emitter& out, const SiteSupply& supply) {
  if (supply.pv) emit_solar(out, supply);
  if (supply.battery) emit_battery(out, supply);
  if (supply.connection) emit_connection(out, supply);
}

void emit_flexibility(YAML::Emitter& out, const TrainingFlexibility& flexibility) {
  out << YAML::Key << "flexibility" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "priority" << YAML::Value << flexibility.priority;
  if (flexibility.mode == FlexMode::power_cap) {
    out << YAML::Key << "mode" << YAML::Value << "power_cap";
    out << YAML::Key << "power_cap" << YAML::Value << quantity(flexibility.power_cap_w, "W");
  } else {
    out << YAML::Key << "mode" << YAML::Value << "pause";
    out << YAML::Key << "checkpoint_write_time" << YAML::Value << quantity(flexibility.checkpoint_write_s, "s");
    out << YAML::Key << "restart_time" << YAML::Value << quantity(flexibility.restart_s, "s");
  }
  out << YAML::EndMap;
}

}  // namespace terawatt
