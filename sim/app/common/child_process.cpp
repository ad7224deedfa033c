#include "sim/app/common/child_process.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

namespace terawatt {

namespace {

// The child between fork and exec: only async-signal-safe calls, as the parent may have other threads. Reports a
// failure to start as its errno on `error_pipe` and never returns.
[[noreturn]] void exec_child(pid_t parent, char* const* arguments, const char* stdout_path, const char* stderr_path,
                             int keep_fd, int error_pipe) {
  // Ends with its parent, a sweep driver killed even by SIGKILL; the parent may already have died before this line.
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(127);
  // The parent may block its stop signals while it waits; the child starts with them unblocked and at their
  // default action, or it could not be stopped.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) signal(s, SIG_DFL);
  const int append = O_WRONLY | O_CREAT | O_APPEND;
  const int in = open("/dev/null", O_RDONLY);
  const int out = open(stdout_path, append, 0644);
  const int err = open(stderr_path, append, 0644);
  if (in >= 0 && out >= 0 && err >= 0 && dup2(in, STDIN_FILENO) >= 0 && dup2(out, STDOUT_FILENO) >= 0 &&
      dup2(err, STDERR_FILENO) >= 0 && (keep_fd < 0 || fcntl(keep_fd, F_SETFD, 0) == 0)) {
    for (int fd : {in, out, err}) {
      if (fd > STDERR_FILENO) close(fd);
    }
    execvp(arguments[0], arguments);
  }
  const int error = errno;
  if (write(error_pipe, &error, sizeof error) < 0) _exit(127);
  _exit(127);
}

}  // namespace

pid_t spawn_process(const std::vector<std::string>& argv, const std::string& stdout_path,
                    const std::string& stderr_path, int keep_fd) {
  if (argv.empty()) throw std::invalid_argument("spawn_process: empty argv");
  std::vector<char*> arguments;
  for (const auto& arg : argv) arguments.push_back(const_cast<char*>(arg.c_str()));
  arguments.push_back(nullptr);
  const char* out = stdout_path.empty() ? "/dev/null" : stdout_path.c_str();
  const char* err = stderr_path.empty() ? "/dev/null" : stderr_path.c_str();
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) exec_child(parent, arguments.data(), out, err, keep_fd, error_pipe[1]);
  const int fork_error = errno;
  close(error_pipe[1]);
  int error = 0;
  ssize_t got = 0;
  if (pid > 0) {
    do got = read(error_pipe[0], &error, sizeof error);  // 0 bytes: the exec closed the pipe, the program runs
    while (got < 0 && errno == EINTR);
  }
  close(error_pipe[0]);
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(fork_error));
  if (got == static_cast<ssize_t>(sizeof error)) {
    waitpid(pid, nullptr, 0);
    throw std::runtime_error("cannot run '" + argv[0] + "': " + std::strerror(error));
  }
  return pid;
}

ProcessExit decode_wait_status(int status) {
  if (WIFEXITED(status)) return {WEXITSTATUS(status), 0};
  if (WIFSIGNALED(status)) return {128 + WTERMSIG(status), WTERMSIG(status)};
  return {1, 0};
}

ProcessExit wait_process(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  return decode_wait_status(status);
}

std::string self_executable() {
  char path[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) throw std::runtime_error(std::string("cannot find the terawatt binary: ") + std::strerror(errno));
  return std::string(path, static_cast<std::size_t>(length));
}

unsigned usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// A new empty file under $TMPDIR (or /tmp), removed when this goes.
class ScratchFile {
 public:
  ScratchFile() {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/terawatt-capture-XXXXXX";
    const int descriptor = mkstemp(path_.data());
    if (descriptor < 0) throw std::runtime_error("cannot create a file like " + path_ + ": " + std::strerror(errno));
    close(descriptor);
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }
  std::string text() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::string path_;
};

}  // namespace

CapturedRun run_captured(const std::vector<std::string>& argv) {
  const ScratchFile out;
  const ScratchFile err;
  CapturedRun run;
  run.exit = wait_process(spawn_process(argv, out.path(), err.path()));
  run.out = out.text();
  run.err = err.text();
  return run;
}

std::string file_tail(const std::string& path, std::size_t max_lines, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return "";
  const std::streamoff size = in.tellg();
  const std::streamoff start =
      size > static_cast<std::streamoff>(max_bytes) ? size - static_cast<std::streamoff>(max_bytes) : 0;
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text_tail(std::move(text), max_lines);
}

std::string text_tail(std::string text, std::size_t max_lines) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  std::size_t lines = 0;
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] == '\n' && ++lines == max_lines) return text.substr(i + 1);
  }
  return text;
}

}  // namespace terawatt
