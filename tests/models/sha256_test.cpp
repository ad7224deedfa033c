#include "models/base/sha256.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

using terawatt::sha256_file_hex;
using terawatt::sha256_hex;

TEST_CASE("sha256_hex matches the FIPS 180-4 example vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256_hex handles padding boundaries and binary data", "[sha256]") {
  // 55, 56 and 64 bytes straddle the point where the length no longer fits in
  // the final block; a digest must still be 64 lower-case hex characters and
  // differ between them.
  const std::string d55 = sha256_hex(std::string(55, 'x'));
  const std::string d56 = sha256_hex(std::string(56, 'x'));
  const std::string d64 = sha256_hex(std::string(64, 'x'));
  for (const std::string& d : {d55, d56, d64}) {
    CHECK(d.size() == 64);
    CHECK(d.find_first_not_of("0123456789abcdef") == std::string::npos);
  }
  CHECK(d55 != d56);
  CHECK(d56 != d64);

  const std::string with_nul("a\0b", 3);
  CHECK(sha256_hex(with_nul) != sha256_hex("ab"));
}

TEST_CASE("sha256_file_hex equals sha256_hex of the file's bytes", "[sha256]") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / "terawatt_sha256_test_file.bin").string();
  // Larger than the 64 KiB read buffer, with NUL and high bytes, to exercise
  // chunking and binary mode.
  std::string content;
  for (int i = 0; i < 200000; ++i) content.push_back(static_cast<char>(i * 7 % 256));
  {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    REQUIRE(out.good());
  }
  CHECK(sha256_file_hex(path) == sha256_hex(content));
  std::remove(path.c_str());

  const std::string empty_path = (dir / "terawatt_sha256_test_empty.bin").string();
  { std::ofstream out(empty_path, std::ios::binary); }
  CHECK(sha256_file_hex(empty_path) == sha256_hex(""));
  std::remove(empty_path.c_str());
}

TEST_CASE("sha256_file_hex reports unreadable paths", "[sha256]") {
  const std::string missing = "terawatt_no_such_file_for_sha256.txt";
  try {
    sha256_file_hex(missing);
    FAIL("expected std::runtime_error");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.rfind("cannot read " + missing + ": ", 0) == 0);
    CHECK(what.find("No such file") != std::string::npos);
  }
  // A directory opens with fopen on POSIX but fails on read.
  CHECK_THROWS_AS(sha256_file_hex("."), std::runtime_error);
}
