#pragma once
// The files a run reads (scenario, weather, grid and trace files) are checked before they are opened: a FIFO or a
// device would block or never end, and a huge file would exhaust memory long before a parse error. Only regular
// files below a stated size are read.

#include <cstdint>
#include <string>

namespace terawatt {

// A scenario is a few kB (the largest shipped one is about 10 kB). yaml-cpp holds every node of the document in
// memory, several hundred bytes per scalar, so 16 MiB of YAML already costs gigabytes: an assumption that nobody
// writes a scenario of over a thousand times the largest shipped one.
constexpr std::uintmax_t max_scenario_file_bytes = std::uintmax_t{16} << 20;

// An hourly CSV row is about 30-60 bytes and an EPW row about 100-150 bytes, so 256 MiB holds several million
// hourly rows (centuries of hourly data) or a trace of tens of millions of arrivals, more than a run can use
// (1e8 samples, sim/scenario/scenario_loader.cpp), while the parsed values stay below a few GB.
constexpr std::uintmax_t max_data_file_bytes = std::uintmax_t{256} << 20;

// Why `path` cannot be read as an input of at most `max_bytes` (not there, not a regular file, too large), with
// the fix; empty when it can. Symbolic links are followed, so a link to a device is refused as the device.
// `what` names the file in the message ("file", "scenario file", "trace").
std::string input_file_problem(const std::string& path, std::uintmax_t max_bytes, const std::string& what);

}  // namespace terawatt
