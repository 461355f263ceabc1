//===- ChildProcess.cpp - run untrusted parsing in a forked child ---------===//
#include "dynapse/Support/ChildProcess.h"

#include "llvm/ADT/Twine.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dynapse;

namespace {

/// ASan reserves terabytes of shadow address space up front, so an
/// address-space limit would stop it from starting anything.
bool addressSanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#endif
#endif
  return false;
}

[[noreturn]] void becomeChild(llvm::function_ref<int(int)> child, int fd,
                              const ChildLimits &limits) {
  // Die quietly: the parent reports the signal (LLVM's handlers would print
  // a stack trace and ask for a bug report, or delete the parent's outputs).
  for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM})
    std::signal(signal, SIG_DFL);
  alarm(limits.seconds);
  if (limits.addressSpace && !addressSanitized()) {
    struct rlimit memory = {rlim_t(limits.addressSpace),
                            rlim_t(limits.addressSpace)};
    setrlimit(RLIMIT_AS, &memory); // cannot rise above an inherited limit
  }
  _exit(child(fd));
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGALRM)
      return "timed out";
    return ("crashed (signal " + llvm::Twine(signal) + ": " +
            strsignal(signal) + ")")
        .str();
  }
  if (WIFEXITED(status))
    return ("exited with status " + llvm::Twine(WEXITSTATUS(status)) +
            " (out of memory, or a crash under a sanitizer)")
        .str();
  return "ended abnormally";
}

} // namespace

llvm::Expected<ChildEnd>
dynapse::runInChild(llvm::function_ref<int(int fd)> child,
                    llvm::function_ref<void(int fd)> parent,
                    const ChildLimits &limits) {
  int fds[2];
  if (pipe(fds) != 0)
    return llvm::createStringError("cannot create a pipe: " +
                                   llvm::Twine(strerror(errno)));
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    close(fds[0]);
    close(fds[1]);
    return llvm::createStringError("cannot start a process: " +
                                   llvm::Twine(strerror(error)));
  }
  if (pid == 0) {
    close(fds[0]);
    becomeChild(child, fds[1], limits);
  }
  close(fds[1]);
  parent(fds[0]);
  close(fds[0]); // a child still writing gets SIGPIPE and ends
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  ChildEnd end;
  end.clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!end.clean)
    end.described = describe(status);
  return end;
}

std::string dynapse::readAll(int fd) {
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return text;
    text.append(buffer, size_t(got));
  }
}
