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

// The candidate closest to `name` (compared case-insensitively), returned as
// spelled in `candidates`; "" when none is within a useful distance, i.e.
// distance <= max(2, name.size() / 3) and less than the longer string's length
// (so a short name is not "near" a candidate it shares nothing with). Ties go
// to the earlier candidate. An empty name gets no suggestion.
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
