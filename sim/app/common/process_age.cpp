#include "sim/app/common/process_age.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace terawatt {

std::optional<double> process_age_s() {
  std::ifstream stat_file("/proc/self/stat");
  std::ifstream uptime_file("/proc/uptime");
  std::string stat;
  double uptime_s = 0.0;
  if (!std::getline(stat_file, stat) || !(uptime_file >> uptime_s)) return std::nullopt;
  // proc(5): the command name (field 2) is in parentheses and may hold blanks; field 22, starttime, is the 20th
  // field after its closing parenthesis, in clock ticks since boot.
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(name_end + 1));
  std::string field;
  for (int i = 0; i < 20 && fields >> field; ++i) {
  }
  const long ticks_per_s = sysconf(_SC_CLK_TCK);
  if (!fields || ticks_per_s <= 0) return std::nullopt;
  try {
    const double start_s = std::stod(field) / static_cast<double>(ticks_per_s);
    return uptime_s >= start_s ? uptime_s - start_s : 0.0;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace terawatt
