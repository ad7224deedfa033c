#include "models/power/hardware_catalog.hpp"

#include "models/power/catalog_entries.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

// "989 W" style numbers for messages, without pulling in the scenario reader's formatting.
std::string watts(double w) {
  std::string text = std::to_string(w);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + " W";
}

bool positive(double value) {
  return std::isfinite(value) && value > 0.0;
}

template <typename Spec>
Spec* find_named(std::vector<Spec>& items, std::string_view name) {
  for (Spec& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

template <typename Spec>
void put_named(std::vector<Spec>& items, const Spec& spec) {
  if (Spec* existing = find_named(items, spec.name)) {
    *existing = spec;
  } else {
    items.push_back(spec);
  }
}

// A phase power, where given, lies above idle and at most at the TDP (models/power/accelerator_power.hpp).
std::optional<SpecProblem> check_phase(const AcceleratorSpec& a, const std::optional<double>& power_w,
                                       const char* key) {
  if (!power_w || (*power_w > a.idle_w && *power_w <= a.tdp_w)) return std::nullopt;
  return SpecProblem{key, watts(*power_w) + " is outside the range from the idle power of " + watts(a.idle_w) +
                              " to the TDP of " + watts(a.tdp_w) + " (expected more than idle and at most the TDP)"};
}

HardwareCatalog checked_builtin_catalog() {
  HardwareCatalog catalog;
  catalog.accelerators = builtin_accelerators();
  catalog.servers = builtin_servers(catalog.accelerators);
  for (const AcceleratorSpec& a : catalog.accelerators) {
    if (const auto problem = check_accelerator(a)) {
      throw std::logic_error("built-in accelerator '" + a.name + "': " + problem->key + ": " + problem->problem);
    }
  }
  for (const ServerSpec& s : catalog.servers) {
    if (const auto problem = check_server(s, *catalog.find_accelerator(s.accelerator))) {
      throw std::logic_error("built-in server '" + s.name + "': " + problem->key + ": " + problem->problem);
    }
  }
  return catalog;
}

}  // namespace

const AcceleratorSpec* HardwareCatalog::find_accelerator(std::string_view name) const {
  for (const AcceleratorSpec& a : accelerators) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const ServerSpec* HardwareCatalog::find_server(std::string_view name) const {
  for (const ServerSpec& s : servers) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const FacilityPreset* HardwareCatalog::find_facility(std::string_view name) const {
  for (const FacilityPreset& f : facilities) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const ServerSpec* HardwareCatalog::server_for(std::string_view accelerator) const {
  for (const ServerSpec& s : servers) {
    if (s.accelerator == accelerator) return &s;
  }
  return nullptr;
}

void HardwareCatalog::put(const AcceleratorSpec& accelerator) {
  put_named(accelerators, accelerator);
}
void HardwareCatalog::put(const ServerSpec& server) {
  put_named(servers, server);
}
void HardwareCatalog::put(const FacilityPreset& facility) {
  put_named(facilities, facility);
}

const HardwareCatalog& builtin_catalog() {
  static const HardwareCatalog catalog = checked_builtin_catalog();
  return catalog;
}

std::optional<SpecProblem> check_accelerator(const AcceleratorSpec& a) {
  if (!positive(a.tdp_w)) return SpecProblem{"tdp", "must be greater than zero"};
  if (!(std::isfinite(a.idle_w) && a.idle_w >= 0.0 && a.idle_w < a.tdp_w)) {
    return SpecProblem{"idle_power", watts(a.idle_w) + " is not below the TDP of " + watts(a.tdp_w) +
                                         " (expected at least 0 W and less than the TDP)"};
  }
  if (!positive(a.peak_flop_per_s)) return SpecProblem{"peak.bf16", "must be greater than zero"};
  const PrecisionPeaks& p = a.other_peaks;
  for (const auto& [key, value] : {std::pair{"peak.fp64", p.fp64_flop_per_s}, std::pair{"peak.fp32", p.fp32_flop_per_s},
                                   std::pair{"peak.tf32", p.tf32_flop_per_s}, std::pair{"peak.fp8", p.fp8_flop_per_s},
                                   std::pair{"peak.fp4", p.fp4_flop_per_s}}) {
    if (value && !positive(*value)) return SpecProblem{key, "must be greater than zero"};
  }
  if (!positive(a.hbm_capacity_bytes)) return SpecProblem{"memory", "must be greater than zero"};
  if (!positive(a.hbm_bandwidth_bytes_per_s)) return SpecProblem{"memory_bandwidth", "must be greater than zero"};
  if (a.interconnect_bytes_per_s && !positive(*a.interconnect_bytes_per_s)) {
    return SpecProblem{"interconnect_bandwidth", "must be greater than zero"};
  }
  if (auto problem = check_phase(a, a.compute_power_w, "compute_power")) return problem;
  if (auto problem = check_phase(a, a.checkpoint_power_w, "checkpoint_power")) return problem;
  return check_phase(a, a.communication_power_w, "communication_power");
}

std::optional<SpecProblem> check_server(const ServerSpec& s, const AcceleratorSpec& accelerator) {
  if (s.accelerators_per_server < 1) return SpecProblem{"accelerators_per_server", "must be at least 1"};
  if (!(std::isfinite(s.host.idle_w) && s.host.idle_w >= 0.0)) {
    return SpecProblem{"host_idle_power", "is negative (expected a value >= 0)"};
  }
  if (!(std::isfinite(s.host.loaded_w) && s.host.loaded_w >= s.host.idle_w)) {
    return SpecProblem{"host_loaded_power", "host loaded power " + watts(s.host.loaded_w) +
                                                " is below host idle power " + watts(s.host.idle_w) +
                                                " (expected idle <= loaded)"};
  }
  const double loaded_server_w = s.accelerators_per_server * accelerator.tdp_w + s.host.loaded_w;
  // A rounding margin: a generic server's nameplate is exactly this sum.
  constexpr double relative_margin = 1e-9;
  if (!(s.max_power_w >= loaded_server_w * (1.0 - relative_margin))) {
    return SpecProblem{"max_power", watts(s.max_power_w) + " cannot hold " + std::to_string(s.accelerators_per_server) +
                                        " x " + accelerator.name + " at their TDP and the host loaded, " +
                                        watts(loaded_server_w) + " (expected at least that)"};
  }
  return std::nullopt;
}

}  // namespace terawatt
