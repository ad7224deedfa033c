// InferenceRun at request fidelity (sim/engine/workloads/inference_run.hpp): the driver's plan one control interval
// ahead of the clock, the routing of each request to a replica, and the replicas' actors that run the plan.
#include "sim/engine/workloads/inference_run.hpp"

#include "sim/engine/actor_guard.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
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
  if (service_.replica.serial) {
    // Compute-bound work held at once runs one request after another: the request ends a single-request time after
    // the replica's last admitted one, so a replica is never idle while it holds work (ReplicaService::serial).
    replica.serial_free_s = std::max(start_s, replica.serial_free_s) + service_.replica.latency_at(1.0);
    latency_s = replica.serial_free_s - start_s;
  }
  replica.starts.push_back({start_s, latency_s, arrival_s});
  completions_.push({start_s + latency_s, r});
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

void InferenceRun::request_ended(std::size_t r, double latency_s, double now_s) {
  Replica& replica = replicas_[r];
  --replica.in_flight;
  latency_interval_.add(latency_s);
  latency_total_.add(latency_s);
  served_interval_ += 1.0;
  served_total_ += 1.0;
  if (replica.in_flight == 0) set_busy(r, false, now_s);
  if (replica.state == State::draining && replica.in_flight == 0 && replica.starts.empty()) {
    set_state(r, State::scaled_down, now_s);
  } else {
    set_replica_power(r, state_power_w(replica, service_.replica.accelerator_power_at(replica.in_flight)), now_s);
  }
}

// A replica's actor: starts its planned requests at their times and ends them at theirs. Each request runs as an
// exec on the replica's host, on a core of its own, so its end is its planned end; the actor sleeps to the next start
// or end rather than waiting on its execs, because registering a wait on every running exec costs O(batch) per
// event in SimGrid 3.32 (profiled: half of the run time at batch 64). It holds at most a batch of activities.
void InferenceRun::run_replica(std::size_t r) {
  Replica& replica = replicas_[r];
  struct Running {
    double end_s;
    double arrival_s;
    sg4::Host* lane;
    sg4::ExecPtr exec;
    bool operator>(const Running& other) const { return end_s > other.end_s; }
  };
  std::priority_queue<Running, std::vector<Running>, std::greater<>> running;
  // This replica's share of its host's lanes: the host's lanes are split between the replicas it holds.
  const std::vector<sg4::Host*>& host_lanes = lanes_->at(hosts_[replica.host]);
  const auto per_replica = static_cast<std::size_t>(service_.replica.slots);
  const std::size_t first_lane =
      service_.hosts_per_replica > 1 ? 0 : (r % static_cast<std::size_t>(service_.replicas_per_host)) * per_replica;
  std::vector<sg4::Host*> free_lanes(host_lanes.begin() + static_cast<std::ptrdiff_t>(first_lane),
                                     host_lanes.begin() + static_cast<std::ptrdiff_t>(first_lane + per_replica));
  const double interval_s = service_.control_interval_s;
  for (;;) {
    const double now_s = sg4::Engine::get_clock();
    // The engine's clock after a sleep may differ from the planned time by a rounding error; events within it are
    // due now (ends before starts, as in the plan).
    const double due_s = now_s + 1e-9 * std::max(1.0, now_s);
    while (!running.empty() && running.top().end_s <= due_s) {
      const double arrival_s = running.top().arrival_s;
      free_lanes.push_back(running.top().lane);
      running.pop();
      request_ended(r, now_s - arrival_s, now_s);
    }
    while (!replica.starts.empty() && replica.starts.front().start_s <= due_s) {
      const PlannedStart start = replica.starts.front();
      replica.starts.pop_front();
      // The plan never gives a replica more than its batch, so a lane is free.
      if (free_lanes.empty()) {
        throw std::logic_error("replica " + std::to_string(r) + " of '" + service_.name + "' was planned more than " +
                               std::to_string(per_replica) + " requests at once (" + std::to_string(running.size()) +
                               " running at " + std::to_string(now_s) + " s)");
      }
      sg4::Host* lane = free_lanes.back();
      free_lanes.pop_back();
      sg4::ExecPtr exec = sg4::this_actor::exec_init(start.latency_s);
      exec->set_host(lane);
      exec->start();
      running.push({start.start_s + start.latency_s, start.arrival_s, lane, exec});
      ++replica.in_flight;
      started_total_ += 1.0;
      set_busy(r, true, now_s);
      set_replica_power(r, state_power_w(replica, service_.replica.accelerator_power_at(replica.in_flight)), now_s);
    }
    // The driver plans whole intervals ahead, so new starts appear at the latest by the next interval boundary.
    // Counted from due_s: a clock on a boundary k x interval may divide to just under k (0.2 is not exact in
    // binary), and a boundary counted from now_s would then be now itself, a wake that never advances the clock.
    const double next_boundary_s = (std::floor(due_s / interval_s) + 1.0) * interval_s;
    double wake_s = replica.starts.empty() ? next_boundary_s : replica.starts.front().start_s;
    if (!running.empty()) wake_s = std::min(wake_s, running.top().end_s);
    // Work still running at the horizon is cut there, as the engine cuts every daemon.
    if (wake_s >= horizon_s_) break;
    sg4::this_actor::sleep_until(wake_s);
  }
  sg4::this_actor::sleep_until(horizon_s_);
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
      const bool holding = replica.in_flight > 0 || !replica.starts.empty();
      set_state(r, holding ? State::draining : State::scaled_down, now_s);
    } else {
      set_state(r, replica.next, now_s);
    }
  }
}

void InferenceRun::serve_requests() {
  // The plan runs one interval ahead of the clock: what [t, t + interval) brings is planned at t - interval, so that
  // every replica holds its starts before their time. The first interval is planned at once, before the replicas'
  // actors exist (creating an actor lets the others run).
  double t_s = sg4::Engine::get_clock();
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    set_routable(r, replicas_[r].state == State::serving);
    replicas_[r].next = replicas_[r].state;
  }
  plan_requests(t_s, step_end_s(t_s));
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    sg4::Actor::create("replica-" + service_.name + "-" + std::to_string(r), hosts_[replicas_[r].host], [this, r] {
      guarded([&] { run_replica(r); });
    })->daemonize();
  }
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
    if (t_s < horizon_s_) apply_next(t_s);
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
