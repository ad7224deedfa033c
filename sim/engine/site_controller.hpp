#pragma once
// The site controller: before each control interval (the sample interval) it decides which flexible workloads of a
// site to curtail so that the site's grid import stays within its connection's limit, demand-response events
// included (models/supply/flex_controller.hpp). Flexible work asks it at the interval's start; the first ask of an
// interval settles the supply up to then (the battery's state is the one it has now), forecasts the interval and makes
// the site's plan, which every later ask of the same interval reads. It records when no curtailment could meet the
// limit.
//
// The forecast: the site's IT power now through the facility model in the interval's weather; the interval's PV from
// its series; what the battery can give over the interval; the limit, with the baseline of a reduction event fixed at
// the event's first interval.

#include "models/supply/site_supply_operator.hpp"
#include "sim/engine/platform.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace terawatt {

// A workload the controller may curtail.
class FlexibleWork {
 public:
  virtual ~FlexibleWork() = default;
  // IT power curtailing frees now (0 when it cannot be curtailed now); while curtailed, what restoring would add.
  virtual double it_saving_w() const = 0;
  virtual bool curtailed() const = 0;
  // Whether it holds servers with work left: the controller plans only for active members.
  virtual bool active() const = 0;
  // Its IT power now, and what it will draw over the interval as it is (a job between two compute phases draws less
  // for a minute than it will for the rest): the controller's forecast uses the second.
  virtual double it_now_w() const = 0;
  virtual double it_steady_w() const { return it_now_w(); }
};

class SiteController {
 public:
  // `supply[s]` is site s's operator, or empty for a site without supply; `settle_until` closes the sampler's interval
  // at a time (the sampler settles each interval's supply).
  SiteController(const Scenario& scenario, const Platform& platform,
                 std::vector<std::optional<SiteSupplyOperator>>& supply, std::function<void(double)> settle_until);

  // Members are asked in order of enrolment within a priority; enrol before the simulation starts.
  void enrol(std::size_t site, FlexibleWork& member, std::size_t priority);
  // The first control boundary after `now_s`; the boundary `now_s` is on, if it is on one.
  double next_boundary_s(double now_s) const;
  std::optional<double> boundary_at(double now_s) const;
  double interval_s() const { return interval_s_; }  // between boundaries: the scenario's sample interval
  // Whether `member` is to be curtailed over the control interval that starts at `boundary_s`.
  bool curtailed(const FlexibleWork& member, double boundary_s);
  // The same for a member whose compute starts at `now_s`, within an interval already planned without its load: the
  // site's plan is made again for the rest of the interval, from the power drawn now, for this member alone (the
  // others act at boundaries). The battery is taken as it was at the interval's start (the supply is settled at
  // boundaries only).
  bool curtailed_at_start(const FlexibleWork& member, double now_s);

  // Control intervals at which the limit could not be met by curtailment, and the largest shortfall, per site.
  std::int64_t shortfall_intervals(std::size_t site) const { return sites_[site].shortfall_intervals; }
  double max_shortfall_w(std::size_t site) const { return sites_[site].max_shortfall_w; }

 private:
  struct Member {
    FlexibleWork* work;
    std::size_t priority;
    bool curtailed = false;
  };
  struct SiteState {
    std::vector<Member> members;
    std::int64_t decided_boundary = -1;
    std::int64_t shortfall_intervals = 0;
    double max_shortfall_w = 0.0;
  };
  // The site's plan for [from_s, to_s]; `settle`: the interval starts at a boundary, up to which the supply is settled.
  // With `only`, that member alone may change (the others act at boundaries only).
  void decide(std::size_t site, double from_s, double to_s, bool settle, const FlexibleWork* only);
  SiteState& site_of(const FlexibleWork& member, std::size_t& site);
  static Member& member_of(SiteState& state, const FlexibleWork& member);
  double site_it_power_w(std::size_t site) const;

  const Scenario& scenario_;
  const Platform& platform_;
  std::vector<std::optional<SiteSupplyOperator>>& supply_;
  std::function<void(double)> settle_until_;
  double interval_s_;
  std::vector<SiteState> sites_;
};

}  // namespace terawatt
