#pragma once
// The occupancy of R replicas behind least-loaded routing when a completion can leave one replica empty while another
// still holds two (replica_group_load, models/workload/replica_service.hpp, uses it where that can happen). Pure
// model: no engine, no I/O.
//
// State (N, k): the requests the group holds and the replicas holding at least one, the N spread as evenly as
// possible over the k busy replicas (of whom N mod k hold one more). An arrival goes to an empty replica while there
// is one (k + 1), as least-loaded routing sends it; a completion at a replica holding exactly one empties it (k - 1),
// any other leaves k. Completions run at each busy replica's throughput min(n, B) / L(min(n, B)). So the replicas
// busy are min(N, R) less a deficit d that completions open above N = R and arrivals close; with N <= R or every
// busy replica holding two or more, d never grows, and the chain is the balanced one (d = 0) that replica_group_load
// walks without this. The even spread over the busy replicas is the assumption. Against the simulator's own routing
// (tests/sim/occupancy_matrix_test.cpp and iteration_fidelity_test.cpp, 2 to 32 replicas, B = 8 and 64): busy share
// within 1.6 % and energy within 0.8 % of request fidelity, energy within 0.4 % of iteration fidelity, where the
// balanced chain was up to 4.3 % and 2.3 % off request fidelity and 2.8 % off iteration fidelity in energy.
//
// Solution: a birth-death process in N whose phases are the deficits d = min(N, R) - k, 0 .. D (a quasi-birth-death
// process, each level N reached only from N - 1 and N + 1), solved over the levels [lo, hi] by linear level reduction
// (Gaver, Jacobs and Latouche, "Finite birth-and-death models in randomly changing environments", Advances in Applied
// Probability 16(4), 1984), from both ends towards `peak`, the level of most mass: above it pi_{N+1} = pi_N R_N with
// R_{N-1} = U_{N-1} (Lambda_N - R_N W_{N+1})^-1 from the top down, below it pi_{N-1} = pi_N S_N with
// S_{N+1} = W_{N+1} (Lambda_N - S_N U_{N-1})^-1 from the bottom up, where U and W are the rates up and down a level and
// Lambda the rates out of each phase; at the peak, pi (Lambda - R W - S U) = 0. The probabilities are then carried
// outwards from the peak, where they fall, so rounding stays relative to them (carried up from the bottom over
// hundreds of levels instead, rounding can turn them negative). D starts at 8 and doubles while the deepest deficit
// holds over 1e-9 of the mass, to at most R - 1 and most_group_deficits (a deeper deficit is counted at that depth).
// Transitions out of [lo, hi] are dropped, so the levels outside must
// carry no mass (the caller takes the window from the balanced chain, with a margin); at hi = R x B (every batch full)
// the queue beyond is the geometric tail the balanced chain also has, all replicas busy, and the cut there is exact.
// Cost: (hi - lo) x (D + 1)^3, and (hi - lo) x (D + 1)^2 numbers, allocated once a solution: none per level, and its
// matrices are not on the caller's stack.
#include "models/workload/replica_service.hpp"

#include <cstdint>

namespace terawatt {

// The most deficits the chain keeps (its phases 0 .. most_group_deficits): all of them for R up to 32, the largest
// group replica_group_load solves this way, because the cost grows as the phases cubed (about 1.3 ms a call at 32).
inline constexpr int most_group_deficits = 31;

// Sums over a group chain's states of probability x what each holds (unnormalised: divide by `mass`).
struct GroupChainSums {
  double mass = 0.0;
  double held = 0.0;        // requests in service
  double busy = 0.0;        // replicas holding at least one
  double busy_power = 0.0;  // the accelerator power of those replicas, one accelerator each
  double waiting = 0.0;     // requests in the queue beyond the batches
};

// Adds the queue beyond R x B, N = R x B + j for j >= 1, weights weight_full x f^j with f = rate / (R x capacity) < 1,
// every replica busy at the full batch, to sums whose state N = R x B weighs `weight_full`.
void add_full_queue(GroupChainSums& sums, const ReplicaService& service, int replicas, double rate_per_s,
                    double weight_full);

// The (N, k) chain over N in [lo, hi], 0 <= lo <= peak <= hi <= R x B and lo < hi, R >= 2, 0 < rate <
// R x capacity; `peak` is a level near the largest mass, from which the probabilities are propagated both ways.
// Throws std::invalid_argument otherwise.
GroupChainSums group_chain_with_empty_replicas(const ReplicaService& service, int replicas, double rate_per_s,
                                               std::int64_t lo, std::int64_t peak, std::int64_t hi);

}  // namespace terawatt
