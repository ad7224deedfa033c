#include "sim/record/supply_columns.hpp"

#include "sim/record/summary_variable.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace terawatt {
namespace {

constexpr double j_per_mwh = 3.6e9;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

const std::vector<Column<SupplySample>>& supply_series_columns() {
  using S = SupplySample;
  static const std::vector<Column<S>> columns{
      {{"pv_power", "W", "PV power", "site", interval_mean("on-site photovoltaic output (AC), before any export")},
       [](const S& s) { return s.flows.pv_w; }},
      {{"pv_used_power", "W", "PV used on site", "site", interval_mean("PV power that went to the load or battery")},
       [](const S& s) { return s.flows.pv_used_w(); }},
      {{"battery_power", "W", "battery power", "site",
        interval_mean("on the site's bus: positive discharging, negative charging; 0 without a battery")},
       [](const S& s) { return s.flows.battery_w; }},
      {{"battery_soc", "1", "battery state of charge", "site",
        value_at_end("stored energy over usable capacity; NaN without a battery")},
       [](const S& s) { return s.soc; }},
      {{"grid_import_power", "W", "grid import", "site",
        interval_mean("facility power = grid import + PV used + battery power")},
       [](const S& s) { return s.flows.import_w; }},
      {{"grid_export_power", "W", "grid export", "site", interval_mean("PV exported to the grid")},
       [](const S& s) { return s.flows.export_w; }},
      {{"pv_curtailed_power", "W", "PV curtailed", "site",
        interval_mean("PV that neither the site, the battery nor the export limit could take")},
       [](const S& s) { return s.flows.curtailed_w; }},
      {{"import_limit", "W", "import limit", "site",
        interval_mean("the connection's capacity or a demand-response event's limit; NaN when unlimited")},
       [](const S& s) { return std::isfinite(s.flows.import_limit_w) ? s.flows.import_limit_w : nan; }},
      {{"import_excess_power", "W", "import above the limit", "site",
        interval_mean("what neither the battery nor flexible work kept under the limit")},
       [](const S& s) { return s.flows.excess_w; }},
      {{"electricity_price", "1/(MW h)", "electricity price", "site",
        interval_mean("energy price, currency (sites[].connection.currency) per MWh; NaN without a connection")},
       [](const S& s) { return s.price_per_j * j_per_mwh; }},
      {{"electricity_cost", "1", "electricity cost to date", "site",
        value_at_end("energy cost less export revenue since the start, in the connection's currency; the "
                     "monthly demand charge is in /summary")},
       [](const S& s) { return std::isnan(s.price_per_j) ? nan : s.total.cost; }},
  };
  return columns;
}

namespace {

void add_site_supply(const RunReport& report, std::vector<SummaryVariable>& vars) {
  const auto& s = report.supply;
  const auto sum = [&](double SupplyAccumulator::*field) {
    return column(s, [field](const SiteSupplyTotals& t) { return t.sums.*field; });
  };
  vars.push_back(with_comment({"pv_energy", "J", "PV energy", "site", sum(&SupplyAccumulator::pv_j)},
                              "on-site photovoltaic output (AC)"));
  vars.push_back(with_comment(
      {"pv_self_consumption", "1", "PV self-consumption", "site",
       column(s, [](const SiteSupplyTotals& t) { return t.sums.pv_j > 0.0 ? t.sums.pv_used_j / t.sums.pv_j : nan; })},
      "share of the PV energy used on site (load and battery)"));
  vars.push_back(with_comment({"grid_import_energy", "J", "grid import", "site", sum(&SupplyAccumulator::import_j)},
                              "energy drawn from the grid; emissions and water of electricity follow it"));
  vars.push_back({"grid_export_energy", "J", "grid export", "site", sum(&SupplyAccumulator::export_j)});
  vars.push_back({"pv_curtailed_energy", "J", "PV curtailed", "site", sum(&SupplyAccumulator::curtailed_j)});
  vars.push_back(
      {"battery_discharged_energy", "J", "battery discharge", "site", sum(&SupplyAccumulator::battery_discharge_j)});
  vars.push_back(
      with_comment({"battery_cycles", "1", "battery cycles", "site",
                    column(s, [](const SiteSupplyTotals& t) { return t.battery_cycles; })},
                   "equivalent full cycles: discharged energy over the usable window; NaN without a battery"));
  vars.push_back(with_comment(
      {"peak_import", "W", "peak import", "site", column(s, [](const SiteSupplyTotals& t) { return t.peak_import_w; })},
      "the highest sample-interval mean grid import"));
  vars.push_back(
      with_comment({"import_excess_energy", "J", "import above the limit", "site", sum(&SupplyAccumulator::excess_j)},
                   "0 when the limit held in every interval"));
  vars.push_back(
      with_comment({"limit_shortfall_intervals", "1", "intervals short of the limit", "site",
                    column(s, [](const SiteSupplyTotals& t) { return t.shortfall_intervals; })},
                   "control intervals in which curtailing every flexible workload could not meet the limit"));
  vars.push_back(with_comment(
      {"energy_cost", "1", "energy cost", "site", column(s, [](const SiteSupplyTotals& t) { return t.energy_cost; })},
      "imported energy x price, in the connection's currency; NaN without a connection"));
  vars.push_back(with_comment(
      {"demand_cost", "1", "demand charge", "site", column(s, [](const SiteSupplyTotals& t) { return t.demand_cost; })},
      "each calendar month's peak import x the demand charge"));
  vars.push_back({"export_revenue", "1", "export revenue", "site",
                  column(s, [](const SiteSupplyTotals& t) { return t.export_revenue; })});
  vars.push_back(with_comment(
      {"electricity_cost", "1", "electricity cost", "site",
       column(s, [](const SiteSupplyTotals& t) { return t.energy_cost + t.demand_cost - t.export_revenue; })},
      "energy cost + demand charge - export revenue"));
  vars.push_back(with_comment({"emissions_without_supply", "kg", "emissions without on-site supply", "site",
                               sum(&SupplyAccumulator::emissions_without_supply_kg)},
                              "location-based CO2e had the site drawn all its facility energy from the grid"));
}

void add_events(const RunReport& report, std::vector<LabelDimension>& dims, std::vector<SummaryVariable>& vars) {
  std::vector<std::string> names;
  for (const EventReport& e : report.events) names.push_back(e.name);
  dims.push_back({"event", names, "demand-response event"});
  const auto& ev = report.events;
  const auto field = [&](double EventReport::*f) { return column(ev, [f](const EventReport& e) { return e.*f; }); };
  vars.push_back({"event_start", "s", "event start", "event", field(&EventReport::start_s)});
  vars.push_back({"event_end", "s", "event end", "event", field(&EventReport::end_s)});
  vars.push_back(with_comment({"event_limit", "W", "import asked", "event", field(&EventReport::limit_w)},
                              "the import limit the event asked for"));
  vars.push_back(with_comment({"event_baseline", "W", "baseline import", "event", field(&EventReport::baseline_w)},
                              "mean grid import over the hour before the event"));
  vars.push_back(with_comment(
      {"event_mean_import", "W", "mean import in the event", "event",
       column(ev, [](const EventReport& e) { return e.duration_s > 0.0 ? e.import_j / e.duration_s : nan; })},
      "mean grid import over the part of the event the run covered"));
  vars.push_back(with_comment({"event_delivered", "W", "reduction delivered", "event",
                               column(ev,
                                      [](const EventReport& e) {
                                        return e.duration_s > 0.0 ? e.baseline_w - e.import_j / e.duration_s : nan;
                                      })},
                              "baseline less the mean import during the event"));
  vars.push_back({"event_peak_import", "W", "peak import in the event", "event", field(&EventReport::peak_import_w)});
  vars.push_back(with_comment(
      {"event_excess_energy", "J", "import above the event's limit", "event", field(&EventReport::excess_j)},
      "0 when the site met the event"));
  vars.push_back(with_comment(
      {"event_service_latency", "s", "service latency in the event", "event", field(&EventReport::service_latency_s)},
      "served-weighted mean latency of the site's inference services over the intervals "
      "that overlap the event; NaN without services"));
  vars.push_back(with_comment({"event_service_latency_before", "s", "service latency before the event", "event",
                               field(&EventReport::service_latency_before_s)},
                              "the same over the hour before the event"));
  const char* resolved =
      "of the requests the site's services completed in those intervals; NaN unless every "
      "service that served runs at request fidelity";
  vars.push_back(with_comment({"event_service_latency_p50", "s", "median service latency in the event", "event",
                               field(&EventReport::service_latency_p50_s)},
                              std::string("median latency ") + resolved));
  vars.push_back(with_comment({"event_service_latency_p99", "s", "99th percentile service latency in the event",
                               "event", field(&EventReport::service_latency_p99_s)},
                              std::string("99th percentile latency ") + resolved));
  vars.push_back(with_comment({"event_service_latency_p50_before", "s", "median service latency before the event",
                               "event", field(&EventReport::service_latency_p50_before_s)},
                              "the same over the hour before the event"));
  vars.push_back(
      with_comment({"event_service_latency_p99_before", "s", "99th percentile service latency before the event",
                    "event", field(&EventReport::service_latency_p99_before_s)},
                   "the same over the hour before the event"));
  vars.push_back(with_comment({"event_curtailed_accelerator_hours", "h", "curtailed accelerator-hours", "event",
                               field(&EventReport::curtailed_accelerator_hours)},
                              "accelerators of flexible work paused, capped or scaled down during the event, times the "
                              "hours"));
}

// What curtailment cost each flexible training job; NaN for the other workloads.
void add_flexible_work(const RunReport& report, std::vector<SummaryVariable>& vars) {
  const auto field = [&](double WorkloadTotals::*f) {
    return column(report.workloads, [f](const WorkloadTotals& w) { return w.flexible ? w.*f : nan; });
  };
  vars.push_back(with_comment({"curtailments", "1", "curtailments", "workload", field(&WorkloadTotals::curtailments)},
                              "times the site controller paused or capped the job; NaN for a workload without "
                              "flexibility"));
  vars.push_back(with_comment(
      {"curtailment_delay", "s", "curtailment delay", "workload", field(&WorkloadTotals::curtailment_delay_s)},
      "compute time curtailment cost: pauses whole (write, idle, restart), capped time times the "
      "speed it lost"));
  vars.push_back(with_comment({"paused_time", "s", "paused time", "workload", field(&WorkloadTotals::paused_s)},
                              "time paused with idle servers, without the checkpoint writes and restarts"));
  vars.push_back(with_comment({"capped_time", "s", "capped time", "workload", field(&WorkloadTotals::capped_s)},
                              "time under the curtailed power cap; for a service, time at its floor of replicas"));
  vars.push_back(with_comment(
      {"curtailment_overhead", "s", "curtailment overhead", "workload", field(&WorkloadTotals::curtailment_overhead_s)},
      "checkpoint writes and restarts of pauses"));
}

}  // namespace

void add_supply_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                        std::vector<SummaryVariable>& vars) {
  if (!report.supply.empty()) add_site_supply(report, vars);
  if (!report.events.empty()) add_events(report, dims, vars);
  const auto flexible = [](const WorkloadTotals& w) { return w.flexible; };
  if (std::any_of(report.workloads.begin(), report.workloads.end(), flexible)) add_flexible_work(report, vars);
}

}  // namespace terawatt
