#include "models/base/csv_line.hpp"

#include "models/base/text_fields.hpp"

namespace terawatt {

namespace {

// The text of the quoted field whose opening quote is at line[open]; `end` receives the index just past the
// closing quote.
std::string quoted_field(std::string_view line, std::size_t open, std::size_t& end) {
  std::string text;
  std::size_t i = open + 1;
  while (i < line.size()) {
    if (line[i] != '"') {
      text += line[i++];
    } else if (i + 1 < line.size() && line[i + 1] == '"') {
      text += '"';  // "" inside quotes is one quote
      i += 2;
    } else {
      end = i + 1;
      return text;
    }
  }
  throw CsvLineError("a quoted field starting at column " + std::to_string(open + 1) +
                     " is not closed on this line (expected a closing '\"'; line breaks inside quotes are not read)");
}

}  // namespace

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t begin = 0;
  while (true) {
    std::size_t comma = line.find(',', begin);
    const std::string_view ahead =
        line.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin);
    const std::string_view padded = trim(ahead);
    if (!padded.empty() && padded.front() == '"') {
      std::size_t end = 0;
      fields.push_back(quoted_field(line, begin + static_cast<std::size_t>(padded.data() - ahead.data()), end));
      comma = line.find(',', end);
      const std::string_view after =
          line.substr(end, comma == std::string_view::npos ? std::string_view::npos : comma - end);
      if (!trim(after).empty()) {
        throw CsvLineError("text '" + excerpt(trim(after)) + "' follows the closing quote of field " +
                           std::to_string(fields.size()) + " (expected a comma; write a quote inside quotes as \"\")");
      }
    } else {
      if (ahead.find('"') != std::string_view::npos) {
        throw CsvLineError("field " + std::to_string(fields.size() + 1) + " '" + excerpt(padded) +
                           "' has a quote but does not start with one (expected the whole field in quotes, "
                           "its quotes doubled)");
      }
      fields.emplace_back(ahead);
    }
    if (comma == std::string_view::npos) return fields;
    begin = comma + 1;
  }
}

}  // namespace terawatt
