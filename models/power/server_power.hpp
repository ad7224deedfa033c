#pragma once
// Power of one simulated host: `accelerators` devices plus the servers' hosts (models/power/host_power.hpp), as a
// function of the work running on it. Pure state machine; sim/engine/power_accounting.cpp feeds it from SimGrid
// activity signals.

#include "models/power/accelerator_power.hpp"
#include "models/power/host_power.hpp"

#include <array>
#include <optional>

namespace terawatt {

class ServerPower {
 public:
  // `accelerators` and `host` are totals for everything the simulated host stands for (servers_per_host servers).
  ServerPower(const AcceleratorPowerModel& model, double accelerators, const HostPowerCurve& host);

  // An activity of `kind` starts or ends on this host.
  void begin(WorkKind kind);
  void end(WorkKind kind);  // throws std::logic_error when no such activity runs

  // While several activities share the host (a scheduler normally prevents it), the accelerators draw the power
  // of the most intense one: power follows the busiest kernel, not the sum of the kernels.
  WorkKind current_kind() const;
  double accelerator_power_w() const {
    return service_accelerator_w_ ? *service_accelerator_w_ : accelerators_ * model_.power_w(current_kind());
  }
  // The accelerators' load, the share of their dynamic range they use: (P - idle) / (TDP - idle) per device.
  double accelerator_load() const;
  // The servers' hosts follow the accelerators' load (models/power/host_power.hpp), unless a service set their power.
  double host_power_w() const { return service_host_w_ ? *service_host_w_ : host_.power_w(accelerator_load()); }
  double it_power_w() const { return accelerator_power_w() + host_power_w(); }
  // What the hardware draws when it is on and does nothing: accelerators and hosts idle (models/power/power_use.hpp).
  double idle_it_power_w() const { return accelerators_ * model_.idle_w() + host_.idle_w; }
  // An inference service sets the power of the hosts it holds itself, from its replicas' batches
  // (models/workload/replica_service.hpp): the accelerators' total, and the hosts' power when they are not awake (less
  // in standby, 0 when off); `host_w` absent means awake, on the host curve at the accelerators' load. Once set, it
  // replaces the power of the running activities' kinds: a service holds its hosts to the horizon.
  void set_service_power(double accelerator_w, std::optional<double> host_w);
  // Hands the power back to the running activities' kinds, when work that set it releases the host.
  void clear_service_power() {
    service_accelerator_w_.reset();
    service_host_w_.reset();
  }
  const HostPowerCurve& host() const { return host_; }
  double accelerators() const { return accelerators_; }
  // A job's own power cap: the accelerators follow another model while it runs.
  void set_model(const AcceleratorPowerModel& model) { model_ = model; }
  const AcceleratorPowerModel& model() const { return model_; }

 private:
  static constexpr std::size_t kinds = 4;
  AcceleratorPowerModel model_;
  double accelerators_;
  HostPowerCurve host_;
  std::array<int, kinds> running_{};
  std::optional<double> service_accelerator_w_;
  std::optional<double> service_host_w_;
};

}  // namespace terawatt
