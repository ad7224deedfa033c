#include "models/power/catalog_format.hpp"

#include <iomanip>
#include <sstream>

namespace terawatt {
namespace {

constexpr double kTera = 1e12;
constexpr double kGigabyte = 1e9;
constexpr double kTerabytePerS = 1e12;

}  // namespace

std::string format_accelerators(const HardwareCatalog& catalog) {
  std::ostringstream out;
  out << std::fixed;
  out << "Accelerators (peak: dense 16-bit tensor; `terawatt catalog --json` lists the other precisions)\n";
  out << std::left << std::setw(16) << "name" << std::right << std::setw(8) << "TDP W" << std::setw(8) << "idle W"
      << std::setw(14) << "peak TFLOP/s" << std::setw(8) << "mem GB" << std::setw(10) << "mem TB/s"
      << "\n";
  for (const AcceleratorSpec& a : catalog.accelerators) {
    out << std::left << std::setw(16) << a.name << std::right << std::setprecision(0) << std::setw(8) << a.tdp_w
        << std::setw(8) << a.idle_w << std::setw(14) << a.peak_flop_per_s / kTera << std::setw(8)
        << a.hbm_capacity_bytes / kGigabyte << std::setprecision(3) << std::setw(10)
        << a.hbm_bandwidth_bytes_per_s / kTerabytePerS << "  " << a.description << "\n";
    out << "    source: " << a.source << "\n";
  }
  return out.str();
}

std::string format_servers(const HardwareCatalog& catalog) {
  std::ostringstream out;
  out << std::fixed;
  out << "Servers (host: everything but the accelerators, linear in the accelerators' load from idle to loaded)\n";
  out << std::left << std::setw(26) << "name" << std::setw(17) << "accelerator" << std::right << std::setw(6) << "count"
      << std::setw(10) << "max W" << std::setw(14) << "host idle W" << std::setw(16) << "host loaded W"
      << "\n";
  out << std::setprecision(0);
  for (const ServerSpec& s : catalog.servers) {
    out << std::left << std::setw(26) << s.name << std::setw(17) << s.accelerator << std::right << std::setw(6)
        << s.accelerators_per_server << std::setw(10) << s.max_power_w << std::setw(14) << s.host.idle_w
        << std::setw(16) << s.host.loaded_w << "\n";
    out << "    source: " << s.source << "\n";
  }
  out << "\nA cluster takes its `server`, or else the first server above that holds its accelerator, with the host "
         "scaled per accelerator; server_overhead (constant) or host_idle_power and host_loaded_power replace it.\n";
  return out.str();
}

}  // namespace terawatt
