#pragma once
// The totals of a run, written to the output's /summary group; what a service's requests cost.

#include "sim/io/hdf5_writer.hpp"
#include "sim/record/run_report.hpp"

namespace terawatt {

// Every /summary variable of a run with its dimensions, each declared once (name, units, long_name, dimension and
// how it is read from the report); the README's /summary reference is generated from the same declarations.
struct SummaryLayout {
  std::vector<LabelDimension> dims;
  std::vector<SummaryVariable> vars;
};
SummaryLayout summary_layout(const RunReport& report);
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

// The embodied carbon of the hardware on site `site`, amortised over the run: the sum over its clusters.
double site_embodied_kg(const RunReport& report, const std::string& site);
// The service variables iteration fidelity resolves (token_latency_summary.cpp), after add_service_summary's.
void add_token_latency_summary(const RunReport& report, std::vector<SummaryVariable>& vars);
void add_service_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                         std::vector<SummaryVariable>& vars);

}  // namespace terawatt
