#pragma once
// The result of adding the same double to a running sum many times, one rounding per addition, without doing the
// additions one by one. A ledger that receives one equal change per host of a group (sim/engine/power_accounting.hpp)
// must reach the same bits as the host-by-host additions it replaces, and `start + count * step` does not: each
// addition rounds to the grid of the sum's binade.
//
// Within one binade [2^e, 2^(e+1)) every double is a multiple of the binade's spacing u, so adding `step` adds
// round(step / u) * u exactly, the same amount each time, as long as the exact sum stays in the binade (below it the
// grid is finer) and step / u is not a tie (there round-half-even depends on the sum's last bit). So the additions
// are done a binade at a time: O(binades crossed) instead of O(count), one addition at a time only at a crossing or
// a tie.

#include <cstddef>

namespace terawatt {

// The value of `for (i < count) start += step;` in IEEE double arithmetic (round to nearest, ties to even).
double repeated_sum(double start, double step, std::size_t count);

}  // namespace terawatt
