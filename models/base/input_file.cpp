#include "models/base/input_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace terawatt {

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string mebibytes(std::uintmax_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string input_file_problem(const std::string& path, std::uintmax_t max_bytes, const std::string& what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "cannot open the " + what + ": " + std::string(std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return "is " + kind_of(info.st_mode) + " (expected a regular file)";
  const auto size = static_cast<std::uintmax_t>(info.st_size);
  if (size > max_bytes) {
    return "is " + std::to_string(size) + " bytes, more than the " + mebibytes(max_bytes) +
           " an input may have (expected a smaller file: is it the right one?)";
  }
  return "";
}

}  // namespace terawatt
