#include "sim/engine/site_controller.hpp"

#include "models/supply/flex_controller.hpp"
#include "sim/engine/log_category.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_site_controller, terawatt, "the site controller: curtailment plans");

namespace terawatt {
namespace {
// How long the battery must be able to carry a restored member (models/supply/flex_controller.hpp).
constexpr double sustained_battery_s = 3600.0;
}  // namespace

SiteController::SiteController(const Scenario& scenario, const Platform& platform,
                               std::vector<std::optional<SiteSupplyOperator>>& supply,
                               std::function<void(double)> settle_until)
    : scenario_(scenario),
      platform_(platform),
      supply_(supply),
      settle_until_(std::move(settle_until)),
      interval_s_(scenario.info.sample_interval_s),
      sites_(scenario.sites.size()) {}

void SiteController::enrol(std::size_t site, FlexibleWork& member, std::size_t priority) {
  std::vector<Member>& members = sites_.at(site).members;
  // Stable: equal priorities keep the order of enrolment (the scenario's).
  const auto at = std::upper_bound(members.begin(), members.end(), priority,
                                   [](std::size_t p, const Member& m) { return p < m.priority; });
  members.insert(at, Member{&member, priority});
}

double SiteController::next_boundary_s(double now_s) const {
  const double k = std::floor(now_s / interval_s_ + 1e-9) + 1.0;
  return k * interval_s_;
}

std::optional<double> SiteController::boundary_at(double now_s) const {
  const double k = std::round(now_s / interval_s_);
  if (std::abs(now_s / interval_s_ - k) > 1e-9 * std::max(1.0, k)) return std::nullopt;
  return k * interval_s_;
}

double SiteController::site_it_power_w(std::size_t site) const {
  double it_w = 0.0;
  for (std::size_t c = 0; c < scenario_.clusters.size(); ++c) {
    if (scenario_.clusters[c].site_index == site) it_w += platform_.clusters[c].meter.it.power_w();
  }
  return it_w;
}

void SiteController::decide(std::size_t site, double from_s, double to_s, bool settle, const FlexibleWork* only) {
  SiteState& state = sites_[site];
  // The run's horizon ends the last interval, as it ends the sampler's.
  if (scenario_.info.duration_s) to_s = std::min(to_s, *scenario_.info.duration_s);
  if (!(to_s > from_s)) return;
  if (settle) settle_until_(from_s);
  platform_.settle_deferred(from_s);  // the power of workloads with an event loop of their own, up to now
  const Site& s = scenario_.sites[site];
  const double t0 = scenario_.info.start_epoch_s + from_s;
  const double t1 = scenario_.info.start_epoch_s + to_s;
  double it_w = site_it_power_w(site);
  for (const Member& m : state.members) {
    if (m.work->active()) it_w += m.work->it_steady_w() - m.work->it_now_w();
  }
  FlexForecast forecast;
  if (it_w > 0.0) {
    const SiteInterval interval = evaluate_site_interval(s.environment, t0, t1, it_w * (to_s - from_s));
    forecast.facility_w = interval.facility_j / (to_s - from_s);
    forecast.pue = interval.pue();
  }
  const std::optional<SiteSupplyOperator>& supply = supply_[site];
  if (supply) {
    forecast.pv_w = supply->pv_mean_w(t0, t1);
    forecast.battery_w = supply->battery_available_w(interval_s_);
    forecast.battery_sustained_w = supply->battery_available_w(sustained_battery_s);
    forecast.import_limit_w = supply_[site]->import_limit_w(t0, t1, std::max(0.0, forecast.facility_w - forecast.pv_w));
  } else {
    forecast.import_limit_w = std::numeric_limits<double>::infinity();
  }
  // A site whose connection bars curtailment only reports what it would have lacked.
  const bool may_curtail = !s.supply.connection || s.supply.connection->curtail_flexible_work;
  std::vector<FlexMember> members;
  members.reserve(state.members.size());
  // A saving can cost a look at every host of a service (InferenceRun::it_power_at_floor_w): it is asked of a member
  // that is not curtailed only when the site is short.
  const bool short_of_limit = forecast_headroom_w(forecast) < 0.0;
  for (Member& m : state.members) {
    m.curtailed = m.curtailed && m.work->active();  // a job that ended under a cap is no longer curtailed
    // Within an interval only the member that asks can still act: the others keep what they were told.
    const bool may_act =
        may_curtail && m.work->active() && (!only || m.work == only) && (m.curtailed || short_of_limit);
    members.push_back({may_act ? m.work->it_saving_w() : 0.0, m.curtailed});
  }
  const FlexPlan plan = plan_curtailment(forecast, members);
  XBT_VERB(
      "site %s, %.0f s to %.0f s: facility %.0f W, PV %.0f W, battery %.0f W (sustained %.0f W), limit %.0f W, "
      "shortfall %.0f W",
      s.name.c_str(), from_s, to_s, forecast.facility_w, forecast.pv_w, forecast.battery_w,
      forecast.battery_sustained_w, forecast.import_limit_w, plan.shortfall_w);
  for (std::size_t i = 0; i < members.size(); ++i) {
    XBT_VERB("  member %zu: saving %.0f W, curtailed %d -> %d", i, members[i].it_saving_w,
             static_cast<int>(members[i].curtailed), static_cast<int>(plan.curtailed[i]));
  }
  for (std::size_t i = 0; i < state.members.size(); ++i) {
    if (!only || state.members[i].work == only) state.members[i].curtailed = plan.curtailed[i];
  }
  if (plan.shortfall_w > 0.0) {
    ++state.shortfall_intervals;
    state.max_shortfall_w = std::max(state.max_shortfall_w, plan.shortfall_w);
  }
}

SiteController::SiteState& SiteController::site_of(const FlexibleWork& member, std::size_t& site) {
  for (site = 0; site < sites_.size(); ++site) {
    for (const Member& m : sites_[site].members) {
      if (m.work == &member) return sites_[site];
    }
  }
  throw std::logic_error("site controller: asked about a workload it does not control");
}

SiteController::Member& SiteController::member_of(SiteState& state, const FlexibleWork& member) {
  return *std::find_if(state.members.begin(), state.members.end(),
                       [&member](const Member& m) { return m.work == &member; });
}

bool SiteController::curtailed(const FlexibleWork& member, double boundary_s) {
  std::size_t site = 0;
  SiteState& state = site_of(member, site);
  const auto boundary = static_cast<std::int64_t>(std::llround(boundary_s / interval_s_));
  if (boundary != state.decided_boundary) {
    decide(site, boundary_s, boundary_s + interval_s_, true, nullptr);
    state.decided_boundary = boundary;
  }
  return member_of(state, member).curtailed;
}

bool SiteController::curtailed_at_start(const FlexibleWork& member, double now_s) {
  std::size_t site = 0;
  SiteState& state = site_of(member, site);
  const double end_s = next_boundary_s(now_s);
  if (end_s - now_s > 1e-9 * interval_s_) decide(site, now_s, end_s, false, &member);
  return member_of(state, member).curtailed;
}

}  // namespace terawatt
