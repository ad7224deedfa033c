#pragma once
// A stationary battery seen from the site's AC bus: usable energy, charge and discharge power limits, a round-trip
// efficiency split evenly between charging and discharging, and state-of-charge limits. It holds its power constant
// over each step it is asked for, so that a step's energy is exact and the state of charge moves linearly within it.
//
// Assumptions, each with what it leaves out:
//  - No self-discharge (lithium-ion loses of the order of a few percent a month, negligible against a daily cycle).
//  - Efficiency does not depend on power or state of charge.
//  - No capacity fade: ageing is reported as throughput (energy discharged) and equivalent full cycles, which is
//    how warranties and the NREL Annual Technology Baseline state battery life (docs/references.md J), but the
//    capacity stays as given.

#include <string>

namespace terawatt {

struct BatteryParams {
  double capacity_j = 0.0;         // usable energy between state of charge 0 and 1
  double charge_power_w = 0.0;     // largest power drawn from the site bus while charging
  double discharge_power_w = 0.0;  // largest power delivered to the site bus while discharging
  // AC to AC. 85 %: the NREL Annual Technology Baseline's figure for utility-scale lithium-ion storage
  // (docs/references.md J).
  double round_trip_efficiency = 0.85;
  double min_soc = 0.0;      // fraction of capacity the battery is never discharged below
  double max_soc = 1.0;      // fraction of capacity it is never charged above
  double initial_soc = 0.5;  // at the start of the run, within [min_soc, max_soc]
};

// Empty when the parameters are usable; otherwise "field: problem".
std::string battery_params_problem(const BatteryParams& params);

class Battery {
 public:
  explicit Battery(const BatteryParams& params);  // throws std::invalid_argument on a problem

  // Largest power (W, on the bus) it can deliver, or take, held constant for `duration_s` from its present state.
  double max_discharge_w(double duration_s) const;
  double max_charge_w(double duration_s) const;

  // Holds `bus_power_w` for `duration_s`: positive discharges, negative charges. The power is first limited to
  // what the battery can do (the two functions above); returns the power actually held.
  double hold(double bus_power_w, double duration_s);

  const BatteryParams& params() const { return params_; }
  double stored_j() const { return stored_j_; }
  double soc() const { return stored_j_ / params_.capacity_j; }
  double discharged_j() const { return discharged_j_; }  // on the bus, since the start
  double charged_j() const { return charged_j_; }        // on the bus, since the start
  // Energy discharged over the usable capacity between the limits: one equivalent full cycle per window emptied.
  double equivalent_full_cycles() const;

 private:
  BatteryParams params_;
  double charge_efficiency_;
  double discharge_efficiency_;
  double stored_j_;
  double discharged_j_ = 0.0;
  double charged_j_ = 0.0;
};

}  // namespace terawatt
