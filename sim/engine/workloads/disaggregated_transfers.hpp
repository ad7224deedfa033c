#pragma once
// What a disaggregated service's driver keeps of its requests between their prefill and their decode, and of the
// transfers that move their KV caches (inference_disaggregated.cpp).

#include <cstddef>
#include <cstdint>

namespace terawatt {

// A prefilled request, from its prefill's end until its decode ends.
struct HandedRequest {
  int output_tokens;       // the request's own; its prefill replica serves one
  double arrival_s = 0.0;  // from here on, set when its prefill ends (an arrival routed late is restored by then)
  double first_token_s = 0.0;
  double prefill_energy_j = 0.0;
  int prompt_tokens = 0;
  std::size_t decode_replica = 0;
  std::int64_t held_kv_blocks = 0;  // its prompt's blocks, which its prefill replica holds until they are sent
};

// A prompt's KV cache moving within a host, over the server interconnect: when it arrives.
struct HostTransfer {
  double time_s;
  std::uint64_t id;
  std::size_t from;  // its prefill replica
  bool operator>(const HostTransfer& other) const { return time_s > other.time_s; }
};

// What a transfer over the network moves: request id's KV cache from its prefill replica, or one of a replica's
// expert-parallel exchanges (inference_exchanges.cpp).
struct NetworkTransfer {
  std::uint64_t id;
  std::size_t replica;
  bool exchange;
};

}  // namespace terawatt
