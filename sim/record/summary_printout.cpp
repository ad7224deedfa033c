#include "sim/record/summary_printout.hpp"

#include "sim/record/run_summary.hpp"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <iomanip>
#include <string>
#include <utility>

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

// One line of a table: each cell left-aligned in its width.
void print_row(std::ostream& out, std::initializer_list<std::pair<std::string, int>> cells) {
  for (const auto& [text, width] : cells) out << std::left << std::setw(width) << text << ' ';
  out << '\n';
}

// Each cluster's energy and the shares of its IT energy by use.
void print_clusters(std::ostream& out, const RunReport& report) {
  out << "\nclusters\n";
  print_row(out, {{"name", 16},
                  {"site", 12},
                  {"accelerators", 12},
                  {"IT energy", 12},
                  {"GPU energy", 12},
                  {"mean IT power", 14},
                  {"active", 7},
                  {"held idle", 9},
                  {"unheld", 6}});
  const auto share = [](double part_j, double whole_j) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f %%", whole_j > 0.0 ? 100.0 * part_j / whole_j : 0.0);
    return std::string(text);
  };
  for (const auto& c : report.clusters) {
    char power[32];
    std::snprintf(power, sizeof power, "%.4g kW", c.it_energy_j / report.end_s / 1000.0);
    const double active_j = c.it_energy_j - c.reserved_idle_energy_j - c.unreserved_energy_j;
    print_row(out, {{c.name, 16},
                    {c.site, 12},
                    {std::to_string(static_cast<long long>(c.accelerators)), 12},
                    {format_energy(c.it_energy_j), 12},
                    {format_energy(c.accelerator_energy_j), 12},
                    {power, 14},
                    {share(active_j, c.it_energy_j), 7},
                    {share(c.reserved_idle_energy_j, c.it_energy_j), 9},
                    {share(c.unreserved_energy_j, c.it_energy_j), 6}});
  }
  out << "  IT energy by use: active (above the idle floor of servers a workload held), held idle (that floor), "
         "unheld (servers no workload held)\n";
}

// Each site's IT and facility energy, PUE, emissions and water.
void print_sites(std::ostream& out, const RunReport& report) {
  out << "\nsites\n";
  print_row(
      out, {{"name", 16}, {"IT energy", 12}, {"facility", 12}, {"mean PUE", 9}, {"emissions CO2e", 14}, {"water", 12}});
  for (const auto& s : report.sites) {
    char pue[16];
    std::snprintf(pue, sizeof pue, "%.3f", s.sums.facility_j / s.sums.it_j);
    char water[32];
    std::snprintf(water, sizeof water, "%.4g m3", s.sums.onsite_water_m3 + s.sums.offsite_water_m3);
    print_row(out, {{s.name, 16},
                    {format_energy(s.sums.it_j), 12},
                    {format_energy(s.sums.facility_j), 12},
                    {pue, 9},
                    {format_mass(s.sums.emissions_kg), 14},
                    {water, 12}});
  }
}

// Each workload's status, times, accelerator-hours, energy and emissions.
void print_workloads(std::ostream& out, const RunReport& report) {
  out << "\nworkloads\n";
  print_row(out, {{"name", 16},
                  {"cluster", 12},
                  {"status", 16},
                  {"start", 9},
                  {"end", 9},
                  {"GPU-hours", 11},
                  {"facility", 12},
                  {"emissions", 10}});
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
    print_row(out, {{w.name, 16},
                    {w.cluster, 12},
                    {status, 16},
                    {format_duration(w.started_s), 9},
                    {format_duration(w.finished_s), 9},
                    {hours, 11},
                    {format_energy(w.facility_energy_j), 12},
                    {format_mass(w.emissions_kg), 10}});
  }
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

void print_summary(std::ostream& out, const RunReport& report) {
  print_clusters(out, report);
  print_sites(out, report);
  if (report.workloads.empty()) return;
  print_workloads(out, report);
  print_services(out, report);
  for (const auto& w : report.workloads) {
    if (w.deferral_s > 0.0) {
      out << "  " << w.name << " waited " << format_duration(w.deferral_s)
          << " for low-carbon hours: " << format_mass(w.emissions_kg) << " instead of "
          << format_mass(w.emissions_if_run_at_once_kg) << " had it run at once\n";
    }
  }
}

void print_services(std::ostream& out, const RunReport& report) {
  if (report.services.empty()) return;
  out << "\nservices\n";
  print_row(out, {{"name", 16},
                  {"modality", 8},
                  {"fidelity", 8},
                  {"served", 10},
                  {"per request", 12},
                  {"per unit", 20},
                  {"latency", 9},
                  {"stars", 5}});
  const ServiceReport* text = nullptr;
  for (const auto& s : report.services) {
    const ServiceEnergy e = service_energy(report, s);
    char served[32];
    std::snprintf(served, sizeof served, "%.4g", s.totals.served);
    std::string unit = "-";
    if (s.modality == Modality::text) unit = format_energy(e.per_1k_tokens_j) + "/1k tok";
    if (s.modality == Modality::image) unit = format_energy(e.per_image_j) + "/image";
    if (s.modality == Modality::video) unit = format_energy(e.per_video_second_j) + "/video s";
    char stars[8];
    std::snprintf(stars, sizeof stars, "%.0f", e.stars);
    const double latency = s.fidelity == Fidelity::request ? s.totals.latency_p50_s : s.totals.latency_mean_s;
    print_row(out, {{s.name, 16},
                    {modality_name(s.modality), 8},
                    {fidelity_name(s.fidelity), 8},
                    {served, 10},
                    {std::isfinite(e.per_request_j) ? format_energy(e.per_request_j) : "-", 12},
                    {unit, 20},
                    {format_duration(latency), 9},
                    {stars, 5}});
    if (s.modality == Modality::text && !text) text = &s;
  }
  out << "  energy per request is facility energy (PUE included) over completed requests, idle time included; "
         "latency: median (request fidelity) or mean\n";
  // The life-cycle question: of the sites' facility energy, how much went to training, how much to serving, and how
  // much to servers no workload held, so that the idle fleet is not silently dropped from the shares.
  double serving_j = 0.0;
  for (const auto& s : report.services) serving_j += report.workloads[s.workload].facility_energy_j;
  double workloads_j = 0.0;
  for (const auto& w : report.workloads) workloads_j += w.facility_energy_j;
  double facility_j = 0.0;
  for (const auto& s : report.sites) facility_j += s.sums.facility_j;
  if (report.workloads.size() > report.services.size() && facility_j > 0.0) {
    const double training_j = workloads_j - serving_j;
    const double unheld_j = facility_j - workloads_j;
    out << "  of the sites' facility energy: training " << std::setprecision(3) << 100.0 * training_j / facility_j
        << " %, inference " << 100.0 * serving_j / facility_j << " %, servers no workload held "
        << 100.0 * unheld_j / facility_j << " % (" << format_energy(training_j) << ", " << format_energy(serving_j)
        << ", " << format_energy(unheld_j) << ")\n";
  }
  if (!text) return;
  const double text_j = service_energy(report, *text).per_request_j;
  for (const auto& s : report.services) {
    const ServiceEnergy e = service_energy(report, s);
    if (!(text_j > 0.0)) break;
    if (s.modality == Modality::image && std::isfinite(e.per_image_j)) {
      out << "  one image (" << s.name << ") = " << std::setprecision(4) << e.per_image_j / text_j
          << " x one text query (" << text->name << ")\n";
    }
    if (s.modality == Modality::video && std::isfinite(e.per_video_second_j)) {
      out << "  one minute of video (" << s.name << ") = " << std::setprecision(4)
          << 60.0 * e.per_video_second_j / text_j << " x one text query (" << text->name << ")\n";
    }
  }
}

}  // namespace terawatt
