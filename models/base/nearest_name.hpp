// Spelling suggestions for unknown names, e.g.
// "unknown key 'duraton' (did you mean 'duration'?)".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// Optimal-string-alignment distance: Levenshtein (insert, delete, substitute)
// plus transposition of two adjacent characters, each costing 1. Byte-wise and
// case-sensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate `name` most likely means, returned as spelled in `candidates` (names compared case-insensitively), or
// "" when none is near. In order: the same name; the first candidate that begins with `name`, then the first whose
// words begin with `name`'s words in order ("h100" -> "h100-sxm", "a100-80gb" -> "a100-sxm4-80gb"), for names of at
// least three characters; else the closest by edit distance, within max(2, name.size() / 3) and less than the
// longer string's length (so a short name is not "near" a candidate it shares nothing with), ties to the earlier
// candidate. An empty name gets no suggestion.
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

// The `name` of every item, in order: the candidates of nearest_name, of an "expected one of" list, or the labels
// of an output dimension.
template <typename Item>
std::vector<std::string> names_of(const std::vector<Item>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

}  // namespace terawatt
