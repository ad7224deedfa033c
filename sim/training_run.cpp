#include "sim/training_run.hpp"

#include "sim/actor_guard.hpp"
#include "sim/power_accounting.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>

namespace terawatt {

TrainingRun::TrainingRun(const TrainingJob& job, double host_peak_flop_per_s, double host_speed_factor,
                         std::size_t hosts_needed)
    : job_(job),
      host_speed_factor_(host_speed_factor),
      hosts_needed_(hosts_needed),
      work_per_host_peak_s_(job.flops / static_cast<double>(hosts_needed) / job.mfu / host_peak_flop_per_s) {}

void TrainingRun::launch(simgrid::s4u::Host* control, ServerPool& pool, bool daemon, const TimeVarying* intensity,
                         double start_epoch_s) {
  auto actor = simgrid::s4u::Actor::create("train-" + job_.name, control, [this, &pool, intensity, start_epoch_s] {
    guarded([&] { run(pool, intensity, start_epoch_s); });
  });
  if (daemon) actor->daemonize();
}

void TrainingRun::run(ServerPool& pool, const TimeVarying* intensity, double start_epoch_s) {
  namespace sg4 = simgrid::s4u;
  double release_s = job_.start_s;
  if (job_.deferral && intensity) {
    release_s = choose_deferred_start(*job_.deferral, *intensity, start_epoch_s + job_.start_s, expected_run_s()) -
                start_epoch_s;
  }
  sg4::this_actor::sleep_until(release_s);
  released_s_ = sg4::Engine::get_clock();
  hosts_ = pool.acquire(hosts_needed_, expected_run_s());
  started_s_ = sg4::Engine::get_clock();
  execs_.reserve(hosts_.size());
  for (sg4::Host* host : hosts_) {
    host->extension<HostPower>()->assign_owner(ledger_, started_s_);
    // Bound with set_host: Host::exec_init in SimGrid 3.32 was observed here to run the exec on the calling
    // actor's host (the control host), not on `host`.
    sg4::ExecPtr exec = sg4::Exec::init()->set_flops_amount(work_per_host_peak_s_)->set_host(host);
    tag_work(*exec, WorkKind::compute);
    execs_.push_back(exec);
  }
  for (auto& exec : execs_) exec->start();
  // Waiting in order is O(hosts): once the first ends, the others (equal shares on equal hosts) have ended too.
  for (auto& exec : execs_) exec->wait();
  const double now_s = sg4::Engine::get_clock();
  for (sg4::Host* host : hosts_) host->extension<HostPower>()->clear_owner(now_s);
  // Adding and removing thousands of host powers leaves a rounding residue (1e-11 W); the job holds nothing now.
  ledger_.set_power(now_s, 0.0);
  finished_s_ = now_s;
  execs_.clear();
  pool.release(hosts_);
}

double TrainingRun::queue_wait_s(double now_s) const {
  if (!(released_s_ == released_s_)) return 0.0;
  return std::max(0.0, (started() ? started_s_ : now_s) - released_s_);
}

double TrainingRun::occupied_s(double now_s) const {
  if (!started()) return 0.0;
  return (finished() ? finished_s_ : now_s) - started_s_;
}

double TrainingRun::accelerator_hours(double now_s) const {
  return static_cast<double>(job_.accelerators) * occupied_s(now_s) / 3600.0;
}

double TrainingRun::progress(double now_s) const {
  if (finished()) return 1.0;
  if (!started()) return 0.0;
  // All shares are equal and run at the same speed: elapsed time over the expected duration.
  return std::min(1.0, (now_s - started_s_) / expected_run_s());
}

}  // namespace terawatt
