// Stop signals and point locks: how a child's end is read, what a stop signal does to a process writing a file,
// and that a point's lock keeps a second holder out until it is released.

#include "sim/app/common/stop_signals.hpp"
#include "sim/app/common/child_process.hpp"
#include "sim/app/sweep/point_lock.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace terawatt;
namespace fs = std::filesystem;

namespace {

fs::path fresh_directory(const std::string& name) {
  fs::path directory = fs::temp_directory_path() / (name + "-" + std::to_string(getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  return directory;
}

}  // namespace

TEST_CASE("a child that caught a stop signal and exited 128 plus it counts as stopped by it") {
  CHECK(stop_signal_of(ProcessExit{143, 0}) == SIGTERM);
  CHECK(stop_signal_of(ProcessExit{130, 0}) == SIGINT);
  CHECK(stop_signal_of(ProcessExit{129, 0}) == SIGHUP);
  CHECK(stop_signal_of(ProcessExit{128 + SIGTERM, SIGTERM}) == SIGTERM);
  CHECK(stop_signal_of(ProcessExit{128 + SIGKILL, SIGKILL}) == 0);
  CHECK(stop_signal_of(ProcessExit{128 + SIGSEGV, 0}) == 0);
  CHECK(stop_signal_of(ProcessExit{1, 0}) == 0);
  CHECK(stop_signal_of(ProcessExit{0, 0}) == 0);
  CHECK(StoppedBySignal(SIGINT).exit_code() == 130);
}

TEST_CASE("a stop signal removes the file being written and ends the process with 128 plus the signal") {
  const fs::path directory = fresh_directory("terawatt-stop-signal");
  const std::string file = (directory / "out.h5.partial").string();
  std::fflush(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::ofstream(file) << "half a result";
    remove_file_on_stop_signal(file);
    kill(getpid(), SIGHUP);
    std::this_thread::sleep_for(std::chrono::seconds(10));  // the watching thread ends the process long before
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  const ProcessExit exit = decode_wait_status(status);
  CHECK(exit.signal == 0);
  CHECK(exit.exit_code == 128 + SIGHUP);
  CHECK_FALSE(fs::exists(file));
  fs::remove_all(directory);
}

TEST_CASE("a point lock keeps a second holder out and its file goes when it is released") {
  const fs::path directory = fresh_directory("terawatt-point-lock");
  const std::string path = (directory / "p0000.lock").string();
  {
    const std::optional<PointLock> first = PointLock::acquire(path, {});
    REQUIRE(first);
    CHECK(fs::exists(path));
    const auto begin = std::chrono::steady_clock::now();
    CHECK_FALSE(PointLock::acquire(path, std::chrono::milliseconds(100)));
    CHECK(std::chrono::steady_clock::now() - begin >= std::chrono::milliseconds(100));
  }
  CHECK_FALSE(fs::exists(path));
  CHECK(PointLock::acquire(path, {}));
  fs::remove_all(directory);
}
