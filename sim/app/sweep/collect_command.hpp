#pragma once
// `terawatt collect DIR [-o TABLE.h5] [--csv [TABLE.csv]] [--metric EXPR]...`: one table of a sweep's points.
// Exit codes: 0 every point done, 1 some points failed or are missing (the table is still written, with NaN
// metrics for them, and they are listed), 2 usage error, a directory without a plan, or a metric that names
// nothing in the points' /summary.

#include <string>
#include <vector>

namespace terawatt {

int collect_main(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace terawatt
