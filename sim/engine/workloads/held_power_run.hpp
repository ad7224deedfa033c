#pragma once
// Work that holds servers for a time known when it starts and sets their power itself, with no activity: an offline
// batch job's waves, or servers at a given power. It is a request to its cluster's server pool (queued without an
// actor, like a training job, sim/engine/server_pool.hpp); once granted, one actor walks its power steps, setting each
// host's power at each step's start (HostPower::set_service_power), and at the end gives the hosts back their own
// power and releases them. A step costs O(hosts), and there are a handful: the power is exact between them.

#include "sim/engine/power_accounting.hpp"
#include "sim/engine/server_pool.hpp"

#include <simgrid/s4u/Host.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// What one host draws during a step: its accelerators' total and, when not on the host curve, its host's power.
struct HostDraw {
  double accelerators_w = 0.0;
  std::optional<double> host_w;  // absent: the host curve at the accelerators' load
};

class HeldPowerRun : public ServerPool::Client {
 public:
  // The power of the run's `host`-th host (in the order granted) during step `step`.
  using DrawFunction = std::function<HostDraw(std::size_t step, std::size_t host)>;

  // `step_starts_s`: when each step begins after the grant, increasing from 0; `run_s`: when the run ends after it.
  HeldPowerRun(std::string name, std::size_t hosts, double submit_s, std::vector<double> step_starts_s, double run_s,
               DrawFunction draw);

  // Submits the request at `submit_s`; once granted, its actor runs on `control`, a daemon (cut at the horizon) when
  // `daemon`. The run must stay where it is until the simulation ends.
  void launch(simgrid::s4u::Host* control, ServerPool& pool, bool daemon);
  void granted(std::vector<simgrid::s4u::Host*> hosts) override;

  const std::string& name() const { return name_; }
  double submit_s() const { return submit_s_; }
  double run_s() const { return run_s_; }
  double started_s() const { return started_s_; }    // NaN until granted
  double finished_s() const { return finished_s_; }  // NaN until it ends
  bool started() const { return started_s_ == started_s_; }
  const WorkloadMeter& meter() const { return meter_; }
  // Seconds it held its servers from the grant to `now_s` (or to its end).
  double held_s(double now_s) const;

 private:
  void run();

  std::string name_;
  std::size_t hosts_needed_;
  double submit_s_;
  std::vector<double> step_starts_s_;
  double run_s_;
  DrawFunction draw_;
  ServerPool* pool_ = nullptr;
  simgrid::s4u::Host* control_ = nullptr;
  bool daemon_ = false;
  std::vector<simgrid::s4u::Host*> hosts_;
  double started_s_ = std::numeric_limits<double>::quiet_NaN();
  double finished_s_ = std::numeric_limits<double>::quiet_NaN();
  WorkloadMeter meter_;
};

}  // namespace terawatt
