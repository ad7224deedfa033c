#include "sim/engine/workloads/flexible_compute.hpp"

#include "sim/engine/log_category.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <cmath>
#include <limits>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_flexible, terawatt_workloads, "flexible training: pauses and caps");

namespace terawatt {

namespace sg4 = simgrid::s4u;

FlexibleCompute::FlexibleCompute(const TrainingFlexibility& flex, std::int64_t accelerators, const WorkloadMeter& meter,
                                 SiteController& controller, PowerState running, std::optional<PowerState> capped)
    : flex_(flex),
      accelerators_(accelerators),
      meter_(meter),
      controller_(controller),
      running_(running),
      capped_(capped) {}

void FlexibleCompute::finish() {
  if (curtailed_ && flex_.mode == FlexMode::power_cap) set_capped(false);
  finished_ = true;
}

double FlexibleCompute::it_saving_w() const {
  // Curtailed: what restoring would add back, the power it drew before less what it draws while curtailed: its
  // servers' idle floor when paused, its capped compute power when capped (measured at a boundary, or estimated).
  if (curtailed_) {
    const double curtailed_w = flex_.mode == FlexMode::pause ? meter_.reserved_idle.power_w()
                               : capped_steady_w_ > 0.0      ? capped_steady_w_
                                                             : power_before_w_ - estimated_cap_saving_w();
    return std::max(0.0, power_before_w_ - curtailed_w);
  }
  if (!in_compute_) return 0.0;
  if (flex_.mode == FlexMode::pause) return std::max(0.0, meter_.it.power_w() - meter_.reserved_idle.power_w());
  // A cap's saving as measured at the last cap, when there was one: the hosts' power follows the accelerators' too,
  // which the accelerator model alone leaves out.
  if (capped_share_ == capped_share_) return meter_.it.power_w() * (1.0 - capped_share_);
  return estimated_cap_saving_w();
}

double FlexibleCompute::estimated_cap_saving_w() const {
  return static_cast<double>(accelerators_) *
         (running_.model.power_w(WorkKind::compute) - capped_->model.power_w(WorkKind::compute));
}

double FlexibleCompute::it_steady_w() const {
  // Restarting after a pause, it is about to draw its compute power again; between compute phases (a checkpoint
  // write, the exposed all-reduce) it draws less than it will for most of the interval: the compute power of the last
  // boundary stands for it.
  if (restarting_) return power_before_w_;
  if (in_compute_ || !(steady_w_ > 0.0)) return meter_.it.power_w();
  return steady_w_;
}

void FlexibleCompute::note_steady_power() {
  steady_w_ = meter_.it.power_w();
  if (curtailed_ && flex_.mode == FlexMode::power_cap) capped_steady_w_ = steady_w_;
}

void FlexibleCompute::each_host(WorkKind kind, bool begin) {
  const double now_s = sg4::Engine::get_clock();
  for (sg4::Host* host : *hosts_) {
    HostPower* power = host->extension<HostPower>();
    if (begin) {
      power->begin(kind, now_s);
    } else {
      power->end(kind, now_s);
    }
  }
}

void FlexibleCompute::wait(const sg4::ExecPtr& exec) {
  in_compute_ = true;
  note_steady_power();
  // Its load is new to the controller, which plans the rest of the interval again. A job curtailed as it starts
  // has nothing to save: it pauses without a checkpoint write.
  if (controller_.curtailed_at_start(*this, sg4::Engine::get_clock()) && !curtailed_) {
    if (flex_.mode == FlexMode::power_cap) {
      set_capped(true);
    } else {
      pause(exec, false);
    }
  }
  for (;;) {
    const double boundary_s = controller_.next_boundary_s(sg4::Engine::get_clock());
    try {
      exec->wait_until(boundary_s);
      break;
    } catch (const simgrid::TimeoutException&) {
      // A control boundary: the exec runs on.
    }
    note_steady_power();
    const bool curtail = controller_.curtailed(*this, boundary_s);
    if (curtail == curtailed_) continue;
    if (flex_.mode == FlexMode::power_cap) {
      set_capped(curtail);
    } else {
      pause(exec, true);
    }
  }
  in_compute_ = false;
}

void FlexibleCompute::set_capped(bool capped) {
  const double now_s = sg4::Engine::get_clock();
  if (capped) {
    power_before_w_ = meter_.it.power_w();
    capped_steady_w_ = 0.0;
    ++curtailments_;
    spans_.push_back({now_s, std::numeric_limits<double>::quiet_NaN()});
  } else {
    if (power_before_w_ > 0.0) capped_share_ = meter_.it.power_w() / power_before_w_;
    spans_.back().end_s = now_s;
    capped_closed_s_ += now_s - spans_.back().start_s;
  }
  curtailed_ = capped;
  const PowerState& state = capped ? *capped_ : running_;
  for (sg4::Host* host : *hosts_) {
    host->set_pstate(state.pstate);
    host->extension<HostPower>()->set_power_model(state.model, now_s);
  }
  XBT_VERB("%s at %.3f s", capped ? "capped" : "uncapped", now_s);
}

void FlexibleCompute::pause(const sg4::ExecPtr& exec, bool write) {
  const double start_s = sg4::Engine::get_clock();
  power_before_w_ = meter_.it.power_w();
  curtailed_ = true;
  ++curtailments_;
  spans_.push_back({start_s, std::numeric_limits<double>::quiet_NaN()});
  exec->suspend();
  // The write, then idle servers.
  each_host(WorkKind::compute, false);
  const double write_s = write ? flex_.checkpoint_write_s : 0.0;
  if (write) {
    each_host(WorkKind::checkpoint, true);
    sg4::this_actor::sleep_for(write_s);
    each_host(WorkKind::checkpoint, false);
  }
  const double idle_from_s = sg4::Engine::get_clock();
  XBT_VERB("paused at %.3f s, checkpoint written at %.3f s", start_s, idle_from_s);
  for (;;) {
    const double boundary_s = controller_.next_boundary_s(sg4::Engine::get_clock());
    sg4::this_actor::sleep_until(boundary_s);
    if (!controller_.curtailed(*this, boundary_s)) break;
  }
  paused_s_ += sg4::Engine::get_clock() - idle_from_s;
  restarting_ = true;
  sg4::this_actor::sleep_for(flex_.restart_s);
  restarting_ = false;
  overhead_s_ += write_s + flex_.restart_s;
  each_host(WorkKind::compute, true);
  exec->resume();
  curtailed_ = false;
  const double end_s = sg4::Engine::get_clock();
  spans_.back().end_s = end_s;
  pause_delay_s_ += end_s - start_s;
  XBT_VERB("resumed at %.3f s after a pause of %.3f s", end_s, end_s - start_s);
}

double FlexibleCompute::capped_s(double now_s) const {
  const bool open = flex_.mode == FlexMode::power_cap && curtailed_ && !spans_.empty();
  return capped_closed_s_ + (open ? now_s - spans_.back().start_s : 0.0);
}

double FlexibleCompute::delay_s(double now_s) const {
  if (flex_.mode == FlexMode::power_cap) {
    const double speed_ratio =
        capped_->model.speed_factor(WorkKind::compute) / running_.model.speed_factor(WorkKind::compute);
    return capped_s(now_s) * (1.0 - speed_ratio);
  }
  const bool open = curtailed_ && !spans_.empty();
  return pause_delay_s_ + (open ? now_s - spans_.back().start_s : 0.0);
}

}  // namespace terawatt
