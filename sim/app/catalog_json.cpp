#include "sim/app/catalog_json.hpp"

#include "models/base/number_text.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/grid/grid_presets.hpp"
#include "sim/scenario/hardware_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>

namespace terawatt {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// One JSON object, its fields in the order added.
class Object {
 public:
  Object& text(const std::string& key, const std::string& value) { return raw(key, quoted(value)); }
  Object& value(const std::string& key, double v) { return raw(key, exact_number_text(v)); }
  Object& value(const std::string& key, const std::optional<double>& v) {
    return raw(key, v ? exact_number_text(*v) : "null");
  }
  template <typename Values>
  Object& values(const std::string& key, const Values& vs) {
    std::string list = "[";
    for (const double v : vs) list += (list.size() > 1 ? ", " : "") + exact_number_text(v);
    return raw(key, list + "]");
  }
  Object& raw(const std::string& key, const std::string& json) {
    fields_ += (fields_.empty() ? "" : ", ") + quoted(key) + ": " + json;
    return *this;
  }
  std::string str() const { return "{" + fields_ + "}"; }

 private:
  std::string fields_;
};

template <typename Item, typename Describe>
std::string list_of(const std::vector<Item>& items, Describe describe) {
  std::string out = "[";
  for (const Item& item : items) out += std::string(out.size() > 1 ? ",\n    " : "\n    ") + describe(item).str();
  return out + "\n  ]";
}

std::string accelerators(const HardwareCatalog& hardware) {
  return list_of(hardware.accelerators, [](const AcceleratorSpec& a) {
    const PrecisionPeaks& p = a.other_peaks;
    return Object()
        .text("name", a.name)
        .text("description", a.description)
        .value("tdp_w", a.tdp_w)
        .value("idle_w", a.idle_w)
        .value("peak_bf16_flop_per_s", a.peak_flop_per_s)
        .value("peak_fp64_flop_per_s", p.fp64_flop_per_s)
        .value("peak_fp32_flop_per_s", p.fp32_flop_per_s)
        .value("peak_tf32_flop_per_s", p.tf32_flop_per_s)
        .value("peak_fp8_flop_per_s", p.fp8_flop_per_s)
        .value("peak_fp4_flop_per_s", p.fp4_flop_per_s)
        .value("memory_bytes", a.hbm_capacity_bytes)
        .value("memory_bandwidth_bytes_per_s", a.hbm_bandwidth_bytes_per_s)
        .value("interconnect_bytes_per_s", a.interconnect_bytes_per_s)
        .value("compute_w", a.compute_power_w)
        .value("checkpoint_w", a.checkpoint_power_w)
        .value("communication_w", a.communication_power_w)
        .text("source", a.source);
  });
}

std::string servers(const HardwareCatalog& hardware) {
  return list_of(hardware.servers, [](const ServerSpec& s) {
    return Object()
        .text("name", s.name)
        .text("accelerator", s.accelerator)
        .value("accelerators_per_server", s.accelerators_per_server)
        .value("max_power_w", s.max_power_w)
        .value("host_idle_w", s.host.idle_w)
        .value("host_loaded_w", s.host.loaded_w)
        .text("source", s.source);
  });
}

// Facility presets, the user's changes and additions included: the published figure each plant is fitted to, not
// the plant's parameters (see `source`); a user's preset without one has null.
std::string facilities(const HardwareCatalog& hardware) {
  return list_of(all_facilities(hardware), [](const FacilityPreset& f) {
    return Object()
        .text("name", f.name)
        .text("description", f.description)
        .value("published_annual_pue",
               f.published_annual_pue > 0.0 ? std::optional<double>(f.published_annual_pue) : std::nullopt)
        .text("published_source", f.published_source)
        .text("typical_climate", f.typical_climate)
        .value("typical_load_fraction", f.typical_load_fraction)
        .text("fitted_parameter", f.fitted_parameter)
        .text("source", f.source);
  });
}

std::string climates() {
  return list_of(climate_presets(), [](const ClimatePreset& c) {
    return Object()
        .text("name", c.name)
        .text("description", c.description)
        .value("utc_offset_h", c.utc_offset_h)
        .value("elevation_m", c.elevation_m)
        .values("monthly_dry_bulb_mean_c", c.dry_bulb_mean_c)
        .values("monthly_diurnal_range_c", c.diurnal_range_c)
        .values("monthly_relative_humidity", c.relative_humidity)
        .value("day_to_day_std_c", c.day_to_day_std_c)
        .text("source", c.source);
  });
}

std::string grids() {
  return list_of(grid_presets(), [](const GridPreset& g) {
    return Object()
        .text("name", g.name)
        .text("description", g.description)
        .value("carbon_intensity_kg_per_j", g.carbon_intensity_kg_per_j)
        .value("market_intensity_kg_per_j", g.market_intensity_kg_per_j)
        .value("water_intensity_m3_per_j", g.water_intensity_m3_per_j)
        .text("source", g.source);
  });
}

// The unit of every field named with a unit suffix, as UDUNITS-2 text.
std::string units() {
  return Object()
      .text("_w", "W")
      .text("_flop_per_s", "s-1 (FLOP per second)")
      .text("_bytes", "byte")
      .text("_bytes_per_s", "byte s-1")
      .text("_h", "h")
      .text("_m", "m")
      .text("_c", "degC")
      .text("_kg_per_j", "kg J-1 (CO2e)")
      .text("_m3_per_j", "m3 J-1")
      .text("fraction and relative_humidity", "1")
      .str();
}

}  // namespace

const std::vector<std::string>& catalog_kinds() {
  static const std::vector<std::string> kinds{"accelerators", "servers", "facilities", "climates", "grids"};
  return kinds;
}

std::string catalog_json(const HardwareCatalog& hardware, const std::vector<std::string>& kinds) {
  const auto wanted = [&kinds](const char* kind) { return std::find(kinds.begin(), kinds.end(), kind) != kinds.end(); };
  std::string out = "{\n  \"units_by_suffix\": " + units();
  if (wanted("accelerators")) out += ",\n  \"accelerators\": " + accelerators(hardware);
  if (wanted("servers")) out += ",\n  \"servers\": " + servers(hardware);
  if (wanted("facilities")) out += ",\n  \"facilities\": " + facilities(hardware);
  if (wanted("climates")) out += ",\n  \"climates\": " + climates();
  if (wanted("grids")) out += ",\n  \"grids\": " + grids();
  return out + "\n}\n";
}

}  // namespace terawatt
