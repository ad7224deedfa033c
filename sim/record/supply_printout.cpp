#include "sim/record/supply_printout.hpp"

#include "sim/record/summary_printout.hpp"

#include <cmath>
#include <string>

namespace terawatt {
namespace {

std::string power_text(double power_w) {
  if (!std::isfinite(power_w)) return "unlimited";
  return format_for_people(power_w / 1e6, false) + " MW";
}

std::string money(double amount, const std::string& currency) {
  return format_for_people(amount, false) + " " + currency;
}

std::string percent(double share) {
  return format_for_people(100.0 * share, false) + " %";
}

void print_site(std::ostream& out, const SiteSupplyTotals& t, const SiteTotals& site) {
  const SupplyAccumulator& s = t.sums;
  out << "  " << t.site << ":";
  if (t.has_pv) {
    out << " PV " << format_energy(s.pv_j) << " (" << percent(s.pv_j > 0.0 ? s.pv_used_j / s.pv_j : 0.0)
        << " used on site),";
  }
  out << " grid import " << format_energy(s.import_j);
  if (std::isfinite(t.capacity_w))
    out << ", peak " << power_text(t.peak_import_w) << " of " << power_text(t.capacity_w);
  if (s.export_j > 0.0) out << ", export " << format_energy(s.export_j);
  if (s.curtailed_j > 0.0) out << ", PV curtailed " << format_energy(s.curtailed_j);
  out << "\n";
  if (t.has_battery) {
    out << "    battery: " << format_energy(s.battery_discharge_j) << " discharged, "
        << format_for_people(t.battery_cycles, false) << " equivalent full cycles\n";
  }
  if (!t.currency.empty()) {
    out << "    cost: " << money(t.energy_cost + t.demand_cost - t.export_revenue, t.currency) << " (energy "
        << money(t.energy_cost, t.currency) << ", demand charge " << money(t.demand_cost, t.currency)
        << ", export revenue " << money(t.export_revenue, t.currency) << ")\n";
  }
  out << "    emissions " << format_mass(site.sums.emissions_kg) << " from the grid import, against "
      << format_mass(s.emissions_without_supply_kg) << " had the site drawn all its facility energy from the grid\n";
  if (s.excess_j > 0.0 || t.shortfall_intervals > 0.0) {
    out << "    limit not held: " << format_energy(s.excess_j) << " imported above it; curtailment fell short in "
        << format_for_people(t.shortfall_intervals) << " control intervals (at most " << power_text(t.max_shortfall_w)
        << ")\n";
  } else if (std::isfinite(t.capacity_w) || !t.currency.empty()) {
    out << "    the import stayed within its limit in every interval\n";
  }
}

void print_event(std::ostream& out, const EventReport& e) {
  out << "  event " << e.name << " at " << format_duration(e.start_s) << " for "
      << format_duration(e.end_s - e.start_s);
  if (!(e.duration_s > 0.0)) {
    out << ": outside the run\n";
    return;
  }
  const double mean_w = e.import_j / e.duration_s;
  out << ": asked " << power_text(e.limit_w) << " (baseline " << power_text(e.baseline_w) << "), mean import "
      << power_text(mean_w) << ", delivered " << power_text(e.baseline_w - mean_w) << ", "
      << (e.excess_j > 0.0 ? format_energy(e.excess_j) + " above the limit" : std::string("met"))
      << "; flexible work curtailed " << format_for_people(e.curtailed_accelerator_hours) << " accelerator-hours";
  if (e.service_latency_s == e.service_latency_s) {
    out << "; services' mean latency " << format_duration(e.service_latency_s) << " ("
        << format_duration(e.service_latency_before_s) << " the hour before)";
  }
  if (e.service_latency_p99_s == e.service_latency_p99_s) {
    out << ", p50 " << format_duration(e.service_latency_p50_s) << " and p99 "
        << format_duration(e.service_latency_p99_s);
    if (e.service_latency_p99_before_s == e.service_latency_p99_before_s) {
      out << " (" << format_duration(e.service_latency_p50_before_s) << " and "
          << format_duration(e.service_latency_p99_before_s) << " the hour before)";
    }
  }
  out << "\n";
}

}  // namespace

void print_supply(std::ostream& out, const RunReport& report) {
  if (report.supply.empty()) return;
  out << "\ngrid connection\n";
  for (std::size_t i = 0; i < report.supply.size(); ++i) {
    if (report.supply[i].has_supply) print_site(out, report.supply[i], report.sites[i]);
  }
  for (const EventReport& e : report.events) print_event(out, e);
  for (const WorkloadTotals& w : report.workloads) {
    if (!w.flexible) continue;
    out << "  " << w.name << ": curtailed " << format_for_people(w.curtailments)
        << (w.curtailments == 1.0 ? " time, " : " times, ");
    if (w.type == "inference") {
      out << format_duration(w.capped_s) << " at its floor of replicas (the latency shows the cost)\n";
    } else {
      out << format_duration(w.curtailment_delay_s) << " of compute delay\n";
    }
  }
}

}  // namespace terawatt
