#include "sim/engine/workloads/flexible_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace terawatt {

FlexibleService::FlexibleService(const ServiceFlexibility& flex, std::int64_t accelerators_per_replica,
                                 const WorkloadMeter& meter, SiteController& controller,
                                 std::function<std::size_t()> serving, bool shed_whole)
    : flex_(flex),
      accelerators_per_replica_(accelerators_per_replica),
      meter_(meter),
      controller_(controller),
      serving_(std::move(serving)),
      shed_whole_(shed_whole) {}

double FlexibleService::it_saving_w() const {
  // Curtailed: what restoring would add back. Serving: the power of the replicas above the floor, in the share of the
  // serving replicas they are: their active power, or all of it when a scaled-down replica stops idling too.
  if (curtailed_) return std::max(0.0, power_before_w_ - meter_.it.power_w());
  const auto serving = static_cast<double>(serving_());
  const auto floor = static_cast<double>(flex_.floor_replicas);
  if (!(serving > floor)) return 0.0;
  const double it_w = meter_.it.power_w();
  const double shed_w = shed_whole_ ? it_w : std::max(0.0, it_w - meter_.reserved_idle.power_w());
  return shed_w * (serving - floor) / serving;
}

std::size_t FlexibleService::limit(std::size_t target, double now_s) {
  if (const std::optional<double> boundary_s = controller_.boundary_at(now_s)) {
    const bool curtail = controller_.curtailed(*this, *boundary_s);
    if (curtail && !curtailed_) {
      power_before_w_ = meter_.it.power_w();
      ++curtailments_;
      const auto shed = static_cast<double>(serving_()) - static_cast<double>(flex_.floor_replicas);
      spans_.push_back({now_s, std::numeric_limits<double>::quiet_NaN(),
                        std::max(0.0, shed) * static_cast<double>(accelerators_per_replica_)});
    } else if (!curtail && curtailed_) {
      spans_.back().end_s = now_s;
      curtailed_closed_s_ += now_s - spans_.back().start_s;
    }
    curtailed_ = curtail;
  }
  return curtailed_ ? std::min<std::size_t>(target, static_cast<std::size_t>(flex_.floor_replicas)) : target;
}

double FlexibleService::curtailed_s(double now_s) const {
  return curtailed_closed_s_ + (curtailed_ && !spans_.empty() ? now_s - spans_.back().start_s : 0.0);
}

}  // namespace terawatt
