#include "sim/app/common/command_line.hpp"

#include "sim/app/common/stop_signals.hpp"
#include "sim/scenario/scenario_error.hpp"

#include <exception>
#include <iostream>

namespace terawatt {

namespace po = boost::program_options;

po::variables_map parse_command_arguments(const std::vector<std::string>& args, const po::options_description& visible,
                                          const std::string& positional_name, std::string& positional_value) {
  po::options_description hidden;
  hidden.add_options()(positional_name.c_str(), po::value<std::string>(&positional_value));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name.c_str(), 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  return vm;
}

std::optional<unsigned> positive_count(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const auto value = static_cast<unsigned>(std::stoul(text));
  if (value == 0) return std::nullopt;
  return value;
}

int command_usage_error(const std::string& command, const std::string& message) {
  std::cerr << "terawatt " << command << ": " << message << "\n(see terawatt " << command << " --help)\n";
  return exit_usage;
}

int report_command_failure(const std::string& who) {
  try {
    throw;
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  } catch (const StoppedBySignal& e) {
    std::cerr << who << ": " << e.what() << '\n';
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << who << ": error: " << e.what() << '\n';
    return exit_failure;
  }
}

}  // namespace terawatt
