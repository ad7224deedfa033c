#pragma once
// Power of one simulated host: `accelerators` devices plus the servers' host overhead, as a function of the
// work running on it. Pure state machine; sim/power_accounting.cpp feeds it from SimGrid activity signals.

#include "models/accelerator_power.hpp"

#include <array>
#include <optional>

namespace terawatt {

class ServerPower {
 public:
  // `accelerators` and `overhead_w` are totals for everything the host stands for (servers_per_host servers).
  ServerPower(const AcceleratorPowerModel& model, double accelerators, double overhead_w);

  // An activity of `kind` starts or ends on this host.
  void begin(WorkKind kind);
  void end(WorkKind kind);  // throws std::logic_error when no such activity runs

  // While several activities share the host (a scheduler normally prevents it), the accelerators draw the power
  // of the most intense one: power follows the busiest kernel, not the sum of the kernels.
  WorkKind current_kind() const;
  double accelerator_power_w() const {
    return service_accelerator_w_ ? *service_accelerator_w_ : accelerators_ * model_.power_w(current_kind());
  }
  // Host overhead is taken as constant: CPU, DRAM and fan power vary far less than accelerator power
  // (FIGURES.md E: DGX nameplate minus GPU TDP), and a constant keeps it an explicit, documented input.
  double it_power_w() const { return accelerator_power_w() + (service_overhead_w_ ? *service_overhead_w_ : overhead_w_); }
  // An inference service sets the power of the hosts it holds itself, from its replicas' batches
  // (models/replica_service.hpp): the accelerators' total, and the servers' overhead (the nominal one while they are
  // on, less in standby, 0 when off). Once set, it replaces the power of the running activities' kinds: a service
  // holds its hosts to the horizon.
  void set_service_power(double accelerator_w, double overhead_w);
  double overhead_w() const { return overhead_w_; }
  double accelerators() const { return accelerators_; }
  // A job's own power cap: the accelerators follow another model while it runs.
  void set_model(const AcceleratorPowerModel& model) { model_ = model; }
  const AcceleratorPowerModel& model() const { return model_; }

 private:
  static constexpr std::size_t kinds = 4;
  AcceleratorPowerModel model_;
  double accelerators_;
  double overhead_w_;
  std::array<int, kinds> running_{};
  std::optional<double> service_accelerator_w_;
  std::optional<double> service_overhead_w_;
};

}  // namespace terawatt
