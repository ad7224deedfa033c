// InferenceRun at iteration fidelity with prefill/decode disaggregation (`engine.prefill_replicas`; README, iteration
// fidelity). The first replicas prefill: each request is served there with one output token, its prefill. Its prompt's
// KV cache then moves to the decode replica that holds the fewest requests, held or coming, as a SimGrid communication
// between their hosts (the links' bandwidth and latency, shared with the other transfers and with training traffic),
// or over the server interconnect when both replicas share a host; the decode replica takes it prefilled
// (IterationEngine::submit_prefilled). A prefill replica sends one prompt's KV at a time, in the order its prefills
// end: its link is the bottleneck either way, and one at a time ends each transfer no later on average than sharing
// the link among them, and keeps the flows in flight to one per prefill replica. A prompt's blocks stay in the prefill
// replica's cache until its transfer ends (IterationEngine::keep_finished_kv), so a slow network stalls the replica's
// admissions rather than queueing KV without bound (kv_sent frees them and resumes it). A request's time to first token
// is its prefill's; its time per output token counts the transfer; its energy is the sum of its shares of both
// replicas' iterations.
//
// With expert parallelism over several servers, each iteration's exchanges between them cross the links the KV caches
// leave and arrive by: while a KV cache crosses them, they are transfers that the network shares with it
// (inference_exchanges.cpp).
//
// Unlike the colocated engine, whose events are applied behind the clock when a reader asks, this driver applies every
// event at its own time, waiting on the transfers in flight: a transfer must start at the simulated time its prefill
// or iteration starts, and ends when the network says. Cost: a SimGrid wake-up per event time.
#include "sim/engine/workloads/inference_run.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>

namespace terawatt {
namespace {
namespace sg4 = simgrid::s4u;

// The index of the transfer that ended within `timeout_s`, or -1 when none did.
ssize_t wait_for_transfer(const std::vector<sg4::CommPtr>& transfers, double timeout_s) {
  try {
    return sg4::Comm::wait_any_for(transfers, timeout_s);
  } catch (const simgrid::TimeoutException&) {
    return -1;
  }
}
}  // namespace

bool InferenceRun::hand_over(std::size_t r, const FinishedRequest& prefilled, double now_s) {
  const auto found = handed_.find(prefilled.id);
  HandedRequest& handed = found->second;
  if (handed.output_tokens < 2) {  // its one output token is sampled: done, and its cache is not needed
    engines_[r].release_kv(prefilled.held_kv_blocks, now_s);
    handed_.erase(found);
    return false;
  }
  handed.held_kv_blocks = prefilled.held_kv_blocks;
  handed.arrival_s = prefilled.arrival_s;
  handed.first_token_s = prefilled.first_token_s;
  handed.prefill_energy_j = prefilled.accelerator_energy_j;
  handed.prompt_tokens = prefilled.prompt_tokens;
  const std::size_t d = decode_load_.begin()->second;
  handed.decode_replica = d;
  change_planned(d, 1);
  kv_waiting_[r].push_back(prefilled.id);
  if (!kv_sending_[r]) send_next_kv(r, now_s);
  return true;
}

// A prefill replica's next prompt KV, if any, to its decode replica.
void InferenceRun::send_next_kv(std::size_t r, double now_s) {
  kv_sending_[r] = 0;
  if (kv_waiting_[r].empty()) return;
  const std::uint64_t id = kv_waiting_[r].front();
  kv_waiting_[r].pop_front();
  kv_sending_[r] = 1;
  const HandedRequest& handed = handed_.at(id);
  const Disaggregation& disaggregation = *service_.disaggregation;
  const double bytes = handed.prompt_tokens * disaggregation.kv_bytes_per_token;
  sg4::Host* from = hosts_[hosts_of(r).first];
  sg4::Host* to = hosts_[hosts_of(handed.decode_replica).first];
  if (from == to && disaggregation.intra_host_bytes_per_s) {
    host_transfers_.push({now_s + bytes / *disaggregation.intra_host_bytes_per_s, id, r});
  } else {
    transfers_.push_back(fabric_->send(from, to, static_cast<std::uint64_t>(std::llround(bytes)), meter_));
    transfer_purposes_.push_back({id, r, false});
    kv_crosses_links(r, handed.decode_replica, 1, now_s);
  }
}

// A prompt's KV has reached its decode replica: its prefill replica frees the blocks, sends its next, and resumes if
// the blocks held it back.
void InferenceRun::kv_sent(std::size_t from, std::uint64_t id, double now_s) {
  engines_[from].release_kv(handed_.at(id).held_kv_blocks, now_s);
  send_next_kv(from, now_s);
  kv_arrived(id, now_s);
  if (!iterating_[from]) run_iteration(from, now_s);
}

void InferenceRun::kv_arrived(std::uint64_t id, double now_s) {
  const HandedRequest& handed = handed_.at(id);
  const std::size_t d = handed.decode_replica;
  engines_[d].submit_prefilled({id, now_s, handed.prompt_tokens, handed.output_tokens}, handed.first_token_s);
  if (!iterating_[d]) run_iteration(d, now_s);
}

void InferenceRun::join_prefill(FinishedRequest& decoded) {
  const auto found = handed_.find(decoded.id);
  decoded.arrival_s = found->second.arrival_s;
  decoded.accelerator_energy_j += found->second.prefill_energy_j;
  handed_.erase(found);
}

void InferenceRun::serve_disaggregated() {
  double t_s = sg4::Engine::get_clock();
  start_engines(t_s);
  const auto prefill = static_cast<std::size_t>(service_.disaggregation->prefill_replicas);
  for (std::size_t d = prefill; d < replicas_.size(); ++d) decode_load_.insert({replicas_[d].planned, d});
  kv_waiting_.resize(prefill);
  kv_sending_.assign(prefill, 0);
  for (std::size_t r = 0; r < prefill; ++r) engines_[r].keep_finished_kv();
  const auto& ep = service_.engine->expert_parallel;
  if (ep && ep->servers > 1 && service_.disaggregation->exchange_transfers) {
    for (IterationEngine& engine : engines_) engine.transfer_fabric_exchanges();
    exchanges_.replicas.assign(replicas_.size(), ExpertExchanges::Exchange{});
    exchanges_.kv_on_host.assign(hosts_.size(), 0);
  }
  while (t_s < horizon_s_) {
    const double t1_s = step_end_s(t_s);
    plan_arrivals(t_s, t1_s);
    for (;;) {
      const double next_s = std::min(next_event_s(), t1_s);
      const double now_s = sg4::Engine::get_clock();
      if (!transfers_.empty()) {
        const ssize_t done = wait_for_transfer(transfers_, std::max(0.0, next_s - now_s));
        if (done >= 0) {
          const NetworkTransfer transfer = transfer_purposes_[static_cast<std::size_t>(done)];
          transfers_.erase(transfers_.begin() + done);
          transfer_purposes_.erase(transfer_purposes_.begin() + done);
          if (transfer.exchange) {
            exchange_sent(transfer.replica, sg4::Engine::get_clock());
          } else {
            kv_crosses_links(transfer.replica, handed_.at(transfer.id).decode_replica, -1, sg4::Engine::get_clock());
            kv_sent(transfer.replica, transfer.id, sg4::Engine::get_clock());
          }
          continue;
        }
      } else if (next_s > now_s) {
        sg4::this_actor::sleep_until(next_s);
      }
      apply_iterations(next_s);
      if (next_s >= t1_s) break;
    }
    t_s = t1_s;
  }
  // The run is cut at the horizon: transfers still in flight are dropped with it.
  for (const sg4::CommPtr& transfer : transfers_) transfer->cancel();
  transfers_.clear();
  transfer_purposes_.clear();
}

}  // namespace terawatt
