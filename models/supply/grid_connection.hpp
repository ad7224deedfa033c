#pragma once
// A site's connection to the grid: its capacity (an import limit, and the export limit unless export is barred),
// demand-response events that lower the limit for a while, and what electricity costs: an energy price (constant or
// hourly), a price paid for exports, and a demand charge on each calendar month's peak import.
//
// A demand-response event asks either for a limit on the import (W) or for a reduction below a baseline; the
// baseline is the site's mean import over the hour before the event starts (the engine measures it), a simple form
// of the "recent load" baselines of utility programmes. Events may not overlap.
//
// The demand charge is levied on the highest interval-mean import of each UTC calendar month, at the run's sample
// interval: tariffs measure demand over 15 minutes (sometimes 30 or 60), so a run sampled every 15 minutes bills as
// they do, and a coarser sample smooths the peak and under-bills.

#include "models/base/time_varying.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

struct DemandResponseEvent {
  double start_epoch_s = 0.0;
  double end_epoch_s = 0.0;
  std::optional<double> limit_w;             // the import asked for; or
  std::optional<double> reduction_w;         // the reduction below the baseline, as power; or
  std::optional<double> reduction_fraction;  // as a fraction of the baseline
  // The import limit the event asks for, given the baseline.
  double limit_given_baseline_w(double baseline_w) const;
};

struct GridConnection {
  double capacity_w = std::numeric_limits<double>::infinity();
  bool export_allowed = true;
  bool curtail_flexible_work = true;        // false: the site controller only reports, for a run without flexibility
  std::vector<DemandResponseEvent> events;  // in time order, not overlapping
  TimeVarying energy_price_per_j{0.0};      // currency per joule imported
  double export_price_per_j = 0.0;          // currency per joule exported
  double demand_charge_per_w = 0.0;         // currency per watt of each month's peak import
  std::string currency = "USD";
};

// Empty when the events are in order, each ends after it starts and asks for exactly one thing with a sensible
// value; otherwise "events[i]: problem".
std::string events_problem(const std::vector<DemandResponseEvent>& events);

// The event that overlaps [t0, t1), the first if several; nullptr if none.
const DemandResponseEvent* event_during(const GridConnection& connection, double t0_epoch_s, double t1_epoch_s);

// Running bill of one site: energy cost, export revenue, and the demand charge on each month's peak.
class GridBill {
 public:
  explicit GridBill(const GridConnection& connection) : connection_(&connection) {}
  // One interval [t0, t1] with its energies imported and exported (the demand charge is billed by month).
  void add(double t0_epoch_s, double t1_epoch_s, double import_j, double export_j);
  double energy_cost() const { return energy_cost_; }
  double export_revenue() const { return export_revenue_; }
  double demand_cost() const;  // the months' peaks times the charge
  double total_cost() const { return energy_cost_ - export_revenue_ + demand_cost(); }
  double peak_import_w() const { return peak_import_w_; }
  // Interval-mean energy price of the last interval added (currency per joule).
  double last_price_per_j() const { return last_price_per_j_; }

 private:
  const GridConnection* connection_;
  double energy_cost_ = 0.0;
  double export_revenue_ = 0.0;
  double peak_import_w_ = 0.0;
  double last_price_per_j_ = 0.0;
  std::map<std::int64_t, double> month_peak_w_;  // year * 12 + month - 1 -> peak interval-mean import
};

}  // namespace terawatt
