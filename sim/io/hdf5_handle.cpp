#include "sim/io/hdf5_handle.hpp"

#include "sim/io/hdf5_writer.hpp"

namespace terawatt::hdf5 {
namespace {

// HDF5's file driver reports a failed system call as one long line (time, file descriptor, buffer address, byte
// counts, then "error message = '<strerror text>'"); the strerror text is what the user needs.
std::string system_error_text(const std::string& detail) {
  const std::string marker = "error message = '";
  const std::size_t start = detail.find(marker);
  if (start == std::string::npos) return detail;
  const std::size_t text_start = start + marker.size();
  const std::size_t end = detail.find('\'', text_start);
  if (end == std::string::npos) return detail;
  return detail.substr(text_start, end - text_start);
}

// The innermost HDF5 error usually names the real cause (e.g. errno text from the file driver) while the outer ones
// only say "unable to create file".
std::string take_hdf5_error_detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* data) -> herr_t {
        if (n == 0 && err != nullptr && err->desc != nullptr) {
          *static_cast<std::string*>(data) = err->desc;
        }
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  return system_error_text(detail);
}

}  // namespace

void skip_library_shutdown_at_exit() noexcept {
  (void)H5dont_atexit();
}

void fail(const std::string& path, const std::string& what) {
  std::string message = "HDF5 output '" + path + "': " + what;
  const std::string detail = take_hdf5_error_detail();
  if (!detail.empty()) message += " (" + detail + ")";
  throw OutputError(message);
}

Handle checked(hid_t id, Handle::Closer closer, const std::string& path, const std::string& what) {
  if (id < 0) fail(path, what);
  return Handle(id, closer);
}

void check(herr_t status, const std::string& path, const std::string& what) {
  if (status < 0) fail(path, what);
}

}  // namespace terawatt::hdf5
