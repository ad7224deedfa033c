#include "sim/engine/workloads/training_run.hpp"

#include "models/base/random_stream.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"
#include "sim/engine/power_accounting.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_training, terawatt_workloads, "training jobs: start, failures, checkpoints");

namespace terawatt {

TrainingRun::TrainingRun(const TrainingJob& job, double host_peak_flop_per_s, double host_speed_factor,
                         std::size_t hosts_needed, std::uint64_t seed)
    : job_(job),
      host_speed_factor_(host_speed_factor),
      hosts_needed_(hosts_needed),
      // The host's speed is its accelerators' 16-bit peak; a job at another precision runs at that precision's.
      work_per_host_peak_s_(job.flops / static_cast<double>(hosts_needed) / job.mfu / job.precision_speedup /
                            host_peak_flop_per_s),
      // Only a job with failures draws from it: the generator's 2.5 kB of state would otherwise be most of every
      // queued job's memory (a TrainingRun is 3,160 bytes with it inline, 660 without).
      failure_stream_(job.failures ? std::make_unique<std::mt19937_64>(derived_seed(seed, "failures/" + job.name))
                                   : nullptr) {}

void TrainingRun::launch(simgrid::s4u::Host* control, ServerPool& pool, bool daemon, const TimeVarying* intensity,
                         double start_epoch_s) {
  pool_ = &pool;
  control_ = control;
  daemon_ = daemon;
  double release_s = job_.start_s;
  if (job_.deferral && intensity) {
    release_s = choose_deferred_start(*job_.deferral, *intensity, start_epoch_s + job_.start_s, expected_run_s()) -
                start_epoch_s;
  }
  pool.submit_at(release_s, hosts_needed_, expected_run_s(), *this);
}

void TrainingRun::queued() {
  released_s_ = simgrid::s4u::Engine::get_clock();
}

void TrainingRun::granted(std::vector<simgrid::s4u::Host*> hosts) {
  namespace sg4 = simgrid::s4u;
  hosts_ = std::move(hosts);
  started_s_ = sg4::Engine::get_clock();
  XBT_VERB("job %s starts on %zu hosts at %.3f s (released at %.3f s)", job_.name.c_str(), hosts_.size(), started_s_,
           released_s_);
  for (sg4::Host* host : hosts_) host->extension<HostPower>()->assign_owner(meter_, started_s_);
  if (flexible_) flexible_->start(hosts_);
  if (own_cap_) {
    for (sg4::Host* host : hosts_) {
      host->set_pstate(own_cap_->job_pstate);
      host->extension<HostPower>()->set_power_model(own_cap_->job_model, started_s_);
    }
  }
  // One exec on the first host times each phase for all of them (run_phase): a cluster's hosts are built alike and
  // take their pstates together, so a job's hosts run at one speed.
  const double speed = hosts_.front()->get_speed();
  for (const sg4::Host* host : hosts_) {
    if (host->get_speed() != speed) throw std::logic_error("job " + job_.name + " was granted hosts of unequal speed");
  }
  // The job's only actor, for as long as it holds servers: its execs need one to wait on them.
  auto actor = sg4::Actor::create("train-" + job_.name, control_, [this] { guarded([this] { run(); }); });
  if (daemon_) actor->daemonize();
}

void TrainingRun::run() {
  namespace sg4 = simgrid::s4u;
  if (!job_.checkpoint && !job_.failures) {
    run_phase(WorkKind::compute, work_per_host_peak_s_);
    run_communication(work_per_host_peak_s_, std::numeric_limits<double>::infinity());
  } else {
    run_segments();
  }
  if (flexible_) flexible_->finish();
  const double now_s = sg4::Engine::get_clock();
  if (own_cap_) {
    for (sg4::Host* host : hosts_) {
      host->set_pstate(own_cap_->cluster_pstate);
      host->extension<HostPower>()->set_power_model(own_cap_->cluster_model, now_s);
    }
  }
  for (sg4::Host* host : hosts_) host->extension<HostPower>()->clear_owner(now_s);
  // Adding and removing thousands of host powers leaves a rounding residue (1e-11 W); the job holds nothing now.
  meter_.it.set_power(now_s, 0.0);
  meter_.reserved_idle.set_power(now_s, 0.0);
  finished_s_ = now_s;
  XBT_VERB("job %s finishes at %.3f s after %lld failures", job_.name.c_str(), finished_s_,
           static_cast<long long>(failures_));
  pool_->release(hosts_);
}

void TrainingRun::run_phase(WorkKind kind, double amount_peak_s) {
  namespace sg4 = simgrid::s4u;
  // A failure at the very start of a phase leaves nothing to run.
  if (!(amount_peak_s > 0.0)) return;
  // One exec stands for every host (see the header). Bound with set_host: Host::exec_init in SimGrid 3.32 was
  // observed here to run the exec on the calling actor's host (the control host), not on the host given.
  sg4::ExecPtr exec = sg4::Exec::init();
  exec->set_flops_amount(amount_peak_s)->set_host(hosts_.front());
  tag_group_work(*exec, kind, hosts_);
  exec->start();
  if (flexible_ && kind == WorkKind::compute) {
    flexible_->wait(exec);
  } else {
    exec->wait();
  }
}

// The exposed part of the all-reduces of the steps in `work_peak_s` of compute. The network leg is sent over the
// SimGrid links: each host sends its servers' share to the next host of the ring at once, so its time is the
// fabric's (bandwidth, latency and any contention), not a formula's; a job on one host that stands for several
// servers sends to itself, up its link and back down, as its servers would send to each other. One transfer per host
// stands for the segment's steps, so the ring's hop latencies of every step are waited for after it. The interconnect
// leg inside the servers runs meanwhile, on no link, for its analytic time; the phase ends when both legs have. The
// accelerators draw communication power throughout. Returns false when a failure at `failure_at_s` cuts it.
//
// Only a ring of the first two hosts is sent (one host: its transfer to itself), and it stands for the job's ring (see
// the header). In the cluster's star every host has a split-duplex link of its own, no link is shared and a job holds
// its hosts alone, so each direction of a ring host's link carries one transfer at full weight and the reverse
// cross-traffic of its neighbour's (SimGrid's network/crosstraffic, 5 %): the same load in the two-host ring as in a
// ring of any size, hence the same rates and the same end. A fabric with shared links (a backbone, oversubscription)
// would need every transfer.
bool TrainingRun::run_communication(double work_peak_s, double failure_at_s) {
  namespace sg4 = simgrid::s4u;
  if (!job_.communication) return true;
  const CommunicationParams& c = *job_.communication;
  const double steps = c.steps * work_peak_s / work_per_host_peak_s_;
  const double bytes = c.exposed_fraction * c.bytes_per_host_per_step * steps;
  const double latency_s = c.exposed_fraction * c.ring_latency_s_per_step * steps;
  const double intra_server_s = c.exposed_fraction * c.intra_server_s_per_step * steps;
  const bool send = bytes >= 1.0;
  // The part that overlapped the compute just run moved during it, on no simulated transfer; its bytes count on the
  // fabric's energy now. Every host sends the same.
  fabric_->add_moved(
      (1.0 - c.exposed_fraction) * c.bytes_per_host_per_step * steps * static_cast<double>(hosts_.size()), meter_);
  if (!send && !(intra_server_s > 0.0)) return true;
  const double now_s = sg4::Engine::get_clock();
  for (sg4::Host* host : hosts_) host->extension<HostPower>()->begin(WorkKind::communication, now_s);
  std::vector<sg4::CommPtr> ring;
  if (send) {
    const auto amount = static_cast<std::uint64_t>(std::llround(bytes));
    // The pair stands for the ring's transfers, one per host: each counts for half of them on the fabric's energy.
    const double copies = hosts_.size() > 1 ? static_cast<double>(hosts_.size()) / 2.0 : 1.0;
    ring.push_back(fabric_->send(hosts_.front(), hosts_[1 % hosts_.size()], amount, meter_, copies));
    if (hosts_.size() > 1) ring.push_back(fabric_->send(hosts_[1], hosts_.front(), amount, meter_, copies));
  }
  bool completed = true;
  for (auto& transfer : ring) {
    try {
      if (std::isfinite(failure_at_s)) {
        transfer->wait_until(failure_at_s);
      } else {
        transfer->wait();
      }
    } catch (const simgrid::TimeoutException&) {
      completed = false;
      break;
    }
  }
  if (!completed) {
    for (auto& transfer : ring) {
      if (transfer->get_state() != sg4::Activity::State::FINISHED) fabric_->cancel(transfer);
    }
  }
  if (completed) {
    const double network_end_s = send ? sg4::Engine::get_clock() + latency_s : now_s;
    const double legs_end_s = std::max(network_end_s, now_s + intra_server_s);
    completed = legs_end_s <= failure_at_s;
    sg4::this_actor::sleep_until(std::min(legs_end_s, failure_at_s));
  }
  const double end_s = sg4::Engine::get_clock();
  for (sg4::Host* host : hosts_) host->extension<HostPower>()->end(WorkKind::communication, end_s);
  return completed;
}

double TrainingRun::draw_failure_gap_s() {
  // u in [0, 1) from the top 53 bits of one draw, so that every platform gets the same value; -log1p(-u) is then
  // a unit exponential, finite for every u.
  const double u = static_cast<double>((*failure_stream_)() >> 11) * 0x1.0p-53;
  const double rate_per_s = static_cast<double>(job_.accelerators) / job_.failures->mtbf_s;
  return -std::log1p(-u) / rate_per_s;
}

void TrainingRun::run_segments() {
  namespace sg4 = simgrid::s4u;
  const double accelerators = static_cast<double>(job_.accelerators);
  const auto segments = static_cast<std::int64_t>(checkpoint_segments(job_, compute_s()));
  // A checkpoint write lasts its time on the host whatever its speed factor: its amount is in host peak-seconds.
  const double segment_peak_s =
      job_.checkpoint ? job_.checkpoint->interval_s * host_speed_factor_ : work_per_host_peak_s_;
  const double write_peak_s = job_.checkpoint ? job_.checkpoint->write_s * host_speed_factor_ : 0.0;
  // The failure clock runs while the job works; a failure during a restart would only restart it again, and the
  // process is memoryless, so the next failure is drawn from the end of each restart.
  double failure_at_s =
      job_.failures ? sg4::Engine::get_clock() + draw_failure_gap_s() : std::numeric_limits<double>::infinity();
  for (std::int64_t k = 0; k < segments; ++k) {
    const bool last = k + 1 == segments;
    // The last segment takes the rest, so that the segments add up to the job's work exactly.
    const double work_peak_s = last ? work_per_host_peak_s_ - static_cast<double>(k) * segment_peak_s : segment_peak_s;
    for (;;) {
      const double attempt_start_s = sg4::Engine::get_clock();
      attempt_compute_start_s_ = attempt_start_s;
      attempt_flex_delay_s_ = flex_delay_s(attempt_start_s);
      attempt_done_peak_s_ = 0.0;
      bool failed = false;
      if (failure_at_s < attempt_start_s + work_peak_s / host_speed_factor_) {
        run_phase(WorkKind::compute, (failure_at_s - attempt_start_s) * host_speed_factor_);
        failed = true;
      } else {
        run_phase(WorkKind::compute, work_peak_s);
        failed = !run_communication(work_peak_s, failure_at_s);
        attempt_compute_start_s_ = std::numeric_limits<double>::quiet_NaN();
        attempt_done_peak_s_ = work_peak_s;
        if (!failed && !last) {
          const double write_start_s = sg4::Engine::get_clock();
          if (failure_at_s < write_start_s + job_.checkpoint->write_s) {
            run_phase(WorkKind::checkpoint, (failure_at_s - write_start_s) * host_speed_factor_);
            failed = true;
          } else {
            run_phase(WorkKind::checkpoint, write_peak_s);
            checkpoint_accelerator_s_ += accelerators * (sg4::Engine::get_clock() - write_start_s);
            XBT_VERB("job %s: checkpoint %lld of %lld written at %.3f s", job_.name.c_str(),
                     static_cast<long long>(k + 1), static_cast<long long>(segments - 1), sg4::Engine::get_clock());
          }
        }
      }
      if (!failed) break;
      // Everything since the last checkpoint is lost, and the servers idle through the restart.
      ++failures_;
      const double failed_s = sg4::Engine::get_clock();
      XBT_VERB("job %s fails at %.3f s (failure %lld), restarts from its last checkpoint", job_.name.c_str(), failed_s,
               static_cast<long long>(failures_));
      attempt_compute_start_s_ = std::numeric_limits<double>::quiet_NaN();
      attempt_done_peak_s_ = 0.0;
      lost_accelerator_s_ += accelerators * (failed_s - attempt_start_s);
      sg4::this_actor::sleep_for(job_.failures->restart_delay_s);
      lost_accelerator_s_ += accelerators * (sg4::Engine::get_clock() - failed_s);
      failure_at_s = sg4::Engine::get_clock() + draw_failure_gap_s();
    }
    committed_peak_s_ += work_peak_s;
    attempt_done_peak_s_ = 0.0;
  }
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
  // Time lost to curtailment is not compute (pauses whole, caps in proportion).
  const double delay_s = flex_delay_s(now_s);
  if (!job_.checkpoint && !job_.failures) return std::min(1.0, (now_s - started_s_ - delay_s) / expected_run_s());
  const double current_peak_s =
      attempt_compute_start_s_ == attempt_compute_start_s_
          ? (now_s - attempt_compute_start_s_ - (delay_s - attempt_flex_delay_s_)) * host_speed_factor_
          : attempt_done_peak_s_;
  return std::min(1.0, (committed_peak_s_ + current_peak_s) / work_per_host_peak_s_);
}

}  // namespace terawatt
