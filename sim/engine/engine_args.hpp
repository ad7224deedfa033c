#pragma once
// SimGrid's own --cfg=... and --log=... options, passed through to the engine. SimGrid aborts (xbt_die, a failed
// assertion, or a segmentation fault) on many values it cannot use, and does so inside the engine, after the output
// file was opened. So the program accepts only the settings it documents, each with the values SimGrid 3.32 itself
// accepts for it (src/simgrid/sg_config.cpp, src/surf/surf_interface.cpp, src/kernel/EngineImpl.cpp, src/xbt/log.cpp
// and src/xbt/xbt_log_layout_format.cpp at tag v3.32), checked before anything is read or written.
//
// Why a list of accepted settings rather than a trial engine in a child process: many values abort only when the
// engine first uses them (the context factory when the first actor starts, a too-small stack when an actor runs
// deep enough, the network model when the platform is sealed, a log layout when the first message is printed), so
// a trial run would have to exercise everything the real run does to be sure, and its failure would still be
// SimGrid's many-line dump rather than a message naming the setting.

#include <string>

namespace terawatt {

// The problem with one "--cfg=..." or "--log=..." argument, or "" when the engine will accept it.
std::string engine_arg_problem(const std::string& arg);

// The --cfg settings the program accepts, one per line with their values, for --help.
std::string accepted_engine_settings();

}  // namespace terawatt
