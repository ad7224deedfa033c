// libFuzzer harness over the scenario loaders: the bytes are a scenario file's text. A located ScenarioError is
// the loader doing its job (the program's exit 2); any other exception escaping, a crash, a sanitizer report, a
// leak, a timeout or running out of memory is a finding. Built only with -DTERAWATT_FUZZ=ON (cmake/Fuzz.cmake).

#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// The name errors are located at; a relative path so that files a scenario names resolve under the working folder.
constexpr const char* display_name = "fuzz.yaml";

// The program's own test (is_projection_file) on text: a mapping with a top-level `projection` key. The document is
// parsed through the guarded reader, so that the loaders' protections against yaml-cpp's hangs apply here too.
bool is_projection_text(const std::string& text) {
  const YAML::Node document = terawatt::load_yaml_document(text, display_name, "scenario");
  return document.IsMap() && document["projection"];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    if (is_projection_text(text)) {
      (void)terawatt::load_projection_text(text, display_name);
    } else {
      (void)terawatt::load_scenario_text(text, display_name);
    }
  } catch (const terawatt::ScenarioError&) {
    // A refused scenario: the normal outcome for most inputs. Anything else propagates and aborts the run.
  }
  return 0;
}
