#include "sim/engine/workloads/held_power_run.hpp"

#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_held_power, terawatt_workloads,
                                "work that holds servers at a set power: offline batch jobs, given power");

namespace terawatt {
namespace sg4 = simgrid::s4u;

HeldPowerRun::HeldPowerRun(std::string name, std::size_t hosts, double submit_s, std::vector<double> step_starts_s,
                           double run_s, DrawFunction draw)
    : name_(std::move(name)),
      hosts_needed_(hosts),
      submit_s_(submit_s),
      step_starts_s_(std::move(step_starts_s)),
      run_s_(run_s),
      draw_(std::move(draw)) {
  if (step_starts_s_.empty() || step_starts_s_.front() != 0.0 ||
      !std::is_sorted(step_starts_s_.begin(), step_starts_s_.end()) || step_starts_s_.back() > run_s_) {
    throw std::logic_error("work " + name_ + " needs power steps from 0 to its run, in order");
  }
}

void HeldPowerRun::launch(sg4::Host* control, ServerPool& pool, bool daemon) {
  pool_ = &pool;
  control_ = control;
  daemon_ = daemon;
  pool.submit_at(submit_s_, hosts_needed_, run_s_, *this);
}

void HeldPowerRun::granted(std::vector<sg4::Host*> hosts) {
  hosts_ = std::move(hosts);
  started_s_ = sg4::Engine::get_clock();
  XBT_VERB("%s starts on %zu hosts at %.3f s", name_.c_str(), hosts_.size(), started_s_);
  for (sg4::Host* host : hosts_) host->extension<HostPower>()->assign_owner(meter_, started_s_);
  auto actor = sg4::Actor::create("hold-" + name_, control_, [this] { guarded([this] { run(); }); });
  if (daemon_) actor->daemonize();
}

void HeldPowerRun::run() {
  for (std::size_t step = 0; step < step_starts_s_.size(); ++step) {
    sg4::this_actor::sleep_until(started_s_ + step_starts_s_[step]);
    const double now_s = sg4::Engine::get_clock();
    for (std::size_t h = 0; h < hosts_.size(); ++h) {
      const HostDraw draw = draw_(step, h);
      hosts_[h]->extension<HostPower>()->set_service_power(draw.accelerators_w, draw.host_w, now_s);
    }
  }
  sg4::this_actor::sleep_until(started_s_ + run_s_);
  finished_s_ = sg4::Engine::get_clock();
  XBT_VERB("%s ends at %.3f s", name_.c_str(), finished_s_);
  for (sg4::Host* host : hosts_) {
    HostPower* power = host->extension<HostPower>();
    power->clear_service_power(finished_s_);
    power->clear_owner(finished_s_);
  }
  pool_->release(hosts_);
}

double HeldPowerRun::held_s(double now_s) const {
  if (!started()) return 0.0;
  const double end_s = finished_s_ == finished_s_ ? finished_s_ : now_s;
  return std::max(0.0, end_s - started_s_);
}

}  // namespace terawatt
