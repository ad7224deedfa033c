#pragma once
// The totals of a run: written to the output's /summary group and printed as tables for the user.

#include "sim/hdf5_writer.hpp"
#include "sim/simulation.hpp"

#include <ostream>

namespace terawatt {

void write_summary(Hdf5Writer& writer, const RunReport& report);
void print_summary(std::ostream& out, const RunReport& report);

// "1.29 GWh", "552 t": energy and mass with a unit chosen for the magnitude.
std::string format_energy(double energy_j);
std::string format_mass(double mass_kg);
std::string format_duration(double duration_s);

}  // namespace terawatt
