#pragma once
// One RAII class for the HDF5 C API's object ids, and the checks that turn a failed call into an OutputError naming
// the file, the operation and HDF5's own innermost reason. Used by the files of sim/io, and by main() for
// skip_library_shutdown_at_exit().

#include <hdf5.h>

#include <string>
#include <utility>

namespace terawatt::hdf5 {

// Keeps HDF5 from closing, at process exit, files that the program could not close itself. When H5Fclose fails
// (a full disk: the last metadata write gets ENOSPC), HDF5 1.10 keeps a half-closed file in its tables, and its exit
// handler then crashes on it (observed: SIGSEGV in H5F__close_cb, exit 139, after the error was reported). Every
// file terawatt writes is closed explicitly before it is kept, so nothing is lost by skipping that handler. Call it
// first in main(), before any other HDF5 call; later it has no effect.
void skip_library_shutdown_at_exit() noexcept;

// Owns one hid_t and knows which H5?close releases it, so every exit path (including exceptions half-way through
// building a group) releases it.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() noexcept = default;
  Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const noexcept { return id_; }
  bool valid() const noexcept { return id_ >= 0; }

  // Returns the close status because closing the file is where HDF5 flushes its metadata; commit() must not rename
  // a file whose close failed.
  herr_t close() noexcept {
    if (id_ < 0 || closer_ == nullptr) {
      id_ = H5I_INVALID_HID;
      return 0;
    }
    return closer_(std::exchange(id_, H5I_INVALID_HID));
  }
  void reset() noexcept { (void)close(); }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Throws OutputError "HDF5 output 'path': what (innermost HDF5 error)" and clears HDF5's error stack.
[[noreturn]] void fail(const std::string& path, const std::string& what);

// `id` as a Handle closed by `closer`; fail(path, what) when the call that made it failed (id < 0).
Handle checked(hid_t id, Handle::Closer closer, const std::string& path, const std::string& what);

// fail(path, what) when an HDF5 call returned a negative status.
void check(herr_t status, const std::string& path, const std::string& what);

}  // namespace terawatt::hdf5
