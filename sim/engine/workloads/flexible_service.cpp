#include "sim/engine/workloads/flexible_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace terawatt {

FlexibleService::FlexibleService(const ServiceFlexibility& flex, std::int64_t accelerators_per_replica,
                                 const WorkloadMeter& meter, SiteController& controller,
                                 std::function<std::size_t()> serving, std::function<double(std::size_t)> it_at_floor,
                                 double lag_s)
    : flex_(flex),
      accelerators_per_replica_(accelerators_per_replica),
      meter_(meter),
      controller_(controller),
      serving_(std::move(serving)),
      it_at_floor_(std::move(it_at_floor)),
      lag_s_(lag_s) {}

double FlexibleService::it_saving_w() const {
  // Curtailed: what restoring would add back. Serving: what it draws now less the most it would draw at its floor,
  // where the replicas kept take the others' demand (a saving that holds however busy they become), over the part of
  // the controller's interval after the lag.
  if (curtailed_) return std::max(0.0, power_before_w_ - meter_.it.power_w());
  const auto floor = static_cast<std::size_t>(flex_.floor_replicas);
  if (serving_() <= floor) return 0.0;
  const double saving_w = std::max(0.0, meter_.it.power_w() - it_at_floor_(floor));
  return saving_w * std::max(0.0, 1.0 - lag_s_ / controller_.interval_s());
}

std::size_t FlexibleService::limit(std::size_t target, double now_s) {
  if (const std::optional<double> boundary_s = controller_.boundary_at(now_s)) {
    const bool curtail = controller_.curtailed(*this, *boundary_s);
    if (curtail && !curtailed_) {
      power_before_w_ = meter_.it.power_w();
      ++curtailments_;
      const auto shed = static_cast<double>(serving_()) - static_cast<double>(flex_.floor_replicas);
      spans_.push_back({now_s + lag_s_, std::numeric_limits<double>::quiet_NaN(),
                        std::max(0.0, shed) * static_cast<double>(accelerators_per_replica_)});
    } else if (!curtail && curtailed_) {
      spans_.back().end_s = std::max(spans_.back().start_s, now_s + lag_s_);
    }
    curtailed_ = curtail;
  }
  return curtailed_ ? std::min<std::size_t>(target, static_cast<std::size_t>(flex_.floor_replicas)) : target;
}

double FlexibleService::curtailed_s(double now_s) const {
  double curtailed_s = 0.0;
  for (const Span& span : spans_) {
    const double end_s = span.end_s == span.end_s ? std::min(span.end_s, now_s) : now_s;
    curtailed_s += std::max(0.0, end_s - span.start_s);
  }
  return curtailed_s;
}

}  // namespace terawatt
