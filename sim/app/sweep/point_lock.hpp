#pragma once
// DIR/points/NAME.lock: the lock (flock) of a point that is running. The sweep process takes it before it starts
// the point, and the point's `terawatt run` inherits it, so it stays held while either lives: a sweep resumed
// right after its driver was killed never starts a point whose process is still running (and would collide with
// it on the output file). The lock is released when both have ended, and the file removed when the point ends.

#include <chrono>
#include <optional>
#include <string>

namespace terawatt {

class PointLock {
 public:
  // Locks `path` (creating it), trying again for up to `patience` while another process holds it: a point whose
  // sweep was killed ends within moments (its parent-death signal). nullopt when it is still held then. Throws
  // std::runtime_error when the file cannot be created.
  static std::optional<PointLock> acquire(const std::string& path, std::chrono::steady_clock::duration patience);

  PointLock(PointLock&& other) noexcept;
  PointLock& operator=(PointLock&& other) noexcept;
  PointLock(const PointLock&) = delete;
  PointLock& operator=(const PointLock&) = delete;
  // Removes the file, then unlocks it.
  ~PointLock();

  // The open, locked descriptor, for the point's process to keep.
  int descriptor() const { return descriptor_; }

 private:
  PointLock(std::string path, int descriptor) : path_(std::move(path)), descriptor_(descriptor) {}
  void release();
  std::string path_;
  int descriptor_ = -1;
};

}  // namespace terawatt
