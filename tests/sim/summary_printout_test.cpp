// What `terawatt run` prints after a run (sim/record/summary_printout.hpp): numbers with three significant digits
// and thousands separators, units chosen for the magnitude, columns as wide as their content, and one status per
// workload from its start and end times.
#include "sim/record/summary_printout.hpp"
#include "sim/record/run_summary.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace terawatt;

namespace {
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double j_per_mwh = 3.6e9;
constexpr double s_per_hour = 3600.0;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

RunReport two_workload_report() {
  RunReport report;
  report.end_s = 48.0 * s_per_hour;
  ClusterTotals cluster;
  cluster.name = "h100-pod";
  cluster.site = "iowa";
  cluster.accelerators = 512;
  cluster.it_energy_j = 16.05 * j_per_mwh;
  cluster.accelerator_energy_j = 9.565 * j_per_mwh;
  report.clusters.push_back(cluster);
  SiteTotals site;
  site.name = "iowa";
  site.sums.it_j = cluster.it_energy_j;
  site.sums.facility_j = 17.81 * j_per_mwh;
  report.sites.push_back(site);
  WorkloadTotals done;
  done.name = "llm-7b";
  done.cluster = "h100-pod";
  done.started_s = 2.0 * s_per_hour;
  done.finished_s = 13.52 * s_per_hour;
  done.progress = 1.0;
  done.accelerator_hours = 2949.0;
  done.facility_energy_j = 3.068 * j_per_mwh;
  done.emissions_kg = 1080.0;
  WorkloadTotals long_named = done;
  long_named.name = "a-much-longer-workload-name";
  long_named.finished_s = not_a_number;
  long_named.progress = 0.4237;
  long_named.accelerator_hours = 11534.2;
  report.workloads = {done, long_named};
  return report;
}
}  // namespace

TEST_CASE("numbers have three significant digits, trailing zeros kept, and thousands separators") {
  CHECK(format_for_people(11534.2) == "11,500");  // 1.153e+04 before
  CHECK(format_for_people(512.0) == "512");       // a whole number (a count) in full
  CHECK(format_for_people(10000.0) == "10,000");
  CHECK(format_for_people(10000.0, false) == "10,000");
  CHECK(format_for_people(12.0004, false) == "12.0");
  CHECK(format_for_people(3.068, false) == "3.07");
  CHECK(format_for_people(0.012345, false) == "0.0123");
  CHECK(format_for_people(9.996, false) == "10.0");  // rounding up a decade keeps three digits, not four
  CHECK(format_for_people(-1234567.0) == "-1,234,567");
  CHECK(format_for_people(0.0, false) == "0");
  CHECK(format_for_people(not_a_number) == "-");
  CHECK(format_for_people(2.5e-7, false) == "2.50e-07");  // only tiny or huge magnitudes take an exponent
}

TEST_CASE("quantities take the unit that reads them between 1 and 1000, carried up when rounding reaches 1000") {
  CHECK(format_energy(17.81 * j_per_mwh) == "17.8 MWh");
  CHECK(format_energy(12.0 * j_per_mwh) == "12.0 MWh");
  CHECK(format_energy(0.27 * 3600.0) == "0.270 Wh");
  CHECK(format_energy(999.96 * 3.6e6) == "1.00 MWh");  // 999.96 kWh
  CHECK(format_mass(1080.0) == "1.08 t");
  CHECK(format_energy(0.0) == "0");  // zero in any unit
  CHECK(format_volume(8.826) == "8.83 m3");
  CHECK(format_volume(0.5) == "500 L");
  CHECK(format_duration(48.0 * s_per_hour) == "2 d");  // a whole horizon reads whole
  CHECK(format_duration(13.52 * s_per_hour) == "13.5 h");
  CHECK(format_duration(3270.0) == "54.5 min");
  CHECK(format_duration(not_a_number) == "-");
}

TEST_CASE("a workload is done when it ended, running or serving when it started and did not, else queued") {
  CHECK(workload_status(0.0, 10.0, false) == WorkloadStatus::done);
  CHECK(workload_status(0.0, not_a_number, false) == WorkloadStatus::running);
  CHECK(workload_status(0.0, not_a_number, true) == WorkloadStatus::serving);
  CHECK(workload_status(not_a_number, not_a_number, false) == WorkloadStatus::queued);
  CHECK(workload_status(not_a_number, not_a_number, true) == WorkloadStatus::queued);
  WorkloadTotals w;
  w.started_s = 1.0;
  w.finished_s = not_a_number;
  w.progress = 0.99996;  // not finished: never reads 100 %
  CHECK(status_text(w, false) == "running 99.9 %");
  w.progress = 1.0;  // a service that kept up with its demand
  CHECK(status_text(w, true) == "serving");
  w.finished_s = 2.0;
  CHECK(status_text(w, false) == "done");
  w.started_s = not_a_number;
  w.finished_s = not_a_number;
  CHECK(status_text(w, false) == "queued");
}

TEST_CASE("the workload table's columns are as wide as their content, numbers right-aligned") {
  std::ostringstream out;
  print_summary(out, two_workload_report());
  const auto lines = lines_of(out.str());
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l == "workloads"; });
  REQUIRE(header != lines.end());
  const std::string& columns = *(header + 1);
  const std::string& first = *(header + 2);
  const std::string& second = *(header + 3);
  // The name column is as wide as the longest name, and two spaces part it from the next.
  CHECK(columns.find("cluster") == std::string("a-much-longer-workload-name").size() + 2);
  CHECK(second.rfind("a-much-longer-workload-name  h100-pod  running 42.3 %", 0) == 0);
  CHECK(first.find("done") != std::string::npos);
  // GPU-hours right-aligned: both rows end the column at the same place.
  CHECK(first.find("2,949") + 5 == second.find("11,500") + 6);
  CHECK(first.find("e+") == std::string::npos);
  CHECK(second.find("e+") == std::string::npos);
}

TEST_CASE("the sites table adds embodied and total emissions when the hardware has embodied carbon") {
  RunReport report = two_workload_report();
  report.sites.front().sums.emissions_kg = 6270.0;
  std::ostringstream without;
  print_summary(without, report);
  CHECK(without.str().find("embodied CO2e") == std::string::npos);

  report.clusters.front().embodied_kg = 260.0;
  std::ostringstream with;
  print_summary(with, report);
  const auto lines = lines_of(with.str());
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l == "sites"; });
  REQUIRE(header != lines.end());
  CHECK((header + 1)->find("emissions CO2e  embodied CO2e  total CO2e") != std::string::npos);
  const std::string& row = *(header + 2);
  CHECK(row.find("6.27 t") != std::string::npos);
  CHECK(row.find("260 kg") != std::string::npos);
  CHECK(row.find("6.53 t") != std::string::npos);  // 6,270 + 260 kg
  CHECK(site_embodied_kg(report, "iowa") == 260.0);
  CHECK(site_embodied_kg(report, "nowhere") == 0.0);
}

TEST_CASE("the cluster table's shares by use add to its IT energy, and a share that rounds to zero prints 0 %") {
  RunReport report = two_workload_report();
  ClusterTotals& cluster = report.clusters.front();
  cluster.reserved_idle_energy_j = 0.25 * cluster.it_energy_j;
  cluster.unreserved_energy_j = -1e-9 * cluster.it_energy_j;  // a ledger's rounding below zero
  cluster.network_energy_j = 0.1 * cluster.it_energy_j;
  std::ostringstream out;
  print_summary(out, report);
  const auto lines = lines_of(out.str());
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l == "clusters"; });
  REQUIRE(header != lines.end());
  CHECK((header + 1)->find("active  held idle  unheld  network") != std::string::npos);
  const std::string& row = *(header + 2);
  CHECK(row.find("65 %") != std::string::npos);  // active: the rest
  CHECK(row.find("25 %") != std::string::npos);
  CHECK(row.find(" 0 %") != std::string::npos);
  CHECK(row.find("-0") == std::string::npos);
  CHECK(row.find("10 %") != std::string::npos);
}
