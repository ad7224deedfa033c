#pragma once
// Test support: what a reader of hourly series files says about a file's text. Every SeriesFileError must lead with
// the file's path, so that a user with several files knows which one; this checks that, then strips the path,
// which differs from run to run, so that tests compare what follows it.

#include "models/base/hourly_csv.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace terawatt::testing {

// The message of the SeriesFileError that read(path) throws for `text` in a file called `name`, from just after the
// path (":line: problem ..."), or "" when the file reads.
template <typename Read>
std::string series_file_error(const std::string& text, const std::string& name, Read read) {
  const TempFile file(text, name);
  try {
    read(file.path());
  } catch (const SeriesFileError& e) {
    const std::string message = e.what();
    CHECK(message.rfind(file.path(), 0) == 0);
    return message.substr(file.path().size());
  }
  return "";
}

}  // namespace terawatt::testing
