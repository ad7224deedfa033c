#pragma once
// The totals of a run: written to the output's /summary group and printed as tables for the user.

#include "sim/io/hdf5_writer.hpp"
#include "sim/record/run_report.hpp"

#include <ostream>

namespace terawatt {

void write_summary(Hdf5Writer& writer, const RunReport& report);

// What a service's requests cost: its workload's energy and emissions over what it produced. NaN where it produced
// nothing of that kind.
struct ServiceEnergy {
  double per_request_j = 0.0;     // facility energy (PUE included), idle time included
  double it_per_request_j = 0.0;  // IT energy
  double per_1k_tokens_j = 0.0;
  double per_image_j = 0.0;
  double per_video_second_j = 0.0;
  double emissions_per_request_kg = 0.0;
  double stars = 0.0;  // models/workload/energy_rating.hpp, against the anchor of the same scope
};
ServiceEnergy service_energy(const RunReport& report, const ServiceReport& service);
void add_service_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                         std::vector<SummaryVariable>& vars);
void print_services(std::ostream& out, const RunReport& report);
void print_summary(std::ostream& out, const RunReport& report);

// "1.29 GWh", "552 t": energy and mass with a unit chosen for the magnitude.
std::string format_energy(double energy_j);
std::string format_mass(double mass_kg);
std::string format_duration(double duration_s);

}  // namespace terawatt
