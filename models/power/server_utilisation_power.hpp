#pragma once
// Power of a server without accelerators (conventional compute, storage, network equipment) as a linear function of
// its utilisation: P(u) = P_idle + (P_max - P_idle) x u. This is the model of the bottom-up US data-centre studies
// (Shehabi et al. 2016, LBNL "United States Data Center Energy Usage Report", not among the published figures of
// docs/references.md) and of de Vries' "full capacity" arithmetic at u = 1 (docs/references.md RC-40). Accelerated
// servers are not modelled here: the simulator measures them on representative clusters
// (sim/app/projection/projection_representative.hpp). The code holds no default powers: every figure is a scenario
// input with its source stated there.

namespace terawatt {

struct LinearServerPower {
  double idle_w = 0.0;  // at 0 % utilisation
  double max_w = 0.0;   // at 100 % utilisation (nameplate or measured full-load power)
};

// Mean power at mean utilisation u in [0, 1]. Because the model is linear, the mean power over any load shape is the
// power at the mean utilisation, so a daily profile needs no simulation. Throws std::invalid_argument for u outside
// [0, 1], a negative idle power or max < idle.
double server_power_at_utilisation_w(const LinearServerPower& server, double utilisation);

}  // namespace terawatt
