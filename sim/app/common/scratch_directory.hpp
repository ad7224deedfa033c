#pragma once
// A directory for a command's intermediate files: a fresh one under $TMPDIR (or /tmp), removed with everything in it
// when this goes, or one the user named, created if needed and kept.

#include <string>

namespace terawatt {

class ScratchDirectory {
 public:
  // `kept` empty: a new directory named `prefix`-XXXXXX under $TMPDIR (or /tmp). Throws std::runtime_error when it
  // cannot be created.
  explicit ScratchDirectory(const std::string& prefix, const std::string& kept = "");
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool temporary_ = false;
};

}  // namespace terawatt
