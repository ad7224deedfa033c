#pragma once
// What every subcommand's argument parsing shares: its options plus one positional argument, and the usage error.

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// Parses `args` against `visible` plus one positional argument named `positional_name`, stored in
// `positional_value`. Throws boost::program_options::error for the caller to report as a usage error.
boost::program_options::variables_map parse_command_arguments(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    const std::string& positional_name, std::string& positional_value);

// `text` as a count of at least 1: digits only (no sign, so that "-1" is not read as a huge unsigned number, as
// boost::program_options' conversion would), at most 9 of them. nullopt for anything else.
std::optional<unsigned> positive_count(const std::string& text);

// The program's exit codes, the same for every command: a runtime failure (or an incomplete sweep table) and a
// usage or scenario error, which names the file, line and key.
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

// Call from a `catch (...)` block: reports the exception in flight on stderr and returns its exit code. A scenario
// error (it names its file, line and key) exits 2, a stop by signal 128 + the signal, anything else 1; `who` starts
// the line ("terawatt", "terawatt validate").
int report_command_failure(const std::string& who);

// "terawatt COMMAND: message" and a pointer to the command's help on stderr; returns exit code 2.
int command_usage_error(const std::string& command, const std::string& message);

}  // namespace terawatt
