#include "sim/record/summary_printout.hpp"

#include "sim/record/run_summary.hpp"
#include "sim/record/supply_printout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace terawatt {
namespace {

constexpr int significant_digits = 3;
// Magnitudes written without an exponent (see format_for_people): below 1e-4 fixed notation needs more than three
// leading zeros, and from 1e15 more than five thousands groups.
constexpr double scientific_below = 1e-4;
constexpr double scientific_from = 1e15;
constexpr char missing[] = "-";

constexpr double j_per_wh = 3600.0;
constexpr double s_per_minute = 60.0;
constexpr double s_per_hour = 3600.0;
constexpr double s_per_day = 86400.0;

// A unit of a ladder and how many of the quantity's SI unit it holds.
struct ScaledUnit {
  const char* name;
  double si_per_unit;
};

template <std::size_t N>
using Ladder = std::array<ScaledUnit, N>;

constexpr Ladder<5> energy_units{{{"Wh", j_per_wh},
                                  {"kWh", 1e3 * j_per_wh},
                                  {"MWh", 1e6 * j_per_wh},
                                  {"GWh", 1e9 * j_per_wh},
                                  {"TWh", 1e12 * j_per_wh}}};
constexpr Ladder<4> power_units{{{"W", 1.0}, {"kW", 1e3}, {"MW", 1e6}, {"GW", 1e9}}};
constexpr Ladder<4> mass_units{{{"kg", 1.0}, {"t", 1e3}, {"kt", 1e6}, {"Mt", 1e9}}};
constexpr Ladder<2> volume_units{{{"L", 1e-3}, {"m3", 1.0}}};
constexpr Ladder<4> duration_units{{{"s", 1.0}, {"min", s_per_minute}, {"h", s_per_hour}, {"d", s_per_day}}};

// value with `decimals` digits after the point ("%.2f"), or in exponent notation with `decimals` after the first.
std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string exponential(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*e", decimals, value);
  return text;
}

// "1234567.891" -> "1,234,567.891" (a sign and the decimals kept).
std::string with_thousands_separators(const std::string& plain) {
  const std::size_t sign = !plain.empty() && plain.front() == '-' ? 1 : 0;
  const std::size_t point = std::min(plain.find('.'), plain.size());
  std::string grouped = plain.substr(0, sign);
  for (std::size_t i = sign; i < point; ++i) {
    if (i > sign && (point - i) % 3 == 0) grouped += ',';
    grouped += plain[i];
  }
  return grouped + plain.substr(point);
}

// The ladder's unit in which |value_si| reads at least 1 (the smallest unit below that): the same choice as
// terawatt.units.readable_units.
template <std::size_t N>
std::size_t readable_unit(double value_si, const Ladder<N>& ladder) {
  std::size_t chosen = 0;
  for (std::size_t i = 0; i < N; ++i) {
    if (std::fabs(value_si) * (1.0 / ladder[i].si_per_unit) >= 1.0) chosen = i;
  }
  return chosen;
}

double in_unit(double value_si, const ScaledUnit& unit) {
  return value_si * (1.0 / unit.si_per_unit);
}

template <std::size_t N>
std::string format_scaled(double value_si, const Ladder<N>& ladder, bool whole_in_full = false) {
  if (!std::isfinite(value_si)) return missing;
  if (value_si == 0.0) return "0";  // zero in any unit
  std::size_t unit = readable_unit(value_si, ladder);
  // Rounding can carry into the next unit: 999.96 kWh reads 1,000 kWh at three digits, which is 1.00 MWh.
  const double rounded =
      std::strtod(exponential(in_unit(value_si, ladder[unit]), significant_digits - 1).c_str(), nullptr);
  const std::size_t larger = readable_unit(rounded * ladder[unit].si_per_unit, ladder);
  if (larger > unit) unit = larger;
  return format_for_people(in_unit(value_si, ladder[unit]), whole_in_full) + " " + ladder[unit].name;
}

// A text table whose columns are as wide as their longest cell, numbers right-aligned, two spaces apart.
class TextTable {
 public:
  struct Column {
    std::string header;
    bool numeric = false;
  };
  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  void print(std::ostream& out) const {
    std::vector<std::size_t> widths;
    for (const auto& column : columns_) widths.push_back(display_width(column.header));
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    std::vector<std::string> header;
    for (const auto& column : columns_) header.push_back(column.header);
    print_line(out, header, widths);
    for (const auto& row : rows_) print_line(out, row, widths);
  }

 private:
  // Characters as a terminal shows them: UTF-8 continuation bytes take no column.
  static std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }

  void print_line(std::ostream& out, const std::vector<std::string>& cells,
                  const std::vector<std::size_t>& widths) const {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string padding(widths[i] - display_width(cells[i]), ' ');
      if (i > 0) line += "  ";
      line += columns_[i].numeric ? padding + cells[i] : cells[i] + padding;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

std::string format_power(double power_w) {
  return format_scaled(power_w, power_units);
}

// Whole percents; a share that rounds to zero prints 0, not the -0 of a ledger's rounding below it.
std::string percent(double part, double whole) {
  if (!(whole > 0.0)) return missing;
  const double rounded = std::round(100.0 * part / whole);
  return fixed(rounded == 0.0 ? 0.0 : rounded, 0) + " %";
}

// Each cluster's energy and the shares of its IT energy by use.
void print_clusters(std::ostream& out, const RunReport& report) {
  out << "\nclusters\n";
  TextTable table({{"name"},
                   {"site"},
                   {"accelerators", true},
                   {"IT energy", true},
                   {"GPU energy", true},
                   {"mean IT power", true},
                   {"active", true},
                   {"held idle", true},
                   {"unheld", true},
                   {"network", true}});
  for (const auto& c : report.clusters) {
    const double active_j = c.active_energy_j();
    table.add_row({c.name, c.site, format_for_people(c.accelerators), format_energy(c.it_energy_j),
                   format_energy(c.accelerator_energy_j), format_power(c.it_energy_j / report.end_s),
                   percent(active_j, c.it_energy_j), percent(c.reserved_idle_energy_j, c.it_energy_j),
                   percent(c.unreserved_energy_j, c.it_energy_j), percent(c.network_energy_j, c.it_energy_j)});
  }
  table.print(out);
  out << "  IT energy by use: active (above the idle floor of servers a workload held), held idle (that floor), "
         "unheld (servers no workload held), network (the fabric's switches and transceivers)\n";
}

// Each site's IT and facility energy, PUE, emissions and water; with embodied carbon, it and the total as well.
void print_sites(std::ostream& out, const RunReport& report) {
  out << "\nsites\n";
  const bool embodied = std::any_of(report.clusters.begin(), report.clusters.end(),
                                    [](const ClusterTotals& c) { return c.embodied_kg > 0.0; });
  std::vector<TextTable::Column> columns{
      {"name"}, {"IT energy", true}, {"facility", true}, {"mean PUE", true}, {"emissions CO2e", true}};
  if (embodied) columns.insert(columns.end(), {{"embodied CO2e", true}, {"total CO2e", true}});
  columns.push_back({"water", true});
  TextTable table(std::move(columns));
  for (const auto& s : report.sites) {
    std::vector<std::string> row{s.name, format_energy(s.sums.it_j), format_energy(s.sums.facility_j),
                                 format_for_people(s.sums.facility_j / s.sums.it_j, false),
                                 format_mass(s.sums.emissions_kg)};
    if (embodied) {
      const double embodied_kg = site_embodied_kg(report, s.name);
      row.insert(row.end(), {format_mass(embodied_kg), format_mass(s.sums.emissions_kg + embodied_kg)});
    }
    row.push_back(format_volume(s.sums.onsite_water_m3 + s.sums.offsite_water_m3));
    table.add_row(std::move(row));
  }
  table.print(out);
}

// Each workload's status, times, accelerator-hours, energy and emissions.
void print_workloads(std::ostream& out, const RunReport& report) {
  out << "\nworkloads\n";
  TextTable table({{"name"},
                   {"cluster"},
                   {"status"},
                   {"start", true},
                   {"end", true},
                   {"GPU-hours", true},
                   {"facility", true},
                   {"emissions", true}});
  std::vector<bool> is_service(report.workloads.size(), false);
  // An offline batch job runs to an end, with progress, as a training job does; a service serves to the horizon.
  for (const auto& s : report.services) is_service[s.workload] = s.fidelity != Fidelity::offline;
  for (std::size_t i = 0; i < report.workloads.size(); ++i) {
    const WorkloadTotals& w = report.workloads[i];
    table.add_row({w.name, w.cluster, status_text(w, is_service[i]), format_duration(w.started_s),
                   format_duration(w.finished_s), format_for_people(w.accelerator_hours),
                   format_energy(w.facility_energy_j), format_mass(w.emissions_kg)});
  }
  table.print(out);
}

}  // namespace

WorkloadStatus workload_status(double started_s, double finished_s, bool is_service) {
  if (std::isfinite(finished_s)) return WorkloadStatus::done;
  if (!std::isfinite(started_s)) return WorkloadStatus::queued;
  return is_service ? WorkloadStatus::serving : WorkloadStatus::running;
}

std::string status_text(const WorkloadTotals& workload, bool is_service) {
  switch (workload_status(workload.started_s, workload.finished_s, is_service)) {
    case WorkloadStatus::done:
      return "done";
    case WorkloadStatus::running:
      return "running " + fixed(std::floor(1000.0 * workload.progress) / 10.0, 1) + " %";
    case WorkloadStatus::serving:
      return "serving";
    case WorkloadStatus::queued:
      return "queued";
  }
  return "";
}

std::string format_for_people(double value, bool whole_in_full) {
  if (!std::isfinite(value)) return missing;
  if (value == 0.0) return "0";
  const double magnitude = std::fabs(value);
  if (whole_in_full && magnitude < scientific_from && value == std::trunc(value)) {
    return with_thousands_separators(fixed(value, 0));
  }
  if (magnitude < scientific_below || magnitude >= scientific_from) {
    return exponential(value, significant_digits - 1);
  }
  // Exponent notation rounds to the significant digits exactly; the rounded value is then written out.
  const double rounded = std::strtod(exponential(value, significant_digits - 1).c_str(), nullptr);
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(rounded))));
  return with_thousands_separators(fixed(rounded, std::max(0, significant_digits - 1 - exponent)));
}

std::string format_energy(double energy_j) {
  return format_scaled(energy_j, energy_units);
}

std::string format_mass(double mass_kg) {
  return format_scaled(mass_kg, mass_units);
}

std::string format_volume(double volume_m3) {
  return format_scaled(volume_m3, volume_units);
}

std::string format_duration(double duration_s) {
  return format_scaled(duration_s, duration_units, true);
}

void print_summary(std::ostream& out, const RunReport& report) {
  print_clusters(out, report);
  print_sites(out, report);
  print_supply(out, report);
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

// What request and iteration fidelity resolve per request beyond latency: the time to first token and per output
// token (iteration), the accelerator energy per request, and the latency targets met.
void print_request_figures(std::ostream& out, const ServiceReport& s) {
  const TokenLatencyFigures& t = s.totals.tokens;
  if (s.fidelity == Fidelity::request && std::isfinite(t.energy_p50_j)) {
    out << "  " << s.name << ": accelerator energy per request p50 " << format_energy(t.energy_p50_j) << ", p99 "
        << format_energy(t.energy_p99_j) << "\n";
  }
  if (s.fidelity != Fidelity::iteration) return;
  out << "  " << s.name << ": time to first token p50 " << format_duration(t.ttft_p50_s) << ", p99 "
      << format_duration(t.ttft_p99_s) << "; per output token p50 " << format_duration(t.tpot_p50_s) << ", p99 "
      << format_duration(t.tpot_p99_s) << "; accelerator energy per request p50 " << format_energy(t.energy_p50_j)
      << ", p99 " << format_energy(t.energy_p99_j);
  if (t.slo_attainment == t.slo_attainment) {
    out << "; within targets " << format_for_people(100.0 * t.slo_attainment, false) << " %";
  }
  out << "\n";
}

void print_services(std::ostream& out, const RunReport& report) {
  if (report.services.empty()) return;
  out << "\nservices\n";
  TextTable table({{"name"},
                   {"modality"},
                   {"fidelity"},
                   {"served", true},
                   {"per request", true},
                   {"per unit", true},
                   {"latency", true},
                   {"stars", true}});
  const ServiceReport* text = nullptr;
  for (const auto& s : report.services) {
    const ServiceEnergy e = service_energy(report, s);
    std::string unit = missing;
    if (s.modality == Modality::text) unit = format_energy(e.per_1k_tokens_j) + "/1k tok";
    if (s.modality == Modality::image) unit = format_energy(e.per_image_j) + "/image";
    if (s.modality == Modality::video) unit = format_energy(e.per_video_second_j) + "/video s";
    const bool resolved = s.fidelity == Fidelity::request || s.fidelity == Fidelity::iteration;
    const double latency = resolved ? s.totals.latency_p50_s : s.totals.latency_mean_s;
    table.add_row({s.name, modality_name(s.modality), fidelity_name(s.fidelity), format_for_people(s.totals.served),
                   format_energy(e.per_request_j), unit, format_duration(latency), format_for_people(e.stars)});
    if (s.modality == Modality::text && !text) text = &s;
  }
  table.print(out);
  out << "  energy per request is facility energy (PUE included) over completed requests, idle time included; "
         "latency: median (request and iteration fidelity) or mean\n";
  for (const auto& s : report.services) print_request_figures(out, s);
  // The life-cycle question: of the sites' facility energy, how much went to training, how much to serving, and how
  // much to the rest (servers no workload held, and the network fabric), so that the idle fleet is not silently dropped
  // from the shares.
  double serving_j = 0.0;
  for (const auto& s : report.services) serving_j += report.workloads[s.workload].facility_energy_j;
  double workloads_j = 0.0;
  for (const auto& w : report.workloads) workloads_j += w.facility_energy_j;
  double facility_j = 0.0;
  for (const auto& s : report.sites) facility_j += s.sums.facility_j;
  double given_j = 0.0;
  for (const auto& w : report.workloads) given_j += w.type == "given_power" ? w.facility_energy_j : 0.0;
  if (report.workloads.size() > report.services.size() && facility_j > 0.0) {
    const double training_j = workloads_j - serving_j - given_j;
    const double unheld_j = facility_j - workloads_j;
    const auto share = [facility_j](double part_j) {
      return format_for_people(100.0 * part_j / facility_j, false) + " %";
    };
    const bool given = given_j > 0.0;
    out << "  of the sites' facility energy: training " << share(training_j) << ", inference " << share(serving_j)
        << (given ? ", given power " + share(given_j) : std::string()) << ", unheld servers and network "
        << share(unheld_j) << " (" << format_energy(training_j) << ", " << format_energy(serving_j)
        << (given ? ", " + format_energy(given_j) : std::string()) << ", " << format_energy(unheld_j) << ")\n";
  }
  if (!text) return;
  const double text_j = service_energy(report, *text).per_request_j;
  for (const auto& s : report.services) {
    const ServiceEnergy e = service_energy(report, s);
    if (!(text_j > 0.0)) break;
    if (s.modality == Modality::image && std::isfinite(e.per_image_j)) {
      out << "  one image (" << s.name << ") = " << format_for_people(e.per_image_j / text_j, false)
          << " x one text query (" << text->name << ")\n";
    }
    if (s.modality == Modality::video && std::isfinite(e.per_video_second_j)) {
      out << "  one minute of video (" << s.name
          << ") = " << format_for_people(60.0 * e.per_video_second_j / text_j, false) << " x one text query ("
          << text->name << ")\n";
    }
  }
}

}  // namespace terawatt
