// libFuzzer harness over the scenario loaders: the bytes are a scenario file's text. A located ScenarioError is
// the loader doing its job (the program's exit 2); any other exception escaping, a crash, a sanitizer report, a
// leak, a timeout or running out of memory is a finding. Built only with -DTERAWATT_FUZZ=ON (cmake/Fuzz.cmake).

#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// The name errors are located at; a relative path so that files a scenario names resolve under the working folder.
constexpr const char* display_name = "fuzz.yaml";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // The program's own choice between the two loaders (sim/app/run_command.cpp), made on the same text.
    if (terawatt::is_projection_text(text)) {
      (void)terawatt::load_projection_text(text, display_name);
    } else {
      (void)terawatt::load_scenario_text(text, display_name);
    }
  } catch (const terawatt::ScenarioError&) {
    // A refused scenario: the normal outcome for most inputs. Anything else propagates and aborts the run.
  }
  return 0;
}
