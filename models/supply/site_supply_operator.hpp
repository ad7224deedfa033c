#pragma once
// One site's supply over a run, interval by interval: its PV output, its battery and dispatch policy, its grid
// connection's limit (demand-response events included), the bill, and a record of each event. The sampler settles
// every interval after the fact on the interval's facility energy; the site controller asks it beforehand what the
// interval will allow (limit, PV, battery). Both ask for the same interval's limit, which is fixed at the first ask,
// so that they agree.
//
// An event that asks for a reduction takes as its baseline the mean import over the hour before it starts, from the
// intervals settled by then; an event at the very start of the run, with no hour before it, takes the first
// forecast's import instead (the facility power less PV that the controller expects).

#include "models/base/step_series.hpp"
#include "models/supply/battery.hpp"
#include "models/supply/grid_connection.hpp"
#include "models/supply/site_dispatch.hpp"

#include <deque>
#include <optional>
#include <vector>

namespace terawatt {

// What a site has: any part may be absent (no PV: a null series; no battery; no connection: unlimited, unpriced).
struct SiteSupplyConfig {
  const StepSeries* pv_power_w = nullptr;
  std::optional<BatteryParams> battery;
  DispatchPolicy policy;
  bool signal_is_price = false;  // the signal policy follows the price, else the carbon intensity
  const GridConnection* connection = nullptr;
};

// One demand-response event as it happened.
struct EventRecord {
  double limit_w = 0.0;     // the import asked for
  double baseline_w = 0.0;  // the mean import of the hour before (a limit event's too, to report what it delivered)
  double duration_s = 0.0;  // settled so far
  double import_j = 0.0;
  double peak_import_w = 0.0;
  double excess_j = 0.0;  // import above the limit
};

class SiteSupplyOperator {
 public:
  explicit SiteSupplyOperator(const SiteSupplyConfig& config);

  // The import limit over [t0, t1]: the connection's capacity, and the event that overlaps the interval if any.
  // `forecast_import_w` stands in for a baseline that has no history.
  double import_limit_w(double t0_epoch_s, double t1_epoch_s, double forecast_import_w);
  double export_limit_w() const;
  double pv_mean_w(double t0_epoch_s, double t1_epoch_s) const;
  // What the battery could deliver, held over the interval; 0 without one.
  double battery_available_w(double duration_s) const;

  // The interval's dispatch on its facility energy; `intensity` is the interval's mean carbon intensity, the signal of
  // a carbon policy (a price policy reads the connection's price). Moves the battery, the bill and the event records.
  SupplyFlows settle(double t0_epoch_s, double t1_epoch_s, double facility_j, double intensity_kg_per_j);

  const std::optional<Battery>& battery() const { return battery_; }
  const std::optional<GridBill>& bill() const { return bill_; }
  const std::vector<EventRecord>& events() const { return events_; }
  // Index of the event that overlaps [t0, t1], if any.
  std::optional<std::size_t> event_index(double t0_epoch_s, double t1_epoch_s) const;

 private:
  double baseline_w(double event_start_epoch_s, double forecast_import_w) const;

  SiteSupplyConfig config_;
  std::optional<Battery> battery_;
  std::optional<GridBill> bill_;
  std::vector<EventRecord> events_;
  std::vector<bool> event_fixed_;
  // Settled intervals of the last hour: start, end, import energy.
  struct Settled {
    double t0_epoch_s, t1_epoch_s, import_j;
  };
  std::deque<Settled> recent_;
};

}  // namespace terawatt
