#pragma once
// What a disaggregated service's driver keeps of its expert-parallel exchanges between servers
// (inference_exchanges.cpp): each replica's iteration exchanging, the KV transfers crossing each host's link, and the
// planned ends of the exchanges running alone.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace terawatt {

struct ExpertExchanges {
  struct Exchange {
    double start_s = 0.0;
    double bytes = 0.0;              // over the fabric, from all the replica's hosts
    double alone_s = 0.0;            // the bytes' time alone: the engine's analytic fabric leg, latencies aside
    std::size_t transfers_left = 0;  // as transfers, those not ended; 0 while alone
    std::uint32_t generation = 0;    // of its planned end alone, which becoming transfers voids
  };
  struct AloneEnd {
    double time_s;
    std::uint32_t replica;
    std::uint32_t generation;
    bool operator>(const AloneEnd& other) const { return time_s > other.time_s; }
  };
  std::vector<Exchange> replicas;  // empty: the exchanges keep their analytic time
  std::vector<int> kv_on_host;
  std::priority_queue<AloneEnd, std::vector<AloneEnd>, std::greater<>> alone_ends;
};

}  // namespace terawatt
