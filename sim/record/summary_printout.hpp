#pragma once
// The totals of a run printed as tables for the user, after `terawatt run`. Numbers read as a person writes them:
// three significant digits with their trailing zeros, thousands separators, a unit chosen for the magnitude, no
// exponent for ordinary magnitudes. The Python report (analysis/terawatt/formatting.py and aggregate.workload_status)
// writes numbers and statuses the same way; tests/analysis/test_summary_agreement.py compares the two.

#include "sim/engine/workloads/workload_totals.hpp"
#include "sim/record/run_report.hpp"

#include <ostream>
#include <string>

namespace terawatt {

void print_summary(std::ostream& out, const RunReport& report);
void print_services(std::ostream& out, const RunReport& report);

// Where a workload stood when the run ended, from its start and end times and whether it is an inference service.
enum class WorkloadStatus {
  done,     // ended within the run
  running,  // a training job started and still running when the run ended (its work cut at the horizon)
  serving,  // an inference service started: it serves until the horizon by design
  queued,   // never started: waiting for servers or low-carbon hours, or submitted too late
};
WorkloadStatus workload_status(double started_s, double finished_s, bool is_service);
// "done", "running 42.3 %" (the share of its work done, rounded down so that unfinished work never reads 100 %),
// "serving", "queued".
std::string status_text(const WorkloadTotals& workload, bool is_service);

// "11,500", "3.07", "0.0123": three significant digits with thousands separators; with whole_in_full a whole number
// (a count) in full ("512", "10,000"); an exponent only below 1e-4 or from 1e15; "-" for NaN.
std::string format_for_people(double value, bool whole_in_full = true);
// "1.29 GWh", "552 t", "8.83 m3", "3.50 h": a measurement in the unit that reads it between 1 and 1000; "0" for zero.
std::string format_energy(double energy_j);
std::string format_mass(double mass_kg);
std::string format_volume(double volume_m3);
// Durations whole in their unit read in full ("2 d", "1 h"): a scenario's horizon and start times usually are.
std::string format_duration(double duration_s);

}  // namespace terawatt
