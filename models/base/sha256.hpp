// SHA-256 (FIPS 180-4), used to fingerprint scenario and input files so a run
// records exactly which inputs produced it.
#pragma once

#include <string>
#include <string_view>

namespace terawatt {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

// Lower-case hex digest of the file's bytes. Throws std::runtime_error
// ("cannot read <path>: <strerror>") if the file cannot be opened or read.
std::string sha256_file_hex(const std::string& path);

}  // namespace terawatt
