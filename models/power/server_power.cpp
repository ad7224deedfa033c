#include "models/power/server_power.hpp"

#include <stdexcept>
#include <string>

namespace terawatt {

ServerPower::ServerPower(const AcceleratorPowerModel& model, double accelerators, const HostPowerCurve& host)
    : model_(model), accelerators_(accelerators), host_(host) {
  if (!(accelerators > 0.0)) throw std::invalid_argument("a server needs accelerators > 0");
  host.validate();
}

double ServerPower::accelerator_load() const {
  const double per_device_w = accelerator_power_w() / accelerators_;
  return (per_device_w - model_.idle_w()) / (model_.tdp_w() - model_.idle_w());
}

void ServerPower::begin(WorkKind kind) {
  ++running_.at(static_cast<std::size_t>(kind));
}

void ServerPower::end(WorkKind kind) {
  int& running = running_.at(static_cast<std::size_t>(kind));
  if (running == 0) throw std::logic_error("no " + std::string(work_kind_name(kind)) + " activity runs on this host");
  --running;
}

void ServerPower::set_service_power(double accelerator_w, std::optional<double> host_w) {
  if (!(accelerator_w >= 0.0) || !(host_w.value_or(0.0) >= 0.0)) {
    throw std::invalid_argument("a service's accelerator and host power must be >= 0 W");
  }
  service_accelerator_w_ = accelerator_w;
  service_host_w_ = host_w;
}

WorkKind ServerPower::current_kind() const {
  WorkKind busiest = WorkKind::idle;
  for (std::size_t k = 0; k < kinds; ++k) {
    const auto kind = static_cast<WorkKind>(k);
    if (running_[k] > 0 && model_.intensity(kind) >= model_.intensity(busiest)) busiest = kind;
  }
  return busiest;
}

}  // namespace terawatt
