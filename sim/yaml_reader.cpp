#include "sim/yaml_reader.hpp"

#include "models/nearest_name.hpp"

#include <yaml-cpp/depthguard.h>

#include <cctype>
#include <cstdio>

namespace terawatt {

std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string nearest = nearest_name(name, candidates);
  return nearest.empty() ? std::string() : " (did you mean '" + nearest + "'?)";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool is_valid_name(const std::string& name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

YAML::Node load_yaml_document(const std::string& text, const std::string& display_name, const std::string& what) {
  const auto located = [&display_name](const YAML::Mark& mark) {
    return mark.is_null() ? display_name
                          : display_name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  };
  try {
    const std::vector<YAML::Node> documents = YAML::LoadAll(text);
    for (std::size_t i = 1; i < documents.size(); ++i) {
      if (documents[i].IsNull()) continue;  // a trailing "---" adds an empty document
      throw ScenarioError(located(documents[i].Mark()), "",
                          "a second YAML document (after '---') would be ignored (expected one " + what +
                              " per file)");
    }
    return documents.empty() ? YAML::Node() : documents.front();
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(located(e.mark), "", "YAML nesting deeper than " + std::to_string(e.depth()) +
                                                 " levels (expected a " + what + " a few levels deep)");
  } catch (const YAML::Exception& e) {
    throw ScenarioError(located(e.mark), "", "YAML syntax error: " + e.msg);
  }
}

std::string node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + node.Scalar() + "'";
}

}  // namespace terawatt
