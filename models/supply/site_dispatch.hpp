#pragma once
// Where a site's power comes from over one interval: on-site solar first, then the battery as its policy says, then
// the grid, within the connection's import limit. Powers are interval means and are held over the interval, so the
// interval's energies balance exactly:
//     load = grid import + PV used on site + battery discharge - battery charge,
// where PV used on site is what goes to the load and to the battery, and the rest of the PV is exported (up to the
// export limit) or curtailed. The battery never charges and discharges in the same interval, and the site never
// imports and exports in the same interval.
//
// Policies (what the battery does besides storing the PV surplus, which it always does first):
//  - self_consumption: discharges to cover whatever the PV does not;
//  - peak_shaving: discharges only the import above a target (default: the import limit), and recharges from the
//    grid with the headroom below it;
//  - signal: charges from the grid at full power when a signal (carbon intensity or price) is at or below one
//    threshold, and discharges to cover the load when it is at or above another.
// Whatever the policy, when the import would exceed the limit the battery discharges what it can to keep it there,
// and grid charging never takes the import above the limit. What the battery cannot cover is reported as excess: the
// site controller (sim/engine) asks flexible work to make room before the interval, and the excess is what is left.

#include "models/supply/battery.hpp"

#include <limits>

namespace terawatt {

enum class BatteryPolicy { self_consumption, peak_shaving, signal };

struct DispatchPolicy {
  BatteryPolicy policy = BatteryPolicy::self_consumption;
  double peak_target_w = std::numeric_limits<double>::infinity();        // peak_shaving; infinite: the import limit
  double charge_at_or_below = -std::numeric_limits<double>::infinity();  // signal, in the signal's unit
  double discharge_at_or_above = std::numeric_limits<double>::infinity();
};

struct SupplyInputs {
  double load_w = 0.0;  // facility power
  double pv_w = 0.0;    // on-site generation (AC)
  double import_limit_w = std::numeric_limits<double>::infinity();
  double export_limit_w = std::numeric_limits<double>::infinity();  // 0: no export
  double signal = 0.0;                                              // the signal policy's input over the interval
};

struct SupplyFlows {
  double load_w = 0.0;
  double pv_w = 0.0;
  double pv_to_load_w = 0.0;
  double pv_to_battery_w = 0.0;
  double export_w = 0.0;
  double curtailed_w = 0.0;
  double battery_w = 0.0;  // on the bus: positive discharges, negative charges
  double grid_to_battery_w = 0.0;
  double import_w = 0.0;
  double import_limit_w = std::numeric_limits<double>::infinity();
  double excess_w = 0.0;  // import above the limit
  double pv_used_w() const { return pv_to_load_w + pv_to_battery_w; }
};

// One interval of `duration_s`; `battery` may be null (a site without one). Moves the battery's state.
SupplyFlows dispatch_interval(const DispatchPolicy& policy, const SupplyInputs& in, Battery* battery,
                              double duration_s);

}  // namespace terawatt
