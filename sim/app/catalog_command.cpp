#include "sim/app/catalog_command.hpp"

#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/grid/grid_presets.hpp"
#include "models/power/catalog_format.hpp"
#include "sim/app/catalog_json.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/scenario/hardware_reader.hpp"

#include <algorithm>
#include <iostream>

namespace terawatt {
namespace {

const char* const catalog_usage =
    "usage: terawatt catalog [accelerators|servers|facilities|climates|grids] [--json] [--catalog FILE]...\n"
    "  accelerators ...  only that table (or that list in JSON)\n"
    "  --json            machine-readable, every numeric field with its unit\n"
    "  --catalog FILE    add a catalog file's accelerators, servers and facility presets (repeatable)\n";

struct CatalogRequest {
  std::vector<std::string> kinds;  // empty: all
  bool json = false;
  std::vector<std::string> catalog_files;
};

int refuse(const std::string& message) {
  std::cerr << "terawatt: catalog: " << message << '\n';
  return exit_usage;
}

// Reads the arguments into `request`; returns an error message, or "" when they are all understood.
std::string parse_request(const std::vector<std::string>& args, CatalogRequest& request) {
  const auto& kinds = catalog_kinds();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      request.json = true;
    } else if (arg == "--catalog") {
      if (i + 1 == args.size()) return "--catalog: missing the file (expected --catalog FILE)";
      request.catalog_files.push_back(args[++i]);
    } else if (arg.rfind("--catalog=", 0) == 0) {
      request.catalog_files.push_back(arg.substr(10));
    } else if (std::find(kinds.begin(), kinds.end(), arg) != kinds.end()) {
      request.kinds.push_back(arg);
    } else {
      return "unexpected argument '" + arg +
             "' (expected one of: accelerators, servers, facilities, climates, "
             "grids, --json, --catalog FILE)";
    }
  }
  if (request.kinds.empty()) request.kinds = kinds;
  return "";
}

std::string tables(const HardwareCatalog& hardware, const std::vector<std::string>& kinds) {
  const auto wanted = [&kinds](const char* kind) { return std::find(kinds.begin(), kinds.end(), kind) != kinds.end(); };
  std::string out;
  const auto add = [&out](const std::string& table) { out += (out.empty() ? "" : "\n") + table; };
  if (wanted("accelerators")) add(format_accelerators(hardware));
  if (wanted("servers")) add(format_servers(hardware));
  if (wanted("facilities")) add(format_facility_presets(all_facilities(hardware)));
  if (wanted("climates")) add(format_climates());
  if (wanted("grids")) add(format_grid_presets());
  return out;
}

}  // namespace

int catalog_main(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << catalog_usage;
    return 0;
  }
  CatalogRequest request;
  const std::string problem = parse_request(args, request);
  if (!problem.empty()) return refuse(problem);
  ScenarioHardware hardware{builtin_catalog(), {}};
  try {
    for (const auto& path : request.catalog_files) read_catalog_file(path, hardware);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  }
  std::cout << (request.json ? catalog_json(hardware.catalog, request.kinds) : tables(hardware.catalog, request.kinds));
  return 0;
}

}  // namespace terawatt
