#pragma once
// The totals of a run printed as tables for the user, after `terawatt run`.

#include "sim/record/run_report.hpp"

#include <ostream>
#include <string>

namespace terawatt {

void print_summary(std::ostream& out, const RunReport& report);
void print_services(std::ostream& out, const RunReport& report);

// "1.29 GWh", "552 t", "3.5 h": energy, mass and duration with a unit chosen for the magnitude.
std::string format_energy(double energy_j);
std::string format_mass(double mass_kg);
std::string format_duration(double duration_s);

}  // namespace terawatt
