#include "models/supply/grid_connection.hpp"

#include "models/base/step_series.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {

double DemandResponseEvent::limit_given_baseline_w(double baseline_w) const {
  if (limit_w) return *limit_w;
  if (reduction_w) return std::max(0.0, baseline_w - *reduction_w);
  return std::max(0.0, baseline_w * (1.0 - reduction_fraction.value_or(0.0)));
}

std::string events_problem(const std::vector<DemandResponseEvent>& events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const DemandResponseEvent& e = events[i];
    const std::string at = "events[" + std::to_string(i) + "]: ";
    if (!(e.end_epoch_s > e.start_epoch_s)) return at + "end must come after start";
    const int asks = (e.limit_w ? 1 : 0) + (e.reduction_w ? 1 : 0) + (e.reduction_fraction ? 1 : 0);
    if (asks != 1) return at + "give exactly one of limit and reduction";
    if (e.limit_w && !(*e.limit_w >= 0.0 && std::isfinite(*e.limit_w))) return at + "limit must be >= 0 W";
    if (e.reduction_w && !(*e.reduction_w > 0.0 && std::isfinite(*e.reduction_w)))
      return at + "reduction must be positive";
    if (e.reduction_fraction && !(*e.reduction_fraction > 0.0 && *e.reduction_fraction <= 1.0))
      return at + "reduction must be in (0 %, 100 %]";
    if (i > 0 && e.start_epoch_s < events[i - 1].end_epoch_s)
      return at + "starts before events[" + std::to_string(i - 1) + "] ends (events must be in order, not overlapping)";
  }
  return {};
}

const DemandResponseEvent* event_during(const GridConnection& connection, double t0_epoch_s, double t1_epoch_s) {
  // Events are in order: the first that ends after t0 is the only candidate.
  const auto it = std::upper_bound(connection.events.begin(), connection.events.end(), t0_epoch_s,
                                   [](double t, const DemandResponseEvent& e) { return t < e.end_epoch_s; });
  if (it == connection.events.end() || !(it->start_epoch_s < t1_epoch_s)) return nullptr;
  return &*it;
}

void GridBill::add(double t0_epoch_s, double t1_epoch_s, double import_j, double export_j) {
  const double duration_s = t1_epoch_s - t0_epoch_s;
  last_price_per_j_ = connection_->energy_price_per_j.mean(t0_epoch_s, t1_epoch_s);
  energy_cost_ += import_j * last_price_per_j_;
  export_revenue_ += export_j * connection_->export_price_per_j;
  const double import_w = import_j / duration_s;
  peak_import_w_ = std::max(peak_import_w_, import_w);
  // The interval belongs to the month it starts in.
  const UtcCalendarTime month = utc_calendar(t0_epoch_s);
  double& peak_w = month_peak_w_[month.year * 12 + month.month - 1];
  peak_w = std::max(peak_w, import_w);
}

double GridBill::demand_cost() const {
  double cost = 0.0;
  for (const auto& entry : month_peak_w_) cost += entry.second * connection_->demand_charge_per_w;
  return cost;
}

}  // namespace terawatt
