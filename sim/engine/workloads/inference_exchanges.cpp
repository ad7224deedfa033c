// Expert parallelism in a disaggregated service (inference_disaggregated.cpp): each iteration's all-to-all between a
// replica's servers crosses its hosts' links, which the prompts' KV caches also leave and arrive by. While no KV cache
// crosses them, the exchanges run alone, in the engine's analytic time over those links (as in a colocated service,
// whose replicas alone use their links). When a KV transfer starts on one of them, at the iteration's start or later,
// what is left of the exchanges becomes SimGrid transfers, which the network shares with it; the iteration ends when
// they have (IterationEngine::end_open_iteration). A transfer per iteration would cost a SimGrid communication and
// wake-up per iteration, most of them alone on their links; this costs them only where a KV cache is in flight.
//
// Assumed: alone, the bytes move at the links' rate, so a share (now - start) / alone time of them has moved when a KV
// transfer arrives. The transfers that carry the rest take SimGrid's rates (LV08 by default: 97 % of a link, the
// reverse acknowledgements' cross-traffic) and pay one more crossing's latency, microseconds.
#include "sim/engine/workloads/inference_run.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {

void InferenceRun::start_exchanges(std::size_t r, double now_s) {
  const auto [first, last] = hosts_of(r);
  const AllToAllLegs& legs = engines_[r].exchange_legs();
  ExpertExchanges::Exchange& exchange = exchanges_.replicas[r];
  exchange.start_s = now_s;
  exchange.bytes = legs.fabric_bytes;
  exchange.alone_s = legs.fabric_bytes_s;
  exchange.transfers_left = 0;
  ++exchange.generation;
  const bool shared =
      std::any_of(exchanges_.kv_on_host.begin() + static_cast<std::ptrdiff_t>(first),
                  exchanges_.kv_on_host.begin() + static_cast<std::ptrdiff_t>(last), [](int n) { return n > 0; });
  if (shared) {
    send_exchanges(r, exchange.bytes);
  } else {
    exchanges_.alone_ends.push({now_s + exchange.alone_s, static_cast<std::uint32_t>(r), exchange.generation});
  }
}

// Replica r's exchanges as transfers: each of its hosts sends its share of `bytes` to the next host of the replica (on
// one host, to itself: up its link and back down), at once. In the cluster's star, where a route is its two hosts'
// links, that loads every link of the replica both ways as the all-to-all would (as the training ring does,
// training_run.cpp).
void InferenceRun::send_exchanges(std::size_t r, double bytes) {
  const auto [first, last] = hosts_of(r);
  const std::size_t hosts = last - first;
  const auto host_bytes = static_cast<std::uint64_t>(std::llround(bytes / static_cast<double>(hosts)));
  exchanges_.replicas[r].transfers_left = hosts;
  for (std::size_t h = first; h < last; ++h) {
    transfers_.push_back(fabric_->send(hosts_[h], hosts_[first + (h + 1 - first) % hosts], host_bytes, meter_));
    transfer_purposes_.push_back({0, r, true});
  }
}

// The fabric leg's time, as one crossing of the fabric: the engine adds the other exchanges' latencies.
void InferenceRun::exchange_sent(std::size_t r, double now_s) {
  ExpertExchanges::Exchange& exchange = exchanges_.replicas[r];
  if (--exchange.transfers_left > 0) return;
  const IterationRecord& iteration = engines_[r].end_open_iteration(now_s - exchange.start_s);
  iteration_ends_.push({iteration.end_s(), static_cast<std::uint32_t>(r), 0, iteration.start_s, 0.0});
}

void InferenceRun::exchange_alone_ended(std::size_t r, std::uint32_t generation) {
  const ExpertExchanges::Exchange& exchange = exchanges_.replicas[r];
  if (generation != exchange.generation || exchange.transfers_left > 0) return;  // it became transfers
  fabric_->add_moved(exchange.bytes, meter_);  // on no transfer, as a colocated replica's exchanges
  const IterationRecord& iteration = engines_[r].end_open_iteration_alone();
  iteration_ends_.push({iteration.end_s(), static_cast<std::uint32_t>(r), 0, iteration.start_s, 0.0});
}

// A KV transfer from prefill replica `from` to decode replica `to` crosses their first hosts' links: starting, it
// turns the exchanges running alone there into transfers of the bytes they have left.
void InferenceRun::kv_crosses_links(std::size_t from, std::size_t to, int delta, double now_s) {
  if (exchanges_.replicas.empty()) return;
  for (const std::size_t host : {hosts_of(from).first, hosts_of(to).first}) {
    exchanges_.kv_on_host[host] += delta;
    if (delta < 0) continue;
    const auto [first, last] = replicas_on(host);
    for (std::size_t r = first; r < last; ++r) {
      ExpertExchanges::Exchange& exchange = exchanges_.replicas[r];
      if (!engines_[r].iteration_open() || exchange.transfers_left > 0) continue;
      const double moved = (now_s - exchange.start_s) / exchange.alone_s;
      if (moved >= 1.0) continue;  // its bytes have moved: only its latency is left
      ++exchange.generation;
      fabric_->add_moved(exchange.bytes * moved, meter_);  // the transfers count the rest
      send_exchanges(r, exchange.bytes * (1.0 - moved));
    }
  }
}

}  // namespace terawatt
