// InferenceRun at request fidelity (sim/engine/workloads/inference_run.hpp): the driver's plan one control interval
// ahead of the clock, the routing of each request to a replica, and the plan's starts and ends applied at their times.
#include "sim/engine/workloads/inference_run.hpp"

#include "models/workload/sized_request_latency.hpp"
#include "sim/engine/actor_guard.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace terawatt {
namespace {
namespace sg4 = simgrid::s4u;
}  // namespace

void InferenceRun::set_routable(std::size_t r, bool routable) {
  Replica& replica = replicas_[r];
  if (replica.routable == routable) return;
  replica.routable = routable;
  if (routable)
    by_load_.insert({replica.planned, r});
  else
    by_load_.erase({replica.planned, r});
}

// The plan's own clock of request ends: a slot is free again at its planned end.
void InferenceRun::release_planned(double until_s) {
  while (!completions_.empty() && completions_.top().time_s <= until_s) {
    const Completion done = completions_.top();
    completions_.pop();
    clock_ends_.push_back(done);
    Replica& replica = replicas_[done.replica];
    if (replica.routable) by_load_.erase({replica.planned, done.replica});
    --replica.planned;
    if (replica.routable) by_load_.insert({replica.planned, done.replica});
    // A freed slot serves the queue at once, at the time it frees.
    while (!queue_.empty() && !by_load_.empty() && by_load_.begin()->first < service_.replica.slots) {
      admit(done.time_s, queue_.front());
      queue_.pop_front();
    }
  }
}

// Starts the oldest queued request on the least loaded routable replica, at `start_s`.
void InferenceRun::admit(double start_s, double arrival_s) {
  const std::size_t r = by_load_.begin()->second;
  Replica& replica = replicas_[r];
  by_load_.erase(by_load_.begin());
  ++replica.planned;
  by_load_.insert({replica.planned, r});
  double latency_s = service_.replica.latency_at(replica.planned);
  double output = mean_output();
  if (service_.sized_latency) {
    // A request of its own size (models/workload/sized_request_latency.hpp), sized as it is admitted: first come,
    // first served, so in the order of arrival.
    const RequestTokens tokens = next_request_tokens();
    latency_s = service_.sized_latency->latency_s(latency_s, tokens.prompt, tokens.output);
    output = tokens.output;
  }
  if (service_.replica.serial) {
    // Compute-bound work held at once runs one request after another: the request ends a single-request time after
    // the replica's last admitted one, so a replica is never idle while it holds work (ReplicaService::serial).
    // A request of its own size takes the table's time (that of the mean FLOPs) times its FLOPs over the mean.
    double work_share = 1.0;
    if (service_.sizes.diffusion_work) {
      const DiffusionRequestSize size = next_diffusion_size();
      work_share = service_.sizes.diffusion_work->flop(size) / service_.sizes.mean_diffusion_flop;
      if (service_.modality == Modality::video) output = size.frames / service_.sizes.frames_per_s;
    }
    replica.serial_free_s = std::max(start_s, replica.serial_free_s) + service_.replica.latency_at(1.0) * work_share;
    latency_s = replica.serial_free_s - start_s;
  }
  ++replica.pending_starts;
  clock_starts_.push_back({start_s, r});
  completions_.push({start_s + latency_s, static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(planned_starts_++),
                     arrival_s, output});
}

void InferenceRun::plan_requests(double t0_s, double t1_s) {
  arrivals_in(t0_s, t1_s, arrivals_);
  for (const double arrival_s : arrivals_) {
    clock_arrivals_.push_back(arrival_s);
    release_planned(arrival_s);
    queue_.push_back(arrival_s);
    while (!queue_.empty() && !by_load_.empty() && by_load_.begin()->first < service_.replica.slots) {
      admit(arrival_s, queue_.front());
      queue_.pop_front();
    }
  }
  release_planned(t1_s);
}

void InferenceRun::advance_share(Replica& replica, double now_s) {
  replica.share_j += replica.share_w * (now_s - replica.share_since_s);
  replica.share_since_s = now_s;
}

void InferenceRun::set_share_rate(Replica& replica, double accelerator_w) const {
  replica.share_w = replica.in_flight > 0
                        ? service_.replica.accelerators * accelerator_w / static_cast<double>(replica.in_flight)
                        : 0.0;
}

// A serial replica runs one request at a time at its power with work held (ReplicaService::serial): the request ran
// from its start, or from the end of the one before it there, to its end.
double InferenceRun::request_energy_j(const Completion& done) {
  const std::uint32_t index = done.start - static_cast<std::uint32_t>(start_shares_base_);  // modulo 2^32
  if (index >= start_shares_.size()) {
    throw std::logic_error("request fidelity: a request ended before its start was applied");
  }
  double& at_start = start_shares_[index];
  Replica& replica = replicas_[done.replica];
  double energy_j = replica.share_j - at_start;
  if (service_.replica.serial) {
    const ReplicaService& table = service_.replica;
    energy_j =
        table.accelerators * table.accelerator_power_at(1.0) * (done.time_s - std::max(at_start, replica.ran_until_s));
    replica.ran_until_s = done.time_s;
  }
  at_start = std::numeric_limits<double>::quiet_NaN();
  while (!start_shares_.empty() && std::isnan(start_shares_.front())) {
    start_shares_.pop_front();
    ++start_shares_base_;
  }
  return energy_j;
}

void InferenceRun::start_planned(std::size_t r, double now_s) {
  Replica& replica = replicas_[r];
  advance_share(replica, now_s);
  start_shares_.push_back(service_.replica.serial ? now_s : replica.share_j);
  --replica.pending_starts;
  ++replica.in_flight;
  started_total_ += 1.0;
  set_busy(r, true, now_s);
  const double accelerator_w = service_.replica.accelerator_power_at(replica.in_flight);
  set_replica_power(r, state_power_w(replica, accelerator_w), now_s);
  set_share_rate(replica, accelerator_w);
}

void InferenceRun::request_ended(std::size_t r, const Completion& done) {
  const double now_s = done.time_s;
  const double latency_s = done.time_s - done.arrival_s;
  const double output = done.output;
  Replica& replica = replicas_[r];
  advance_share(replica, now_s);
  const double energy_j = request_energy_j(done);
  tokens_interval_.add_energy(energy_j);
  tokens_total_.add_energy(energy_j);
  --replica.in_flight;
  const double accelerator_w = service_.replica.accelerator_power_at(replica.in_flight);
  set_share_rate(replica, accelerator_w);
  latency_interval_.add(latency_s);
  latency_total_.add(latency_s);
  served_interval_ += 1.0;
  served_total_ += 1.0;
  // Its output tokens, or its video seconds (count_output tells them apart).
  tokens_interval_.served_output += output;
  tokens_total_.served_output += output;
  if (replica.in_flight == 0) set_busy(r, false, now_s);
  if (replica.state == State::draining && replica.in_flight == 0 && replica.pending_starts == 0) {
    set_state(r, State::scaled_down, now_s);
  } else {
    set_replica_power(r, state_power_w(replica, accelerator_w), now_s);
  }
}

// Every ledger the events feed takes deltas (Platform::settle_deferred), and the service's own ledgers see its events
// in time order, so applying them here, behind the clock, leaves the energy a reader sees at `until_s` exact. Work
// planned past the horizon is never applied: the run is cut there, as the engine cuts every daemon.
void InferenceRun::apply_planned(double until_s) {
  const auto due = [this, until_s](double t_s) { return t_s <= until_s && t_s < horizon_s_; };
  for (;;) {
    const bool end_due = !clock_ends_.empty() && due(clock_ends_.front().time_s);
    const bool start_due = !clock_starts_.empty() && due(clock_starts_.front().start_s);
    if (!end_due && !start_due) break;
    if (end_due && (!start_due || clock_ends_.front().time_s <= clock_starts_.front().start_s)) {
      const Completion done = clock_ends_.front();
      clock_ends_.pop_front();
      request_ended(done.replica, done);
    } else {
      const PlannedStart start = clock_starts_.front();
      clock_starts_.pop_front();
      start_planned(start.replica, start.start_s);
    }
  }
}

// Decides which replicas serve in [t1, t1 + interval) for `target` of them, and routes the plan to them: warm
// replicas first; replicas that are off wake for the rest and join the plan once ready.
void InferenceRun::decide_next(double t1_s, std::size_t target) {
  std::size_t routable = 0;
  std::size_t coming = 0;  // waking, not ready yet: they count toward the target, so no more are woken for it
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    Replica& replica = replicas_[r];
    coming += replica.state == State::waking && replica.ready_s > t1_s;
    const bool warm = replica.state == State::serving || replica.state == State::draining ||
                      (replica.state == State::waking && replica.ready_s <= t1_s) ||
                      (replica.state == State::scaled_down && service_.scaled_down == ScaledDown::idle);
    const bool take = warm && routable < target;
    set_routable(r, take);
    routable += take;
    replica.next =
        take ? State::serving
             : (replica.state == State::serving || replica.state == State::draining ? State::draining : replica.state);
  }
  for (std::size_t r = 0; r < replicas_.size() && routable + coming < target; ++r) {
    if (replicas_[r].state != State::scaled_down || replicas_[r].routable) continue;
    replicas_[r].next = State::waking;
    ++coming;
  }
}

void InferenceRun::apply_next(double now_s) {
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    Replica& replica = replicas_[r];
    if (replica.next == State::waking) {
      if (replica.state == State::scaled_down) {
        replica.ready_s = now_s + service_.wake_up_s;
        set_state(r, State::waking, now_s);
      }
    } else if (replica.next == State::draining) {
      set_state(r, holds_requests(r) ? State::draining : State::scaled_down, now_s);
    } else {
      set_state(r, replica.next, now_s);
    }
  }
}

void InferenceRun::serve_requests() {
  // The plan runs one interval ahead of the clock: what [t, t + interval) brings is planned at t - interval, so that
  // every start and end up to the clock is known whenever a reader catches the service up.
  double t_s = sg4::Engine::get_clock();
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    set_routable(r, replicas_[r].state == State::serving);
    replicas_[r].next = replicas_[r].state;
  }
  skip_trace_sizes_before(t_s);
  plan_requests(t_s, step_end_s(t_s));
  while (t_s < horizon_s_) {
    const double t1_s = step_end_s(t_s);
    if (t1_s < horizon_s_) {
      // The arrivals and queue of the interval just planned, [t, t1), size the next one. Only a flexible service's
      // first step may be shorter than the control interval (step_end_s).
      const double planned_s = flexible_ ? t1_s - t_s : service_.control_interval_s;
      const double rate_per_s =
          (static_cast<double>(arrivals_.size()) + static_cast<double>(queue_.size())) / planned_s;
      decide_next(t1_s, target_replicas(rate_per_s, t_s));
      plan_requests(t1_s, step_end_s(t1_s));
    }
    sg4::this_actor::sleep_until(t1_s);
    t_s = t1_s;
    if (t_s < horizon_s_) {
      catch_up(t_s);
      apply_next(t_s);
    }
  }
}

// Request fidelity plans ahead of the clock: arrivals count when the clock passes them, and the queue is what has
// arrived and not started.
void InferenceRun::pass_arrivals(double now_s) {
  while (!clock_arrivals_.empty() && clock_arrivals_.front() <= now_s) {
    clock_arrivals_.pop_front();
    arrived_interval_ += 1.0;
    arrived_total_ += 1.0;
  }
}

double InferenceRun::queued() const {
  return std::max(0.0, arrived_total_ - started_total_);
}

}  // namespace terawatt
