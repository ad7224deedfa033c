#include "models/supply/site_dispatch.hpp"

#include <algorithm>
#include <stdexcept>

namespace terawatt {
namespace {

// What the policy asks of the battery before it is limited: discharge (> 0) or charge from the grid (> 0).
struct BatteryAsk {
  double discharge_w = 0.0;
  double grid_charge_w = 0.0;
};

BatteryAsk ask_of(const DispatchPolicy& policy, const SupplyInputs& in, double net_w, double grid_charge_room_w) {
  BatteryAsk ask;
  switch (policy.policy) {
    case BatteryPolicy::self_consumption:
      ask.discharge_w = net_w;
      break;
    case BatteryPolicy::peak_shaving: {
      const double target_w = std::min(policy.peak_target_w, in.import_limit_w);
      ask.discharge_w = std::max(0.0, net_w - target_w);
      if (net_w < target_w) ask.grid_charge_w = std::min(grid_charge_room_w, target_w - net_w);
      break;
    }
    case BatteryPolicy::signal:
      if (in.signal >= policy.discharge_at_or_above) {
        ask.discharge_w = net_w;
      } else if (in.signal <= policy.charge_at_or_below) {
        ask.grid_charge_w = grid_charge_room_w;
      }
      break;
  }
  // Whatever the policy: the battery holds the import at the limit when it can.
  ask.discharge_w = std::max(ask.discharge_w, net_w - in.import_limit_w);
  if (ask.discharge_w > 0.0) ask.grid_charge_w = 0.0;
  return ask;
}

}  // namespace

SupplyFlows dispatch_interval(const DispatchPolicy& policy, const SupplyInputs& in, Battery* battery,
                              double duration_s) {
  if (!(duration_s > 0.0)) throw std::invalid_argument("dispatch_interval: the interval must last a positive time");
  if (!(in.load_w >= 0.0) || !(in.pv_w >= 0.0))
    throw std::invalid_argument("dispatch_interval: load and PV power must be non-negative");
  SupplyFlows out;
  out.load_w = in.load_w;
  out.pv_w = in.pv_w;
  out.import_limit_w = in.import_limit_w;
  out.pv_to_load_w = std::min(in.pv_w, in.load_w);
  const double net_w = in.load_w - out.pv_to_load_w;  // what PV leaves to the battery and the grid
  double surplus_w = in.pv_w - out.pv_to_load_w;
  if (battery) {
    const double max_charge_w = battery->max_charge_w(duration_s);
    const double pv_charge_w = std::min(surplus_w, max_charge_w);
    // Grid charging only while PV leaves none over (no import and export at once) and within the limit.
    const double grid_charge_room_w =
        surplus_w > 0.0 ? 0.0 : std::min(max_charge_w, std::max(0.0, in.import_limit_w - net_w));
    const BatteryAsk ask = ask_of(policy, in, net_w, grid_charge_room_w);
    if (ask.discharge_w > 0.0) {
      out.battery_w = battery->hold(ask.discharge_w, duration_s);
    } else if (pv_charge_w + ask.grid_charge_w > 0.0) {
      out.battery_w = battery->hold(-(pv_charge_w + ask.grid_charge_w), duration_s);
      out.pv_to_battery_w = std::min(-out.battery_w, pv_charge_w);
      out.grid_to_battery_w = -out.battery_w - out.pv_to_battery_w;
      surplus_w -= out.pv_to_battery_w;
    }
  }
  out.import_w = std::max(0.0, net_w - std::max(0.0, out.battery_w)) + out.grid_to_battery_w;
  out.export_w = std::min(surplus_w, std::max(0.0, in.export_limit_w));
  out.curtailed_w = surplus_w - out.export_w;
  out.excess_w = std::max(0.0, out.import_w - in.import_limit_w);
  return out;
}

}  // namespace terawatt
