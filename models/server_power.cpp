#include "models/server_power.hpp"

#include <stdexcept>
#include <string>

namespace terawatt {

ServerPower::ServerPower(const AcceleratorPowerModel& model, double accelerators, double overhead_w)
    : model_(model), accelerators_(accelerators), overhead_w_(overhead_w) {
  if (!(accelerators > 0.0) || !(overhead_w >= 0.0)) {
    throw std::invalid_argument("a server needs accelerators > 0 and an overhead >= 0 W");
  }
}

void ServerPower::begin(WorkKind kind) { ++running_.at(static_cast<std::size_t>(kind)); }

void ServerPower::end(WorkKind kind) {
  int& running = running_.at(static_cast<std::size_t>(kind));
  if (running == 0) throw std::logic_error("no " + std::string(work_kind_name(kind)) + " activity runs on this host");
  --running;
}

void ServerPower::set_service_power(double accelerator_w, double overhead_w) {
  if (!(accelerator_w >= 0.0) || !(overhead_w >= 0.0)) {
    throw std::invalid_argument("a service's accelerator and overhead power must be >= 0 W");
  }
  service_accelerator_w_ = accelerator_w;
  service_overhead_w_ = overhead_w;
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
