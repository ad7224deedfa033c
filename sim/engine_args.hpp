#pragma once
// SimGrid's own --cfg=... and --log=... options, passed through to the engine. SimGrid aborts (xbt_die) on a
// malformed one, which would be a crash that leaves a .partial output behind, so their syntax is checked first.

#include <string>

namespace terawatt {

// The problem with one "--cfg=..." or "--log=..." argument, or "" when SimGrid 3.32 will accept its syntax.
// Values it rejects later (unknown keys, unknown models) still fail when the engine starts.
std::string engine_arg_problem(const std::string& arg);

}  // namespace terawatt
