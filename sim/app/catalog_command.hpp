#pragma once
// `terawatt catalog [accelerators|servers|facilities|climates|grids] [--json] [--catalog FILE]...`: the built-in
// hardware, facility, climate and grid presets, with the user's catalog files added, as tables with their sources or
// as JSON (sim/app/catalog_json.hpp).

#include <string>
#include <vector>

namespace terawatt {

// Returns the exit code: 0, or 2 for a bad argument or catalog file (one located line on stderr).
int catalog_main(const std::vector<std::string>& args);

}  // namespace terawatt
