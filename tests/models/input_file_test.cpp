// Input files are read only when they are regular files below a size cap, and data-file errors quote at most a
// short escaped excerpt of a field (models/base/input_file.hpp, models/base/text_fields.hpp).

#include "models/base/input_file.hpp"
#include "models/base/text_fields.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <string>

using terawatt::excerpt;
using terawatt::input_file_problem;
using terawatt::max_excerpt_chars;
using terawatt::testing::TempFile;

namespace fs = std::filesystem;

TEST_CASE("a small regular file is accepted as an input", "[input_file]") {
  const TempFile file("time\n1\n", "trace.csv");
  CHECK(input_file_problem(file.path(), 1024, "file").empty());
}

TEST_CASE("a missing file is refused with the system's reason", "[input_file]") {
  CHECK(input_file_problem("/nonexistent/terawatt/in.csv", 1024, "trace") ==
        "cannot open the trace: No such file or directory");
}

TEST_CASE("a file one byte over the cap is refused with its size and the cap", "[input_file]") {
  const std::uintmax_t cap_bytes = std::uintmax_t{1} << 20;  // 1 MiB
  const TempFile file("", "big.csv");
  fs::resize_file(file.path(), cap_bytes);  // exactly at the cap: accepted
  CHECK(input_file_problem(file.path(), cap_bytes, "file").empty());
  fs::resize_file(file.path(), cap_bytes + 1);
  CHECK(input_file_problem(file.path(), cap_bytes, "file") ==
        "is 1048577 bytes, more than the 1 MiB an input may have (expected a smaller file: is it the right one?)");
}

TEST_CASE("a directory, a FIFO and a link to a device are refused as what they are", "[input_file]") {
  const TempFile file("", "x");
  const fs::path dir = fs::path(file.path()).parent_path();
  CHECK(input_file_problem(dir.string(), 1024, "file") == "is a directory (expected a regular file)");
  const std::string fifo = (dir / "fifo").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(input_file_problem(fifo, 1024, "file") == "is a FIFO (named pipe) (expected a regular file)");
  const fs::path link = dir / "zero";
  fs::create_symlink("/dev/zero", link);
  CHECK(input_file_problem(link.string(), 1024, "file") == "is a character device (expected a regular file)");
}

TEST_CASE("an excerpt keeps short printable text as it is", "[input_file]") {
  CHECK(excerpt("12.5") == "12.5");
  CHECK(excerpt("").empty());
}

TEST_CASE("an excerpt escapes control and non-ASCII bytes and cuts long text", "[input_file]") {
  CHECK(excerpt(std::string("a\tb\x01\xC3\xA9", 6)) == "a\\x09b\\x01\\xC3\\xA9");
  const std::string line(100, 'x');
  CHECK(excerpt(line) == std::string(max_excerpt_chars, 'x') + "...");
}
