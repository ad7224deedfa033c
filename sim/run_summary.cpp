#include "sim/run_summary.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>

namespace terawatt {
namespace {

constexpr double j_per_wh = 3600.0;
constexpr double s_per_hour = 3600.0;
constexpr double s_per_day = 86400.0;

std::string format_scaled(double value, const char* const* units, int count, double step) {
  int index = 0;
  while (index + 1 < count && std::fabs(value) >= step) {
    value /= step;
    ++index;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.4g %s", value, units[index]);
  return text;
}

template <typename Row, typename Field>
std::vector<double> column(const std::vector<Row>& rows, Field field) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (const auto& row : rows) values.push_back(field(row));
  return values;
}

template <typename Row>
std::vector<std::string> names(const std::vector<Row>& rows) {
  std::vector<std::string> labels;
  for (const auto& row : rows) labels.push_back(row.name);
  return labels;
}

}  // namespace

std::string format_energy(double energy_j) {
  static const char* const units[] = {"Wh", "kWh", "MWh", "GWh", "TWh"};
  return format_scaled(energy_j / j_per_wh, units, 5, 1000.0);
}

std::string format_mass(double mass_kg) {
  static const char* const units[] = {"kg", "t", "kt", "Mt"};
  return format_scaled(mass_kg, units, 4, 1000.0);
}

std::string format_duration(double duration_s) {
  if (!std::isfinite(duration_s)) return "-";
  char text[64];
  if (duration_s >= s_per_day) {
    std::snprintf(text, sizeof text, "%.4g d", duration_s / s_per_day);
  } else if (duration_s >= s_per_hour) {
    std::snprintf(text, sizeof text, "%.4g h", duration_s / s_per_hour);
  } else {
    std::snprintf(text, sizeof text, "%.4g s", duration_s);
  }
  return text;
}

void write_summary(Hdf5Writer& writer, const RunReport& report) {
  std::vector<LabelDimension> dims;
  std::vector<SummaryVariable> vars;
  const double duration_s = report.end_s;

  dims.push_back({"cluster", names(report.clusters), "cluster"});
  vars.push_back({"it_energy", "J", "IT energy (accelerators and server overhead)", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.it_energy_j; })});
  vars.push_back({"gpu_energy", "J", "accelerator energy", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.accelerator_energy_j; })});
  vars.push_back({"mean_it_power", "W", "IT power averaged over the run", "cluster",
                  column(report.clusters, [&](const ClusterTotals& c) { return c.it_energy_j / duration_s; })});
  vars.push_back({"accelerators", "1", "installed accelerators", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.accelerators; })});
  vars.push_back({"embodied_emissions", "kg", "embodied CO2e of the installed hardware, amortised over the run",
                  "cluster", column(report.clusters, [](const ClusterTotals& c) { return c.embodied_kg; })});

  dims.push_back({"site", names(report.sites), "site"});
  const auto site_column = [&](double SiteAccumulator::*field) {
    return column(report.sites, [field](const SiteTotals& s) { return s.sums.*field; });
  };
  vars.push_back({"site_it_energy", "J", "IT energy of the site", "site", site_column(&SiteAccumulator::it_j)});
  vars.push_back({"facility_energy", "J", "facility energy", "site", site_column(&SiteAccumulator::facility_j)});
  vars.push_back({"cooling_energy", "J", "cooling plant energy (NaN with a constant PUE)", "site",
                  site_column(&SiteAccumulator::cooling_j)});
  vars.push_back({"distribution_loss_energy", "J", "UPS and PDU losses (NaN with a constant PUE)", "site",
                  site_column(&SiteAccumulator::distribution_j)});
  vars.push_back({"other_energy", "J", "lighting and other fixed loads (NaN with a constant PUE)", "site",
                  site_column(&SiteAccumulator::other_j)});
  vars.push_back({"emissions", "kg", "operational CO2e emissions, location-based", "site",
                  site_column(&SiteAccumulator::emissions_kg)});
  vars.push_back({"marginal_emissions", "kg", "consequential CO2e at the marginal intensity (NaN if none given)",
                  "site", site_column(&SiteAccumulator::marginal_emissions_kg)});
  vars.push_back({"market_emissions", "kg", "market-based CO2e (NaN if none given)", "site",
                  site_column(&SiteAccumulator::market_emissions_kg)});
  vars.push_back({"water_onsite", "m3", "on-site water consumed (cooling towers)", "site",
                  site_column(&SiteAccumulator::onsite_water_m3)});
  vars.push_back({"water_offsite", "m3", "water consumed to generate the electricity", "site",
                  site_column(&SiteAccumulator::offsite_water_m3)});
  vars.push_back({"mean_pue", "1", "facility / IT energy over the run", "site",
                  column(report.sites, [](const SiteTotals& s) { return s.sums.facility_j / s.sums.it_j; })});
  vars.push_back({"wue", "L/kWh", "on-site water per IT energy over the run", "site",
                  column(report.sites, [](const SiteTotals& s) {
                    return s.sums.onsite_water_m3 * 1000.0 / (s.sums.it_j / 3.6e6);
                  })});

  if (!report.workloads.empty()) {
    dims.push_back({"workload", names(report.workloads), "workload"});
    const auto& w = report.workloads;
    vars.push_back({"workload_energy", "J", "IT energy of the servers the workload occupied", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.it_energy_j; })});
    vars.push_back({"workload_facility_energy", "J", "facility energy attributed to the workload (IT x PUE)",
                    "workload", column(w, [](const WorkloadTotals& x) { return x.facility_energy_j; })});
    vars.push_back({"workload_emissions", "kg", "operational CO2e emissions of the workload", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.emissions_kg; })});
    vars.push_back({"workload_water", "m3", "on-site and off-site water attributed to the workload", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.water_m3; })});
    vars.push_back({"workload_embodied_emissions", "kg", "embodied CO2e amortised by the accelerator-hours used",
                    "workload", column(w, [](const WorkloadTotals& x) { return x.embodied_kg; })});
    vars.push_back({"emissions_if_run_at_once", "kg",
                    "the workload's facility energy at the grid intensity from its submission on (NaN if unknown)",
                    "workload", column(w, [](const WorkloadTotals& x) { return x.emissions_if_run_at_once_kg; })});
    vars.push_back({"deferral", "s", "time a deferrable workload waited for low-carbon hours", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.deferral_s; })});
    vars.push_back({"gpu_hours", "hour", "accelerator-hours occupied", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.accelerator_hours; })});
    vars.push_back({"submit_time", "s", "submission time after the scenario start", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.submitted_s; })});
    vars.push_back({"start_time", "s", "start time after the scenario start (NaN: never started)", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.started_s; })});
    vars.push_back({"end_time", "s", "end time after the scenario start (NaN: unfinished at the horizon)",
                    "workload", column(w, [](const WorkloadTotals& x) { return x.finished_s; })});
    vars.push_back({"queue_wait", "s", "time waiting for servers", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.queue_wait_s; })});
    vars.push_back({"progress", "1", "fraction of the workload's work done", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.progress; })});
    vars.push_back({"failures", "1", "failures of the workload (training with an mtbf)", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.failures; })});
    vars.push_back({"lost_gpu_hours", "hour",
                    "accelerator-hours lost to failures: work since the last checkpoint and restart delays",
                    "workload", column(w, [](const WorkloadTotals& x) { return x.lost_accelerator_hours; })});
    vars.push_back({"checkpoint_gpu_hours", "hour", "accelerator-hours writing checkpoints", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.checkpoint_accelerator_hours; })});
  }
  writer.write_summary(std::move(dims), std::move(vars));
}

void print_summary(std::ostream& out, const RunReport& report) {
  const auto row = [&out](std::initializer_list<std::pair<std::string, int>> cells) {
    for (const auto& [text, width] : cells) out << std::left << std::setw(width) << text << ' ';
    out << '\n';
  };
  out << "\nclusters\n";
  row({{"name", 16}, {"site", 12}, {"accelerators", 12}, {"IT energy", 12}, {"GPU energy", 12}, {"mean IT power", 14}});
  for (const auto& c : report.clusters) {
    char power[32];
    std::snprintf(power, sizeof power, "%.4g kW", c.it_energy_j / report.end_s / 1000.0);
    row({{c.name, 16}, {c.site, 12}, {std::to_string(static_cast<long long>(c.accelerators)), 12},
         {format_energy(c.it_energy_j), 12}, {format_energy(c.accelerator_energy_j), 12}, {power, 14}});
  }
  out << "\nsites\n";
  row({{"name", 16}, {"IT energy", 12}, {"facility", 12}, {"mean PUE", 9}, {"emissions CO2e", 14}, {"water", 12}});
  for (const auto& s : report.sites) {
    char pue[16];
    std::snprintf(pue, sizeof pue, "%.3f", s.sums.facility_j / s.sums.it_j);
    char water[32];
    std::snprintf(water, sizeof water, "%.4g m3", s.sums.onsite_water_m3 + s.sums.offsite_water_m3);
    row({{s.name, 16}, {format_energy(s.sums.it_j), 12}, {format_energy(s.sums.facility_j), 12}, {pue, 9},
         {format_mass(s.sums.emissions_kg), 14}, {water, 12}});
  }
  if (report.workloads.empty()) return;
  out << "\nworkloads\n";
  row({{"name", 16}, {"cluster", 12}, {"status", 16}, {"start", 9}, {"end", 9}, {"GPU-hours", 11},
       {"facility", 12}, {"emissions", 10}});
  for (const auto& w : report.workloads) {
    char status[32];
    if (std::isfinite(w.finished_s)) {
      std::snprintf(status, sizeof status, "done");
    } else if (std::isfinite(w.started_s)) {
      std::snprintf(status, sizeof status, "running %.1f %%", 100.0 * w.progress);
    } else {
      std::snprintf(status, sizeof status, "not started");
    }
    char hours[32];
    std::snprintf(hours, sizeof hours, "%.4g", w.accelerator_hours);
    row({{w.name, 16}, {w.cluster, 12}, {status, 16}, {format_duration(w.started_s), 9},
         {format_duration(w.finished_s), 9}, {hours, 11}, {format_energy(w.facility_energy_j), 12},
         {format_mass(w.emissions_kg), 10}});
  }
  for (const auto& w : report.workloads) {
    if (w.deferral_s > 0.0) {
      out << "  " << w.name << " waited " << format_duration(w.deferral_s) << " for low-carbon hours: "
          << format_mass(w.emissions_kg) << " instead of " << format_mass(w.emissions_if_run_at_once_kg)
          << " had it run at once\n";
    }
  }
}

}  // namespace terawatt
