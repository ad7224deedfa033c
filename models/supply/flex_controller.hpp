#pragma once
// The site controller's decision before each control interval: which flexible workloads to curtail so that the site's
// grid import stays within its limit. It compares a forecast of the interval (facility power if nothing changes, the
// PV the interval will bring, what the battery can deliver over it) with the import limit:
//     headroom = limit + PV + battery - facility power.
// When the headroom is negative it curtails members in their order (the scenario's priority) until it is not,
// each member freeing its IT saving times the site's PUE; when it is positive it restores curtailed members, the last
// curtailed first, while each fits. A member is restored only when its return fits whole with the battery counted at
// what it can sustain for an hour, so that a job does not flap in and out of a pause on a margin; what no
// curtailment can cover is the shortfall the controller reports.
//
// The forecast is the present: the IT power now, the PUE of the last interval, the battery's state now. PV is the
// model's own series, so it is known exactly. Load that rises within the interval (a job that starts) is seen at the
// next decision, which is why the dispatch still reports any excess.

#include <vector>

namespace terawatt {

struct FlexMember {
  double it_saving_w = 0.0;  // IT power curtailing frees now; for a curtailed member, what restoring would add
  bool curtailed = false;
};

struct FlexForecast {
  double facility_w = 0.0;  // with every member as it is
  double pue = 1.0;         // facility over IT power, to turn an IT saving into a facility saving
  double pv_w = 0.0;
  double battery_w = 0.0;  // the most the battery can deliver over the interval
  // What it can keep delivering for an hour: a restored member must fit on this, so that the battery does not carry
  // it for one interval only to have it curtailed again at the next (each pause costs a write and a restart).
  double battery_sustained_w = 0.0;
  double import_limit_w = 0.0;
};

struct FlexPlan {
  std::vector<bool> curtailed;  // per member
  double shortfall_w = 0.0;     // import above the limit that remains with every member curtailed
};

// limit + PV + battery - facility power: negative when the site must curtail.
double forecast_headroom_w(const FlexForecast& forecast);

// Only the members that are curtailed need their saving when the headroom is not negative (plan_curtailment reads
// the others' only to curtail them).
FlexPlan plan_curtailment(const FlexForecast& forecast, const std::vector<FlexMember>& members);

}  // namespace terawatt
