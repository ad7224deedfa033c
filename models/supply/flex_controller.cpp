#include "models/supply/flex_controller.hpp"

#include <algorithm>

namespace terawatt {

double forecast_headroom_w(const FlexForecast& forecast) {
  return forecast.import_limit_w + forecast.pv_w + forecast.battery_w - forecast.facility_w;
}

FlexPlan plan_curtailment(const FlexForecast& forecast, const std::vector<FlexMember>& members) {
  FlexPlan plan;
  plan.curtailed.reserve(members.size());
  for (const FlexMember& member : members) plan.curtailed.push_back(member.curtailed);
  double headroom_w = forecast_headroom_w(forecast);
  if (headroom_w < 0.0) {
    for (std::size_t i = 0; i < members.size() && headroom_w < 0.0; ++i) {
      if (plan.curtailed[i] || !(members[i].it_saving_w > 0.0)) continue;
      plan.curtailed[i] = true;
      headroom_w += members[i].it_saving_w * forecast.pue;
    }
    plan.shortfall_w = std::max(0.0, -headroom_w);
    return plan;
  }
  headroom_w -= forecast.battery_w - std::min(forecast.battery_w, forecast.battery_sustained_w);
  for (std::size_t k = members.size(); k-- > 0;) {
    if (!plan.curtailed[k]) continue;
    const double returns_w = members[k].it_saving_w * forecast.pue;
    if (returns_w > headroom_w) break;  // the last curtailed returns first: later ones wait for it
    plan.curtailed[k] = false;
    headroom_w -= returns_w;
  }
  return plan;
}

}  // namespace terawatt
