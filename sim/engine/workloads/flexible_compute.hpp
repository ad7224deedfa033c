#pragma once
// A training job's compute as its site controller (sim/engine/site_controller.hpp) lets it run. The job's actor waits
// on its compute phase here instead of on the exec: at every control boundary it asks the controller whether to be
// curtailed and yields in one of two ways (the job's `flexibility`):
//  - pause: the compute exec is suspended where it is, every server writes a checkpoint (checkpoint power, for the
//    write time), then idles; when the controller restores it, the servers idle through the restart (reloading the
//    checkpoint) and the exec resumes with the work it had left. A pause delays the job by exactly its span: write,
//    idle time and restart.
//  - power_cap: the servers switch to the pstate and power model of the curtailed cap, and back when restored; SimGrid
//    runs the remaining work at the capped speed.
// The servers stay the job's throughout, so that nothing else can take them while it waits.

#include "models/power/accelerator_power.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/engine/site_controller.hpp"
#include "sim/scenario/scenario.hpp"

#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>

#include <limits>
#include <optional>
#include <vector>

namespace terawatt {

class FlexibleCompute : public FlexibleWork {
 public:
  // How the servers run: their pstate and accelerator power model, while the job runs normally and while capped.
  struct PowerState {
    int pstate;
    AcceleratorPowerModel model;
  };
  FlexibleCompute(const TrainingFlexibility& flex, std::int64_t accelerators, const WorkloadMeter& meter,
                  SiteController& controller, PowerState running, std::optional<PowerState> capped);

  // The job holds `hosts` from now on (they must outlive it).
  void start(const std::vector<simgrid::s4u::Host*>& hosts) { hosts_ = &hosts; }
  // The job has no work left: a cap it runs under is lifted.
  void finish();
  // Waits until `exec`, a compute phase on the job's hosts, completes, yielding to the controller meanwhile.
  void wait(const simgrid::s4u::ExecPtr& exec);

  double it_saving_w() const override;
  double it_now_w() const override { return meter_.it.power_w(); }
  double it_steady_w() const override;
  bool curtailed() const override { return curtailed_; }
  bool active() const override { return hosts_ && !finished_; }

  // The compute time curtailment has cost so far: pauses whole (write, idle, restart), capped time in proportion to
  // the speed it lost.
  double delay_s(double now_s) const;
  double paused_s() const { return paused_s_; }  // idle time of pauses, without writes and restarts
  double capped_s(double now_s) const;
  double overhead_s() const { return overhead_s_; }  // checkpoint writes and restarts of pauses
  std::int64_t curtailments() const { return curtailments_; }
  // The spans of each curtailment, [start, end) in simulated seconds (end NaN while it lasts).
  struct Span {
    double start_s;
    double end_s;
  };
  const std::vector<Span>& spans() const { return spans_; }

 private:
  // `write`: a checkpoint first (not for a job curtailed as its compute starts, which has nothing to save).
  void pause(const simgrid::s4u::ExecPtr& exec, bool write);
  void set_capped(bool capped);
  void each_host(WorkKind kind, bool begin);
  double estimated_cap_saving_w() const;
  // Records the power of the compute phase now running, as the job's steady power (and its capped power if capped).
  void note_steady_power();

  TrainingFlexibility flex_;
  std::int64_t accelerators_;
  const WorkloadMeter& meter_;
  SiteController& controller_;
  PowerState running_;
  std::optional<PowerState> capped_;
  const std::vector<simgrid::s4u::Host*>* hosts_ = nullptr;
  bool finished_ = false;
  bool in_compute_ = false;
  bool curtailed_ = false;
  bool restarting_ = false;       // restored from a pause, reloading its checkpoint
  double power_before_w_ = 0.0;   // the job's IT power when the current curtailment began
  double steady_w_ = 0.0;         // its IT power at the last boundary in compute
  double capped_steady_w_ = 0.0;  // the same while capped (0: not measured since the cap began)
  // Capped over uncapped IT power, measured at the end of the last cap (NaN before one ends).
  double capped_share_ = std::numeric_limits<double>::quiet_NaN();
  double paused_s_ = 0.0;
  double overhead_s_ = 0.0;
  double capped_closed_s_ = 0.0;  // capped time of finished caps
  double pause_delay_s_ = 0.0;    // whole spans of finished pauses
  std::int64_t curtailments_ = 0;
  std::vector<Span> spans_;
};

}  // namespace terawatt
