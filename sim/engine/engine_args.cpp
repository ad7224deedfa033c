#include "sim/engine/engine_args.hpp"

#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace terawatt {
namespace {

enum class ValueKind { choice, boolean, real, integer };

// One accepted --cfg setting: its name as SimGrid spells it and the values the program lets through.
struct EngineSetting {
  const char* name;
  ValueKind kind;
  std::vector<const char*> choices;  // ValueKind::choice
  double minimum = 0.0;              // real and integer
  bool minimum_excluded = false;     // real: the value must be greater than `minimum`
  double maximum = 0.0;              // integer
  const char* expected;              // how the message describes a valid value
};

// SimGrid keeps stack and guard sizes in an int of bytes (value * 1024, value * page size): larger values overflow.
constexpr double max_stack_kib = 2147483647.0 / 1024.0;
constexpr double max_guard_pages = 2147483647.0 / 4096.0;
// Smallest actor stack accepted, in KiB. Assumption: measured here, the smallest stack with which a training job and
// an inference service both run is 8 KiB (4 KiB crashes); 64 KiB, eight times that, leaves room for deeper paths
// (exception unwinding through actor_guard, larger scenarios) instead of a crash. SimGrid's default is 8192 KiB.
constexpr double min_stack_kib = 64.0;

const std::vector<EngineSetting>& engine_settings() {
  static const std::vector<EngineSetting> settings{
      // The network models checked to run the program's platforms: Constant aborts on their links, and ns-3 (another
      // simulator behind SimGrid) was not tried.
      {"network/model", ValueKind::choice, {"LV08", "CM02", "SMPI", "IB"}, 0, false, 0, "one of: LV08, CM02, SMPI, IB"},
      {"network/optim", ValueKind::choice, {"Lazy", "Full"}, 0, false, 0, "one of: Lazy, Full"},
      {"cpu/optim", ValueKind::choice, {"Lazy", "Full", "TI"}, 0, false, 0, "one of: Lazy, Full, TI"},
      {"network/TCP-gamma", ValueKind::real, {}, 0.0, false, 0, "a number of bytes >= 0 (0: no TCP window)"},
      {"network/crosstraffic", ValueKind::boolean, {}, 0, false, 0, "yes, no, on, off, true, false, 1 or 0"},
      {"network/latency-factor", ValueKind::real, {}, 0.0, false, 0, "a number >= 0"},
      // A bandwidth factor of 0 would leave every transfer unfinished: a hang, not a result.
      {"network/bandwidth-factor", ValueKind::real, {}, 0.0, true, 0, "a number > 0"},
      {"network/weight-S", ValueKind::real, {}, 0.0, false, 0, "a number >= 0"},
      {"network/loopback-lat", ValueKind::real, {}, 0.0, false, 0, "a number of seconds >= 0"},
      {"network/loopback-bw", ValueKind::real, {}, 0.0, true, 0, "a number of bytes per second > 0"},
      {"surf/precision", ValueKind::real, {}, 0.0, true, 0, "a number of seconds > 0"},
      {"maxmin/precision", ValueKind::real, {}, 0.0, true, 0, "a number > 0"},
      // The factories Debian's SimGrid 3.32 is built with (it lists them when given an unknown one).
      {"contexts/factory",
       ValueKind::choice,
       {"raw", "ucontext", "boost", "thread"},
       0,
       false,
       0,
       "one of: raw, ucontext, boost, thread"},
      {"contexts/stack-size",
       ValueKind::integer,
       {},
       min_stack_kib,
       false,
       max_stack_kib,
       "a whole number of KiB from 64 to 2097151"},
      {"contexts/guard-size",
       ValueKind::integer,
       {},
       0.0,
       false,
       max_guard_pages,
       "a whole number of memory pages from 0 to 524287"},
  };
  return settings;
}

std::string accepted_names() {
  std::string names;
  for (const auto& setting : engine_settings()) names += std::string(names.empty() ? "" : ", ") + setting.name;
  return names;
}

bool parses_as_number(const std::string& text, double& value) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  return *end == '\0' && errno == 0 && std::isfinite(value);
}

bool value_accepted(const EngineSetting& setting, const std::string& value) {
  double number = 0.0;
  switch (setting.kind) {
    case ValueKind::choice:
      return std::any_of(setting.choices.begin(), setting.choices.end(),
                         [&value](const char* choice) { return value == choice; });
    case ValueKind::boolean:
      for (const char* word : {"yes", "on", "true", "1", "no", "off", "false", "0"}) {
        if (value == word) return true;  // config.cpp parse_bool: exact, lower case
      }
      return false;
    case ValueKind::real:
      return parses_as_number(value, number) &&
             (setting.minimum_excluded ? number > setting.minimum : number >= setting.minimum);
    case ValueKind::integer:
      return value.find_first_not_of("0123456789") == std::string::npos && parses_as_number(value, number) &&
             number >= setting.minimum && number <= setting.maximum;
  }
  return false;
}

// One "name:value" of a --cfg argument.
std::string cfg_setting_problem(const std::string& setting_text) {
  const std::size_t colon = setting_text.find(':');
  if (colon == std::string::npos || colon == 0) {
    return "'" + setting_text + "' is not a SimGrid setting (expected --cfg=name:value, e.g. --cfg=network/model:CM02)";
  }
  const std::string name = setting_text.substr(0, colon);
  const std::string value = setting_text.substr(colon + 1);
  const auto& settings = engine_settings();
  const auto found = std::find_if(settings.begin(), settings.end(),
                                  [&name](const EngineSetting& setting) { return name == setting.name; });
  if (found == settings.end()) {
    return "'" + name + "' is not a setting terawatt passes to SimGrid (expected one of: " + accepted_names() + ")";
  }
  if (!value_accepted(*found, value)) {
    return "'" + setting_text + "': '" + value + "' is not a valid " + name + " (expected " + found->expected + ")";
  }
  return "";
}

// A log layout as xbt_log_layout_format_doit reads it: '%', optional length and precision, then a conversion. An
// unknown conversion or a trailing '%' aborts the program when the first message is printed.
bool layout_is_valid(const std::string& format) {
  for (std::size_t at = 0; at < format.size(); ++at) {
    if (format[at] != '%') continue;
    ++at;
    while (at < format.size() && (std::isdigit(static_cast<unsigned char>(format[at])) || format[at] == '.')) ++at;
    if (at == format.size() || std::strchr("%necphtPaiFlLMdrm", format[at]) == nullptr) return false;
  }
  return true;
}

// Why `path` cannot be opened for writing (fopen(path, "w"), as the file appender does), or "".
std::string unwritable_reason(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) return "the file name is empty";
  std::error_code error;
  const fs::path file(path);
  if (fs::is_directory(file, error)) return "'" + path + "' is a directory";
  if (fs::exists(file, error)) {
    return access(path.c_str(), W_OK) == 0 ? "" : "'" + path + "' is not writable: " + std::strerror(errno);
  }
  const fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  if (!fs::is_directory(parent, error)) return "the directory '" + parent.string() + "' does not exist";
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    return "the directory '" + parent.string() + "' is not writable: " + std::strerror(errno);
  }
  return "";
}

// One "CATEGORY.option:value" of a --log argument (log.cpp _xbt_log_parse_setting).
std::string log_setting_problem(const std::string& part) {
  const std::string expected =
      " (expected --log=CATEGORY.thres:LEVEL, CATEGORY.fmt:FORMAT, CATEGORY.app:stdout|stderr|file:PATH, "
      "CATEGORY.add:on|off or no_loc, e.g. --log=root.thres:warning)";
  const std::size_t dot = part.find_first_of(".:= ");
  const std::size_t colon = part.find_first_of(":= ", dot == std::string::npos ? 0 : dot);
  if (dot == std::string::npos || part[dot] != '.' || colon == std::string::npos) {
    return "'" + part + "' is not a SimGrid log setting" + expected;
  }
  const std::string option = part.substr(dot + 1, colon - dot - 1);
  const std::string value = part.substr(colon + 1);
  // SimGrid takes any prefix of an option's name, the empty one included.
  const auto is_prefix_of = [&option](const char* keyword) {
    return std::strncmp(option.c_str(), keyword, option.size()) == 0;
  };
  const auto is_one_of = [&value](std::initializer_list<const char*> words) {
    return std::any_of(words.begin(), words.end(),
                       [&value](const char* word) { return strcasecmp(value.c_str(), word) == 0; });
  };
  if (is_prefix_of("threshold")) {
    if (!is_one_of({"trace", "debug", "verbose", "info", "warning", "error", "critical"})) {
      return "'" + part + "' has unknown level '" + value +
             "' (expected one of: trace, debug, verbose, info, warning, error, critical)";
    }
  } else if (is_prefix_of("additivity")) {
    if (!is_one_of({"on", "off", "yes", "no", "1", "0"})) {
      return "'" + part + "' has additivity '" + value + "' (expected on, off, yes, no, 1 or 0)";
    }
  } else if (is_prefix_of("appender")) {
    if (value == "stdout" || value == "stderr") return "";
    if (value.rfind("file:", 0) != 0) {
      return "'" + part + "' has appender '" + value + "' (expected stdout, stderr or file:PATH)";
    }
    const std::string reason = unwritable_reason(value.substr(5));
    if (!reason.empty()) return "'" + part + "': cannot write the log file: " + reason;
  } else if (is_prefix_of("fmt")) {
    if (!layout_is_valid(value)) {
      return "'" + part + "' has an invalid layout '" + value +
             "' (expected text with %m, %c, %p, %h, %a, %t, %i, %F, %l, %L, %M, %d, %r, %n, %e or %%, "
             "each with an optional width such as %10.3d)";
    }
  } else {
    return "'" + part + "' has unknown option '" + option + "'" + expected;
  }
  return "";
}

}  // namespace

std::string accepted_engine_settings() {
  std::string text;
  for (const auto& setting : engine_settings()) {
    text += "  --cfg=" + std::string(setting.name) + ":VALUE    " + setting.expected + "\n";
  }
  return text;
}

// Settings are split as SimGrid 3.32 splits them: src/xbt/config.cpp (set_parse) and src/xbt/log.cpp
// (xbt_log_control_set, xbt_str_split_quoted).
std::string engine_arg_problem(const std::string& arg) {
  if (arg.rfind("--cfg=", 0) == 0) {
    const std::string settings = arg.substr(6);
    for (std::size_t begin = 0; begin < settings.size();) {
      begin = settings.find_first_not_of(" \t\n,", begin);
      if (begin == std::string::npos) break;
      const std::size_t end = std::min(settings.find_first_of(" \t\n,", begin), settings.size());
      std::string problem = cfg_setting_problem(settings.substr(begin, end - begin));
      if (!problem.empty()) return problem;
      begin = end;
    }
    return "";
  }
  const std::string settings = arg.substr(6);  // --log=
  if (settings == "no_loc") return "";
  // Space-separated settings; quotes group a value that contains spaces.
  std::vector<std::string> parts(1);
  char quote = 0;
  for (char c : settings) {
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else {
        parts.back() += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ' ') {
      if (!parts.back().empty()) parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  for (const auto& part : parts) {
    if (part.empty()) continue;
    std::string problem = log_setting_problem(part);
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace terawatt
