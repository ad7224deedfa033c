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
  // With disaggregation, arrivals go to the prefill replicas only (the first ones).
  const std::size_t routed =
      service_.disaggregation ? static_cast<std::size_t>(service_.disaggregation->prefill_replicas) : replicas_.size();
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    set_routable(r, r < routed && replicas_[r].state == State::serving);
  }
}

// An arrival that found no serving replica waits for one (routed at `now_s`, later than its arrival): the engine
// sees it arrive then, and its latencies count from its true arrival (late_arrivals_).
void InferenceRun::route_arrival(double arrival_s, double now_s) {
  const std::size_t r = by_load_.begin()->second;
  change_planned(r, 1);
  EngineRequest request = sized_request(arrival_s);
  if (now_s > arrival_s) {
    late_arrivals_[request.id] = arrival_s;
    request.arrival_s = now_s;
  }
  if (service_.disaggregation) {
    // A prefill replica serves its prefill alone, the first output token; the rest waits for a decode replica.
    handed_[request.id] = HandedRequest{request.output_tokens};
    request.output_tokens = 1;
  }
  engines_[r].submit(request);
  started_total_ += 1.0;
  if (!iterating_[r]) run_iteration(r, now_s);
}

bool InferenceRun::run_iteration(std::size_t r, double now_s) {
  if (!std::isfinite(engines_[r].next_start_s())) return false;
  const IterationRecord& iteration = engines_[r].step();
  if (iteration.sequences == 0) return false;  // a stall: it waits for a transfer to free blocks (kv_sent)
  iterating_[r] = 1;
  // Its bytes between servers count on the fabric's energy as it starts (an iteration lasts milliseconds), but for
  // exchanges sent as transfers, which count their own.
  const bool open = engines_[r].iteration_open();
  fabric_->add_moved(iteration.fabric_bytes - (open ? iteration.exchange_fabric_bytes : 0.0), meter_);
  iteration_w_[r] = iteration.accelerator_power_w;
  set_busy(r, true, now_s);
  set_replica_power(r, state_power_w(replicas_[r], iteration_w_[r]), now_s);
  if (open) {
    start_exchanges(r, now_s);  // its end is known when they end
  } else {
    iteration_ends_.push({iteration.end_s(), static_cast<std::uint32_t>(r), 0, iteration.start_s, 0.0});
  }
  return true;
}

void InferenceRun::change_planned(std::size_t r, int delta) {
  Replica& replica = replicas_[r];
  const bool decodes =
      service_.disaggregation && static_cast<std::int64_t>(r) >= service_.disaggregation->prefill_replicas;
  std::set<std::pair<int, std::size_t>>* index = decodes ? &decode_load_ : replica.routable ? &by_load_ : nullptr;
  if (index) index->erase({replica.planned, r});
  replica.planned += delta;
  if (index) index->insert({replica.planned, r});
}

void InferenceRun::record_finished(const FinishedRequest& done) {
  const double latency_s = done.finish_s - done.arrival_s;
  latency_interval_.add(latency_s);
  latency_total_.add(latency_s);
  for (TokenLatency* tokens : {&tokens_interval_, &tokens_total_, &tokens_control_}) {
    tokens->add(done.ttft_s(), done.tpot_s(), done.accelerator_energy_j, done.output_tokens, service_.slo);
  }
  served_interval_ += 1.0;
  served_total_ += 1.0;
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
    change_planned(r, -1);
    if (service_.disaggregation) {
      if (static_cast<std::int64_t>(r) < service_.disaggregation->prefill_replicas) {
        if (hand_over(r, done, now_s)) continue;
      } else {
        join_prefill(done);
      }
    }
    record_finished(done);
  }
  engine.finished().clear();
  if (run_iteration(r, now_s)) return;
  iteration_w_[r] = service_.replica.accelerator_power_at(0.0);
  set_busy(r, false, now_s);
  if (replica.state == State::draining) {
    set_state(r, State::scaled_down, now_s);
  } else {
    set_replica_power(r, state_power_w(replica, iteration_w_[r]), now_s);
  }
}

// Arrivals, iteration ends and (disaggregation) KV transfers within a host, in time order: at equal times an arrival
// first, so that an iteration starting then admits it, then a transfer, for the same reason.
void InferenceRun::apply_iterations(double until_s) {
  const auto due = [this, until_s](double t_s) { return t_s <= until_s && t_s < horizon_s_; };
  for (;;) {
    const double first_s = next_event_s();
    if (!due(first_s)) break;
    applied_s_ = std::max(applied_s_, first_s);
    if (!unrouted_.empty() && !by_load_.empty() && unrouted_.front() == first_s) {
      unrouted_.pop_front();
      route_arrival(first_s, applied_s_);
    } else if (!exchanges_.alone_ends.empty() && exchanges_.alone_ends.top().time_s == first_s) {
      const ExpertExchanges::AloneEnd end = exchanges_.alone_ends.top();
      exchanges_.alone_ends.pop();
      exchange_alone_ended(end.replica, end.generation);
    } else if (!host_transfers_.empty() && host_transfers_.top().time_s == first_s) {
      const HostTransfer transfer = host_transfers_.top();
      host_transfers_.pop();
      kv_sent(transfer.from, transfer.id, transfer.time_s);
    } else {
      const Completion end = iteration_ends_.top();
      iteration_ends_.pop();
      iteration_ended(end.replica, end.time_s);
    }
  }
}

double InferenceRun::next_event_s() const {
  double first_s = std::numeric_limits<double>::infinity();
  if (!unrouted_.empty() && !by_load_.empty()) first_s = unrouted_.front();
  if (!host_transfers_.empty()) first_s = std::min(first_s, host_transfers_.top().time_s);
  if (!exchanges_.alone_ends.empty()) first_s = std::min(first_s, exchanges_.alone_ends.top().time_s);
  if (!iteration_ends_.empty()) first_s = std::min(first_s, iteration_ends_.top().time_s);
  return first_s;
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

void InferenceRun::start_engines(double now_s) {
  engines_.reserve(replicas_.size());
  for (std::size_t r = 0; r < replicas_.size(); ++r) engines_.emplace_back(*service_.engine);
  iteration_w_.assign(replicas_.size(), service_.replica.accelerator_power_at(0.0));
  iterating_.assign(replicas_.size(), 0);
  skip_trace_sizes_before(now_s);
  refresh_routing();
}

void InferenceRun::plan_arrivals(double t0_s, double t1_s) {
  arrivals_in(t0_s, t1_s, arrivals_);
  for (const double arrival_s : arrivals_) {
    unrouted_.push_back(arrival_s);
    clock_arrivals_.push_back(arrival_s);
  }
}

void InferenceRun::serve_iterations() {
  double t_s = sg4::Engine::get_clock();
  start_engines(t_s);
  while (t_s < horizon_s_) {
    const double t1_s = step_end_s(t_s);
    plan_arrivals(t_s, t1_s);
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
