// InferenceRun at iteration fidelity (sim/engine/workloads/inference_run.hpp): one serving engine per replica
// (models/workload/iteration_engine.hpp), driven by the service's own event loop. The driver draws each control
// interval's arrivals at its start; arrivals and iteration ends are then applied in time order (an arrival first at
// equal times, so that an iteration starting then admits it) when the driver reaches a boundary or a reader of the
// meters catches the service up, as at request fidelity: the engine wakes only at control and sample boundaries.
// An iteration's power is applied at its start (it is known then), its finished requests at its end.
#include "sim/engine/workloads/inference_run.hpp"

#include "models/base/random_stream.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace terawatt {
namespace {
namespace sg4 = simgrid::s4u;
}  // namespace

// The request's own size (InferenceRun::next_request_tokens). One a replica's whole KV cache cannot hold is cut to
// fit (its output first, then its prompt), as a context limit would, and counted.
EngineRequest InferenceRun::sized_request(double arrival_s) {
  EngineRequest request;
  request.id = next_request_id_++;
  request.arrival_s = arrival_s;
  const RequestTokens tokens = next_request_tokens();
  request.prompt_tokens = tokens.prompt;
  request.output_tokens = tokens.output;
  const IterationEngine& engine = engines_.front();
  const auto capacity = static_cast<int>(std::min<std::int64_t>(
      engine.kv_blocks_total() * service_.engine->block_tokens, std::numeric_limits<int>::max() / 2));
  if (request.prompt_tokens + request.output_tokens - 1 > capacity) {
    cut_requests_ += 1.0;
    request.prompt_tokens = std::min(request.prompt_tokens, capacity);
    request.output_tokens = std::max(1, capacity + 1 - request.prompt_tokens);
  }
  return request;
}

// The routable replicas by the requests each holds, least first (by_load_, planned = requests held).
void InferenceRun::refresh_routing() {
  for (std::size_t r = 0; r < replicas_.size(); ++r) set_routable(r, replicas_[r].state == State::serving);
}

// An arrival that found no serving replica waits for one (routed at `now_s`, later than its arrival): the engine
// sees it arrive then, and its latencies count from its true arrival (late_arrivals_).
void InferenceRun::route_arrival(double arrival_s, double now_s) {
  const std::size_t r = by_load_.begin()->second;
  Replica& replica = replicas_[r];
  by_load_.erase(by_load_.begin());
  ++replica.planned;
  by_load_.insert({replica.planned, r});
  EngineRequest request = sized_request(arrival_s);
  if (now_s > arrival_s) {
    late_arrivals_[request.id] = arrival_s;
    request.arrival_s = now_s;
  }
  engines_[r].submit(request);
  started_total_ += 1.0;
  if (!iterating_[r]) run_iteration(r, now_s);
}

void InferenceRun::run_iteration(std::size_t r, double now_s) {
  const IterationRecord& iteration = engines_[r].step();
  iterating_[r] = 1;
  iteration_w_[r] = iteration.accelerator_power_w;
  set_busy(r, true, now_s);
  set_replica_power(r, state_power_w(replicas_[r], iteration_w_[r]), now_s);
  iteration_ends_.push({iteration.end_s(), r, iteration.start_s, 0.0});
}

void InferenceRun::iteration_ended(std::size_t r, double now_s) {
  Replica& replica = replicas_[r];
  IterationEngine& engine = engines_[r];
  iterating_[r] = 0;
  for (FinishedRequest& done : engine.finished()) {
    const auto late = late_arrivals_.find(done.id);
    if (late != late_arrivals_.end()) {
      done.arrival_s = late->second;
      late_arrivals_.erase(late);
    }
    if (replica.routable) by_load_.erase({replica.planned, r});
    --replica.planned;
    if (replica.routable) by_load_.insert({replica.planned, r});
    const double latency_s = done.finish_s - done.arrival_s;
    latency_interval_.add(latency_s);
    latency_total_.add(latency_s);
    for (TokenLatency* tokens : {&tokens_interval_, &tokens_total_, &tokens_control_}) {
      tokens->add(done.ttft_s(), done.tpot_s(), done.accelerator_energy_j, done.output_tokens, service_.slo);
    }
    served_interval_ += 1.0;
    served_total_ += 1.0;
  }
  engine.finished().clear();
  if (!engine.idle()) {
    run_iteration(r, now_s);
    return;
  }
  iteration_w_[r] = service_.replica.accelerator_power_at(0.0);
  set_busy(r, false, now_s);
  if (replica.state == State::draining) {
    set_state(r, State::scaled_down, now_s);
  } else {
    set_replica_power(r, state_power_w(replica, iteration_w_[r]), now_s);
  }
}

void InferenceRun::apply_iterations(double until_s) {
  const auto due = [this, until_s](double t_s) { return t_s <= until_s && t_s < horizon_s_; };
  for (;;) {
    const bool arrival_due = !unrouted_.empty() && !by_load_.empty() && due(unrouted_.front());
    const bool end_due = !iteration_ends_.empty() && due(iteration_ends_.top().time_s);
    if (!arrival_due && !end_due) break;
    if (arrival_due && (!end_due || unrouted_.front() <= iteration_ends_.top().time_s)) {
      const double arrival_s = unrouted_.front();
      unrouted_.pop_front();
      applied_s_ = std::max(applied_s_, arrival_s);
      route_arrival(arrival_s, applied_s_);
    } else {
      const Completion end = iteration_ends_.top();
      iteration_ends_.pop();
      applied_s_ = std::max(applied_s_, end.time_s);
      iteration_ended(end.replica, end.time_s);
    }
  }
}

double InferenceRun::take_latency_ratio() {
  const ServiceSlo& slo = service_.slo;
  double ratio = std::numeric_limits<double>::quiet_NaN();
  if (tokens_control_.ttft.count() > 0.0) {
    ratio = 0.0;
    if (slo.ttft_s) ratio = std::max(ratio, tokens_control_.ttft.quantile_s(slo.attainment) / *slo.ttft_s);
    // Requests of one output token have no time per output token.
    if (slo.tpot_s && tokens_control_.tpot.count() > 0.0) {
      ratio = std::max(ratio, tokens_control_.tpot.quantile_s(slo.attainment) / *slo.tpot_s);
    }
  }
  tokens_control_.clear();
  return ratio;
}

void InferenceRun::serve_iterations() {
  engines_.reserve(replicas_.size());
  for (std::size_t r = 0; r < replicas_.size(); ++r) engines_.emplace_back(*service_.engine);
  iteration_w_.assign(replicas_.size(), service_.replica.accelerator_power_at(0.0));
  iterating_.assign(replicas_.size(), 0);
  double t_s = sg4::Engine::get_clock();
  skip_trace_sizes_before(t_s);
  refresh_routing();
  while (t_s < horizon_s_) {
    const double t1_s = step_end_s(t_s);
    arrivals_in(t_s, t1_s, arrivals_);
    for (const double arrival_s : arrivals_) {
      unrouted_.push_back(arrival_s);
      clock_arrivals_.push_back(arrival_s);
    }
    sg4::this_actor::sleep_until(t1_s);
    catch_up(t1_s);
    t_s = t1_s;
    if (t_s >= horizon_s_) break;
    // The arrivals of the interval that ended, and those still unrouted, size the next one.
    const double rate_per_s =
        (static_cast<double>(arrivals_.size()) + static_cast<double>(unrouted_.size())) / service_.control_interval_s;
    apply_target(target_replicas(rate_per_s, t_s), t_s);
    refresh_routing();
    applied_s_ = t_s;
  }
}

}  // namespace terawatt
