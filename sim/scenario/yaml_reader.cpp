#include "sim/scenario/yaml_reader.hpp"

#include "models/base/input_file.hpp"
#include "models/base/nearest_name.hpp"
#include "models/base/text_fields.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

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

namespace {

// Finds an alias inside the very list or mapping its anchor names (`a: &x [*x]`, `m: &m {k: *m}`). yaml-cpp builds
// such a document as a cyclic graph, and every reader that walks it (a value given by year, region or case,
// nested without end) would recurse until the stack overflows. Reading the parser's events sees the alias while
// its anchor's node is still open.
class CyclicAliasFinder : public YAML::EventHandler {
 public:
  // The first cyclic alias: where it is and its anchor's name; nullopt when there is none.
  std::optional<std::pair<YAML::Mark, std::string>> found;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { pending_name_.clear(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {
    pending_name_.clear();
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (found) return;
    for (const auto& [open_anchor, name] : open_) {
      if (open_anchor == anchor) found.emplace(mark, name);
    }
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnMapEnd() override { open_.pop_back(); }

 private:
  void open(YAML::anchor_t anchor) {
    open_.emplace_back(anchor, pending_name_);
    pending_name_.clear();
  }
  std::vector<std::pair<YAML::anchor_t, std::string>> open_;  // the lists and mappings being read, outermost first
  std::string pending_name_;                                  // the anchor announced for the next node
};

// yaml-cpp 0.7 loops forever, allocating, on a ',' outside any flow collection at the start of a document (a file
// holding only ",", or `"x",`): its multi-document loader starts a new empty document at the ',' again and again
// without consuming it (fixed upstream after 0.7). A first pass over the parse events stops at the first document
// that starts where the previous one did, which no well-formed stream does, since every document but the first
// consumes at least one token.
class StallGuard : public YAML::EventHandler {
 public:
  // The position of the document that starts where the previous one did, if one does.
  std::optional<YAML::Mark> stalled_at(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(*this)) {
      if (stalled_) return previous_start_;
    }
    return std::nullopt;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    stalled_ = documents_ > 0 && mark.pos == previous_start_.pos;
    previous_start_ = mark;
    ++documents_;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  YAML::Mark previous_start_ = YAML::Mark::null_mark();
  std::size_t documents_ = 0;
  bool stalled_ = false;
};

}  // namespace

std::string read_yaml_file(const std::string& path, const std::string& what) {
  const std::string problem = input_file_problem(path, max_scenario_file_bytes, what);
  if (!problem.empty()) throw ScenarioError(path, "", problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the " + what + ": " + std::string(std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

YAML::Node load_yaml_document(const std::string& text, const std::string& display_name, const std::string& what) {
  const auto located = [&display_name](const YAML::Mark& mark) {
    return mark.is_null() ? display_name
                          : display_name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  };
  try {
    if (const auto stalled = StallGuard().stalled_at(text)) {
      throw ScenarioError(located(*stalled), "",
                          "YAML syntax error: ',' outside a list or mapping in brackets "
                          "(expected 'key: value' lines)");
    }
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    CyclicAliasFinder finder;
    while (!finder.found && parser.HandleNextDocument(finder)) {
    }
    if (finder.found) {
      const auto& [mark, name] = *finder.found;
      throw ScenarioError(located(mark), "",
                          "the alias '*" + name +
                              "' refers to a node that contains it, a cycle "
                              "(expected an alias to an anchor defined before and outside it)");
    }
    const std::vector<YAML::Node> documents = YAML::LoadAll(text);
    for (std::size_t i = 1; i < documents.size(); ++i) {
      if (documents[i].IsNull()) continue;  // a trailing "---" adds an empty document
      throw ScenarioError(located(documents[i].Mark()), "",
                          "a second YAML document (after '---') would be ignored (expected one " + what + " per file)");
    }
    return documents.empty() ? YAML::Node() : documents.front();
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(located(e.mark), "",
                        "YAML nesting deeper than " + std::to_string(e.depth()) + " levels (expected a " + what +
                            " a few levels deep)");
  } catch (const YAML::Exception& e) {
    throw ScenarioError(located(e.mark), "", "YAML syntax error: " + e.msg);
  }
}

std::string node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + excerpt(node.Scalar()) + "'";
}

}  // namespace terawatt
