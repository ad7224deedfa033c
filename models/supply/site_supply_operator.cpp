#include "models/supply/site_supply_operator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace terawatt {
namespace {
// The baseline of a reduction event: the mean import over this long before it starts.
constexpr double baseline_window_s = 3600.0;
constexpr double unlimited = std::numeric_limits<double>::infinity();
}  // namespace

SiteSupplyOperator::SiteSupplyOperator(const SiteSupplyConfig& config) : config_(config) {
  if (config.battery) battery_.emplace(*config.battery);
  if (config.connection) {
    bill_.emplace(*config.connection);
    events_.resize(config.connection->events.size());
    event_fixed_.assign(config.connection->events.size(), false);
  }
}

std::optional<std::size_t> SiteSupplyOperator::event_index(double t0_epoch_s, double t1_epoch_s) const {
  if (!config_.connection) return std::nullopt;
  const DemandResponseEvent* event = event_during(*config_.connection, t0_epoch_s, t1_epoch_s);
  if (!event) return std::nullopt;
  return static_cast<std::size_t>(event - config_.connection->events.data());
}

double SiteSupplyOperator::baseline_w(double event_start_epoch_s, double forecast_import_w) const {
  double import_j = 0.0;
  double span_s = 0.0;
  for (const Settled& s : recent_) {
    const double t0 = std::max(s.t0_epoch_s, event_start_epoch_s - baseline_window_s);
    const double t1 = std::min(s.t1_epoch_s, event_start_epoch_s);
    if (!(t1 > t0)) continue;
    const double share = (t1 - t0) / (s.t1_epoch_s - s.t0_epoch_s);
    import_j += s.import_j * share;
    span_s += t1 - t0;
  }
  return span_s > 0.0 ? import_j / span_s : forecast_import_w;
}

double SiteSupplyOperator::import_limit_w(double t0_epoch_s, double t1_epoch_s, double forecast_import_w) {
  if (!config_.connection) return unlimited;
  double limit_w = config_.connection->capacity_w;
  if (const auto k = event_index(t0_epoch_s, t1_epoch_s)) {
    const DemandResponseEvent& event = config_.connection->events[*k];
    EventRecord& record = events_[*k];
    if (!event_fixed_[*k]) {
      record.baseline_w = baseline_w(event.start_epoch_s, forecast_import_w);
      record.limit_w = event.limit_given_baseline_w(record.baseline_w);
      event_fixed_[*k] = true;
    }
    limit_w = std::min(limit_w, record.limit_w);
  }
  return limit_w;
}

double SiteSupplyOperator::export_limit_w() const {
  if (!config_.connection) return unlimited;
  return config_.connection->export_allowed ? config_.connection->capacity_w : 0.0;
}

double SiteSupplyOperator::pv_mean_w(double t0_epoch_s, double t1_epoch_s) const {
  return config_.pv_power_w ? config_.pv_power_w->mean(t0_epoch_s, t1_epoch_s) : 0.0;
}

double SiteSupplyOperator::battery_available_w(double duration_s) const {
  return battery_ ? battery_->max_discharge_w(duration_s) : 0.0;
}

SupplyFlows SiteSupplyOperator::settle(double t0_epoch_s, double t1_epoch_s, double facility_j,
                                       double intensity_kg_per_j) {
  const double duration_s = t1_epoch_s - t0_epoch_s;
  SupplyInputs in;
  in.load_w = facility_j / duration_s;
  in.pv_w = pv_mean_w(t0_epoch_s, t1_epoch_s);
  in.import_limit_w = import_limit_w(t0_epoch_s, t1_epoch_s, std::max(0.0, in.load_w - in.pv_w));
  in.export_limit_w = export_limit_w();
  const double price_per_j =
      config_.connection ? config_.connection->energy_price_per_j.mean(t0_epoch_s, t1_epoch_s) : 0.0;
  in.signal = config_.signal_is_price ? price_per_j : intensity_kg_per_j;
  const SupplyFlows flows = dispatch_interval(config_.policy, in, battery_ ? &*battery_ : nullptr, duration_s);
  const double import_j = flows.import_w * duration_s;
  if (bill_) bill_->add(t0_epoch_s, t1_epoch_s, import_j, flows.export_w * duration_s);
  if (const auto k = event_index(t0_epoch_s, t1_epoch_s)) {
    // The part of the interval inside the event; the interval's powers are its means.
    const DemandResponseEvent& event = config_.connection->events[*k];
    const double inside_s = std::min(t1_epoch_s, event.end_epoch_s) - std::max(t0_epoch_s, event.start_epoch_s);
    EventRecord& record = events_[*k];
    record.duration_s += inside_s;
    record.import_j += flows.import_w * inside_s;
    record.excess_j += flows.excess_w * inside_s;
    record.peak_import_w = std::max(record.peak_import_w, flows.import_w);
  }
  recent_.push_back({t0_epoch_s, t1_epoch_s, import_j});
  while (!recent_.empty() && recent_.front().t1_epoch_s < t1_epoch_s - baseline_window_s) recent_.pop_front();
  return flows;
}

}  // namespace terawatt
