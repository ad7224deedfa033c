#include "sim/simulate/site_supply.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace terawatt {

std::vector<std::optional<SiteSupplyOperator>> make_supply_operators(const Scenario& scenario) {
  std::vector<std::optional<SiteSupplyOperator>> operators(scenario.sites.size());
  for (std::size_t s = 0; s < scenario.sites.size(); ++s) {
    const SiteSupply& supply = scenario.sites[s].supply;
    if (!supply.any()) continue;
    SiteSupplyConfig config;
    config.pv_power_w = supply.pv ? &supply.pv_power_w : nullptr;
    config.battery = supply.battery;
    config.policy = supply.policy;
    config.signal_is_price = supply.policy_name == "price";
    config.connection = supply.connection ? &*supply.connection : nullptr;
    operators[s].emplace(config);
  }
  return operators;
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

SiteSupplyTotals site_totals(const std::string& site, const SupplyAccumulator& sums,
                             const std::optional<SiteSupplyOperator>& op) {
  SiteSupplyTotals totals;
  totals.site = site;
  totals.sums = sums;
  totals.peak_import_w = 0.0;
  totals.energy_cost = totals.demand_cost = totals.export_revenue = totals.battery_cycles = nan;
  if (op && op->bill()) {
    totals.energy_cost = op->bill()->energy_cost();
    totals.demand_cost = op->bill()->demand_cost();
    totals.export_revenue = op->bill()->export_revenue();
    totals.peak_import_w = op->bill()->peak_import_w();
  }
  if (op && op->battery()) totals.battery_cycles = op->battery()->equivalent_full_cycles();
  return totals;
}

// Accelerator-hours of flexible workloads at the site curtailed within [t0, t1] (simulated seconds).
double curtailed_accelerator_hours(const Scenario& scenario, const RunReport& report, std::size_t site, double t0_s,
                                   double t1_s) {
  std::map<std::string, std::size_t> site_of_cluster;
  for (const Cluster& cluster : scenario.clusters) site_of_cluster.emplace(cluster.name, cluster.site_index);
  double hours = 0.0;
  for (const WorkloadTotals& w : report.workloads) {
    if (!w.flexible || site_of_cluster.at(w.cluster) != site) continue;
    for (const WorkloadTotals::CurtailedSpan& span : w.curtailed_spans) {
      const double overlap_s = std::min(span.end_s, t1_s) - std::max(span.start_s, t0_s);
      if (overlap_s > 0.0) hours += span.accelerators * overlap_s / 3600.0;
    }
  }
  return hours;
}

}  // namespace

void add_supply_report(const Scenario& scenario, const Sampler& sampler,
                       const std::vector<std::optional<SiteSupplyOperator>>& operators,
                       const SiteController& controller, RunReport& report) {
  if (sampler.supply_totals().empty()) return;
  for (std::size_t s = 0; s < scenario.sites.size(); ++s) {
    SiteSupplyTotals totals = site_totals(scenario.sites[s].name, sampler.supply_totals()[s], operators[s]);
    totals.shortfall_intervals = static_cast<double>(controller.shortfall_intervals(s));
    totals.max_shortfall_w = controller.max_shortfall_w(s);
    if (!operators[s] || !operators[s]->bill()) totals.peak_import_w = nan;
    const SiteSupply& supply = scenario.sites[s].supply;
    totals.has_supply = supply.any();
    totals.has_pv = supply.pv.has_value();
    totals.has_battery = supply.battery.has_value();
    totals.capacity_w = supply.connection ? supply.connection->capacity_w : std::numeric_limits<double>::infinity();
    totals.currency = supply.connection ? supply.connection->currency : "";
    report.supply.push_back(totals);
    if (!supply.connection || !operators[s]) continue;
    for (std::size_t k = 0; k < supply.connection->events.size(); ++k) {
      const DemandResponseEvent& event = supply.connection->events[k];
      const EventRecord& record = operators[s]->events()[k];
      EventReport e;
      e.name = scenario.sites[s].name + "/" + std::to_string(k);
      e.start_s = event.start_epoch_s - scenario.info.start_epoch_s;
      e.end_s = event.end_epoch_s - scenario.info.start_epoch_s;
      e.limit_w = record.duration_s > 0.0 ? record.limit_w : nan;
      e.baseline_w = record.duration_s > 0.0 ? record.baseline_w : nan;
      e.duration_s = record.duration_s;
      e.import_j = record.import_j;
      e.peak_import_w = record.peak_import_w;
      e.excess_j = record.excess_j;
      e.curtailed_accelerator_hours = curtailed_accelerator_hours(scenario, report, s, e.start_s, e.end_s);
      const auto& latency = sampler.event_latency();
      const bool served = s < latency.size() && k < latency[s].size();
      static const Sampler::EventLatency none;  // two histograms: read in place, not copied
      const Sampler::EventLatency& sums = served ? latency[s][k] : none;
      e.service_latency_s = sums.during_served > 0.0 ? sums.during_latency_x_served / sums.during_served : nan;
      e.service_latency_before_s = sums.before_served > 0.0 ? sums.before_latency_x_served / sums.before_served : nan;
      const bool during_resolved = sums.during_resolved && sums.during.count() > 0.0;
      const bool before_resolved = sums.before_resolved && sums.before.count() > 0.0;
      e.service_latency_p50_s = during_resolved ? sums.during.quantile_s(0.5) : nan;
      e.service_latency_p99_s = during_resolved ? sums.during.quantile_s(0.99) : nan;
      e.service_latency_p50_before_s = before_resolved ? sums.before.quantile_s(0.5) : nan;
      e.service_latency_p99_before_s = before_resolved ? sums.before.quantile_s(0.99) : nan;
      report.events.push_back(e);
    }
  }
}

}  // namespace terawatt
