#pragma once
// An inference service as its site controller (sim/engine/site_controller.hpp) lets it serve. At every control step of
// the service that falls on a controller boundary it asks whether to be curtailed; while curtailed, at most its floor
// of replicas serve (the autoscaler's target is capped there) and the others scale down as the service's
// `scaled_down` says; the requests beyond the floor's capacity wait in the backlog, so the cost is their latency.
// A request-fidelity service plans a control interval ahead of the clock, so a decision at a boundary takes effect a
// lag later (the planned interval, then the longest request still running on a replica it sheds): its saving is
// offered to the controller as what it saves over the rest of the controller's interval, and its spans start and end
// when the lag has passed.

#include "sim/engine/power_accounting.hpp"
#include "sim/engine/site_controller.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace terawatt {

class FlexibleService : public FlexibleWork {
 public:
  // `serving` tells how many replicas serve now; `it_at_floor(n)` the IT power the service would draw with n of them
  // serving at a full batch and the others scaled down (InferenceRun::it_power_at_floor_w); `lag_s` how long after a
  // decision it takes effect (0 at batch and fluid fidelity).
  FlexibleService(const ServiceFlexibility& flex, std::int64_t accelerators_per_replica, const WorkloadMeter& meter,
                  SiteController& controller, std::function<std::size_t()> serving,
                  std::function<double(std::size_t)> it_at_floor, double lag_s);

  void open() { open_ = true; }
  // The replicas to serve at `now_s` for the autoscaler's `target`: the target, or the floor while curtailed.
  std::size_t limit(std::size_t target, double now_s);

  double it_saving_w() const override;
  bool curtailed() const override { return curtailed_; }
  bool active() const override { return open_; }
  double it_now_w() const override { return meter_.it.power_w(); }

  std::int64_t curtailments() const { return curtailments_; }
  double curtailed_s(double now_s) const;
  // The spans of each curtailment and the accelerators it took out of service at its start.
  struct Span {
    double start_s;
    double end_s;  // NaN while it lasts
    double accelerators;
  };
  const std::vector<Span>& spans() const { return spans_; }

 private:
  ServiceFlexibility flex_;
  std::int64_t accelerators_per_replica_;
  const WorkloadMeter& meter_;
  SiteController& controller_;
  std::function<std::size_t()> serving_;
  std::function<double(std::size_t)> it_at_floor_;
  double lag_s_;
  bool open_ = false;
  bool curtailed_ = false;
  double power_before_w_ = 0.0;
  std::int64_t curtailments_ = 0;
  std::vector<Span> spans_;
};

}  // namespace terawatt
