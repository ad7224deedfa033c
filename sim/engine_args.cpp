#include "sim/engine_args.hpp"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace terawatt {

// Mirrors how SimGrid 3.32 parses them: src/xbt/config.cpp (set_parse) and src/xbt/log.cpp
// (_xbt_log_parse_setting).
std::string engine_arg_problem(const std::string& arg) {
  if (arg.rfind("--cfg=", 0) == 0) {
    const std::string settings = arg.substr(6);
    for (std::size_t begin = 0; begin < settings.size();) {
      begin = settings.find_first_not_of(" \t\n,", begin);
      if (begin == std::string::npos) break;
      const std::size_t end = std::min(settings.find_first_of(" \t\n,", begin), settings.size());
      const std::string setting = settings.substr(begin, end - begin);
      if (setting.find(':') == std::string::npos || setting.front() == ':') {
        return "'" + setting + "' is not a SimGrid setting (expected --cfg=name:value, e.g. --cfg=network/model:CM02)";
      }
      begin = end;
    }
    return "";
  }
  const std::string settings = arg.substr(6);  // --log=
  if (settings == "no_loc") return "";
  // Space-separated settings; quotes group a value that contains spaces (xbt_str_split_quoted).
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
  const std::string expected =
      " (expected --log=CATEGORY.thres:LEVEL, CATEGORY.fmt:FORMAT, CATEGORY.app:file:PATH, CATEGORY.add:yes|no "
      "or no_loc, e.g. --log=root.thres:warning)";
  for (const auto& part : parts) {
    if (part.empty()) continue;
    const std::size_t dot = part.find_first_of(".:= ");
    const std::size_t colon = part.find_first_of(":= ", dot == std::string::npos ? 0 : dot);
    if (dot == std::string::npos || part[dot] != '.' || colon == std::string::npos) {
      return "'" + part + "' is not a SimGrid log setting" + expected;
    }
    const std::string option = part.substr(dot + 1, colon - dot - 1);
    const std::string value = part.substr(colon + 1);
    const auto is_prefix_of = [&option](const char* keyword) {
      return std::strncmp(option.c_str(), keyword, option.size()) == 0;
    };
    if (is_prefix_of("threshold")) {
      bool known = false;
      for (const char* level : {"trace", "debug", "verbose", "info", "warning", "error", "critical"}) {
        known = known || strcasecmp(value.c_str(), level) == 0;
      }
      if (!known) {
        return "'" + part + "' has unknown level '" + value +
               "' (expected one of: trace, debug, verbose, info, warning, error, critical)";
      }
    } else if (!is_prefix_of("additivity") && !is_prefix_of("appender") && !is_prefix_of("fmt")) {
      return "'" + part + "' has unknown option '" + option + "'" + expected;
    }
  }
  return "";
}

}  // namespace terawatt
