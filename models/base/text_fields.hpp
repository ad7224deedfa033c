#pragma once
// Plain text cut into fields: the comma-separated lines of the data files the models read (EPW weather, hourly
// CSV; no quoting, no escapes) and the tokens within them; and one field for a CSV file the program writes. Fields are
// views into the caller's text, so that a year of rows is split without copying; the text must outlive them.

#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// Without leading and trailing whitespace (std::isspace).
std::string_view trim(std::string_view text);

// The fields between commas, untrimmed: callers decide whether padding matters. An empty line is one empty field,
// and a trailing comma adds an empty last field.
std::vector<std::string_view> split_commas(std::string_view line);

// `text` as one field of a CSV line: quoted when it holds a comma, a quote or a line break, its quotes doubled
// (RFC 4180).
std::string csv_field(std::string_view text);

// At most max_excerpt_chars of `text` for an error message, bytes outside printable ASCII written as \xNN and a
// cut marked with "...": a message names the offending field without reproducing a file's content (the first line
// of whatever file a path points at, say).
constexpr std::size_t max_excerpt_chars = 24;
std::string excerpt(std::string_view text);

}  // namespace terawatt
