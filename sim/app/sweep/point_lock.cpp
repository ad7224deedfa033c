#include "sim/app/sweep/point_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace terawatt {
namespace {

// How often a held lock is tried again: short against the moments an orphaned point takes to end.
constexpr auto retry_interval = std::chrono::milliseconds(20);

// The file at `path` is still the one `descriptor` locked: a holder removes the file before it unlocks, so a lock
// won on a removed file is no lock at all.
bool still_linked(const std::string& path, int descriptor) {
  struct stat opened {};
  struct stat named {};
  return fstat(descriptor, &opened) == 0 && stat(path.c_str(), &named) == 0 && opened.st_dev == named.st_dev &&
         opened.st_ino == named.st_ino;
}

}  // namespace

std::optional<PointLock> PointLock::acquire(const std::string& path, std::chrono::steady_clock::duration patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (true) {
    const int descriptor = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (descriptor < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    if (flock(descriptor, LOCK_EX | LOCK_NB) == 0) {
      if (still_linked(path, descriptor)) return PointLock(path, descriptor);
      close(descriptor);
      continue;  // the holder removed it on the way out: lock the new file
    }
    const int error = errno;
    close(descriptor);
    if (error != EWOULDBLOCK && error != EINTR)
      throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(retry_interval);
  }
}

PointLock::PointLock(PointLock&& other) noexcept : path_(std::move(other.path_)), descriptor_(other.descriptor_) {
  other.descriptor_ = -1;
}

PointLock& PointLock::operator=(PointLock&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    descriptor_ = other.descriptor_;
    other.descriptor_ = -1;
  }
  return *this;
}

PointLock::~PointLock() {
  release();
}

void PointLock::release() {
  if (descriptor_ < 0) return;
  unlink(path_.c_str());
  close(descriptor_);
  descriptor_ = -1;
}

}  // namespace terawatt
