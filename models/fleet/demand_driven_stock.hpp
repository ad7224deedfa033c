#pragma once
// A fleet sized by the work asked of it: installed servers by vintage such that, every year, the servers installed
// deliver the demand (training FLOP; requests, tokens, images or minutes of video served), rather than shipments
// compounding at a stated rate. The stock keeps the conventions of models/fleet/fleet_stock_flow.hpp (vintages,
// survival, retirements from the stock-flow identity), so the two views of a segment meet in its first year (README,
// Projections).
//
// Method (all years indexed from the first history vintage; `history` vintages precede the first projected year):
//  1. First year: its servers are the history vintages shipped at `history_growth` a year, scaled so that their
//     surviving servers deliver the first year's demand:
//       s(v) = s0 (1 + g)^(v - history),  s0 = D(0) / sum_v (1 + g)^(v - history) survival(history - v) w(0, v).
//  2. Every later year, the surviving servers of earlier vintages (each vintage shrinking along its survival curve)
//     deliver C = sum_v installed(y, v) w(y, v):
//       - C <= D(y): the year ships (D(y) - C) / w(y, y) servers of its own vintage;
//       - C > D(y): it ships none, and every surviving vintage is cut by D(y) / C (servers the demand no longer
//         needs leave the fleet early: operators retire or repurpose idle accelerators rather than run them idle,
//         an assumption; the cut shows in the year's retirements).
//     So installed(y, v) w(y, v) summed over vintages equals D(y) in every year, exactly in exact arithmetic.
// w(y, v) is the work one server of vintage v delivers in year y at that year's utilisation (its generations'
// share-weighted mean, measured on the representative clusters), y = 0 being the first projected year.

#include "models/fleet/fleet_stock_flow.hpp"

#include <Eigen/Dense>

namespace terawatt {

// `work_per_server` is (years x vintages) over the history and the horizon (history + horizon rows and columns, > 0
// on and below the diagonal; a row is a year, a column a vintage); `demand` has the horizon's years (>= 0). Throws
// std::invalid_argument for a non-positive work per server, a negative or non-finite demand, or a growth <= -100 %.
FleetStock demand_driven_stock(int first_vintage_year, int history, double history_growth,
                               const Eigen::MatrixXd& work_per_server, const Eigen::VectorXd& demand,
                               const SurvivalCurve& survival);

}  // namespace terawatt
