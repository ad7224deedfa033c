#include "models/base/nearest_name.hpp"

#include <algorithm>
#include <cctype>

namespace terawatt {
namespace {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The words of a name: its runs of letters and digits ("a100-sxm4-80gb" -> a100, sxm4, 80gb).
std::vector<std::string> words_of(const std::string& lowered) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : lowered) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// Every word of `name` begins a word of `candidate`, in the same order ("h100-pci" in "h100-pcie", "a100-80gb" in
// "a100-sxm4-80gb").
bool words_begin_words(const std::vector<std::string>& name, const std::vector<std::string>& candidate) {
  std::size_t next = 0;
  for (const std::string& word : name) {
    while (next < candidate.size() && !starts_with(candidate[next], word)) ++next;
    if (next == candidate.size()) return false;
    ++next;
  }
  return true;
}

// The first candidate that `lowered` abbreviates: the beginning of the candidate, or the beginnings of its words.
// Names shorter than this abbreviate too much to be a useful hint.
constexpr std::size_t kShortestAbbreviation = 3;

const std::string* abbreviated(const std::string& lowered, const std::vector<std::string>& candidates) {
  if (lowered.size() < kShortestAbbreviation) return nullptr;
  for (const std::string& candidate : candidates) {
    if (starts_with(to_lower(candidate), lowered)) return &candidate;
  }
  const std::vector<std::string> words = words_of(lowered);
  if (words.empty()) return nullptr;
  for (const std::string& candidate : candidates) {
    if (words_begin_words(words, words_of(to_lower(candidate)))) return &candidate;
  }
  return nullptr;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows suffice: the transposition step looks back two rows.
  const std::size_t n = b.size();
  std::vector<std::size_t> before_previous(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before_previous[j - 2] + 1);
      }
    }
    std::swap(before_previous, previous);
    std::swap(previous, current);
  }
  return previous[n];
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.empty()) return "";
  const std::string lowered = to_lower(name);
  for (const std::string& candidate : candidates) {
    if (to_lower(candidate) == lowered) return candidate;
  }
  if (const std::string* shortened = abbreviated(lowered, candidates)) return *shortened;
  const std::size_t limit = std::max<std::size_t>(2, name.size() / 3);

  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(lowered, to_lower(candidate));
    if (d > limit || d >= std::max(name.size(), candidate.size())) continue;
    if (best == nullptr || d < best_distance) {
      best = &candidate;
      best_distance = d;
    }
  }
  return best != nullptr ? *best : std::string();
}

}  // namespace terawatt
