#include "reference/model/guarded_copy.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>

#include "reference/model/user_pages.h"

namespace iommufd_conform::model {
namespace {

// No user address space reaches this far (x86-64 with 5-level paging ends below 2^56,
// arm64 below 2^52); like access_ok, a range past it is refused without touching it.
constexpr uint64_t kUserAddressEnd = uint64_t{1} << 57;

// The copy the current thread is making, if any. It holds the whole request, so nothing
// but its address needs to survive sigsetjmp in a register.
struct ActiveCopy {
  sigjmp_buf resume;
  uint64_t first;  // the user range, [first, end)
  uint64_t end;
  unsigned char* local;
  bool to_user;
  ActiveCopy* outer;  // a copy this one interrupted (from a signal handler), if any
};
thread_local ActiveCopy* active_copy = nullptr;

struct sigaction previous_segv;
struct sigaction previous_bus;
// Set once with the handlers; a power of two.
uint64_t page_size;

// Hands a fault that is not ours to the handler that was there before.
void Chain(int sig, siginfo_t* info, void* context) {
  const struct sigaction& previous = sig == SIGBUS ? previous_bus : previous_segv;
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(sig, info, context);
    return;
  }
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
    return;
  }
  // The default action: a fault recurs when the handler returns, a sent signal is resent.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(sig, &default_action, nullptr);
  if (info->si_code <= 0) raise(sig);
}

void OnFault(int sig, siginfo_t* info, void* context) {
  ActiveCopy* copy = active_copy;
  // Only the kernel's report of a fault (si_code > 0) in the range being copied ends a copy;
  // a non-canonical address is reported without one (a general protection fault).
  if (copy && info->si_code > 0) {
    uint64_t address = reinterpret_cast<uintptr_t>(info->si_addr);
    // arm64 reports a fault's address without the top-byte tag the copy's address may carry
    // (found by the arm64 differential fuzzer: the copy's fault went unrecognised).
    if (UntaggedUserAddress(address) - UntaggedUserAddress(copy->first) <
            copy->end - copy->first ||
        info->si_code == SI_KERNEL) {
      active_copy = copy->outer;
      // Back to the mask the thread had when it faulted, which siglongjmp does not restore.
      pthread_sigmask(SIG_SETMASK, &static_cast<ucontext_t*>(context)->uc_sigmask, nullptr);
      siglongjmp(copy->resume, 1);
    }
  }
  Chain(sig, info, context);
}

bool IsInstalled(int sig) {
  struct sigaction current {};
  return sigaction(sig, nullptr, &current) == 0 && (current.sa_flags & SA_SIGINFO) &&
         current.sa_sigaction == OnFault;
}

// Whether a fault in this thread would reach the handler: a blocked SIGSEGV or SIGBUS
// raised by a fault kills the process instead.
bool FaultsDeliverable() {
  sigset_t blocked;
  return pthread_sigmask(SIG_BLOCK, nullptr, &blocked) == 0 && !sigismember(&blocked, SIGSEGV) &&
         !sigismember(&blocked, SIGBUS);
}

bool Install() {
  static const bool installed = [] {
    page_size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    struct sigaction ours {};
    ours.sa_sigaction = OnFault;
    // On the alternate stack where there is one, so a chained stack-overflow report works.
    ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&ours.sa_mask);
    // The previous handlers are recorded before ours can run.
    if (sigaction(SIGSEGV, nullptr, &previous_segv) != 0 ||
        sigaction(SIGBUS, nullptr, &previous_bus) != 0 ||
        sigaction(SIGSEGV, &ours, nullptr) != 0 || sigaction(SIGBUS, &ours, nullptr) != 0) {
      return false;
    }
    // A sanitizer runtime may answer success without installing it.
    return IsInstalled(SIGSEGV) && IsInstalled(SIGBUS);
  }();
  return installed;
}

// Plain loads and stores that no sanitizer checks (they would report the bad addresses the
// guard is there to catch) and no compiler turns into a memcpy call (which a sanitizer
// runtime intercepts). Unaligned words are fine on every target the model runs on.
__attribute__((no_sanitize("address", "undefined"), noinline)) void CopyBytes(
    volatile unsigned char* dst, const volatile unsigned char* src, size_t length) {
  for (; length >= sizeof(uint64_t); length -= sizeof(uint64_t)) {
    *reinterpret_cast<volatile uint64_t*>(dst) = *reinterpret_cast<const volatile uint64_t*>(src);
    dst += sizeof(uint64_t);
    src += sizeof(uint64_t);
  }
  for (; length; --length) *dst++ = *src++;
}

// Copies page by page, counting whole pages done in *done, which outlives a fault.
__attribute__((noinline)) void CopyPages(const ActiveCopy& copy, volatile size_t* done) {
  size_t length = copy.end - copy.first;
  while (*done < length) {
    uint64_t at = copy.first + *done;
    uint64_t to_page_end = page_size - (at & (page_size - 1));
    size_t chunk = static_cast<size_t>(std::min<uint64_t>(length - *done, to_page_end));
    auto* user = reinterpret_cast<unsigned char*>(static_cast<uintptr_t>(at));
    if (copy.to_user) {
      CopyBytes(user, copy.local + *done, chunk);
    } else {
      CopyBytes(copy.local + *done, user, chunk);
    }
    *done = *done + chunk;
  }
}

}  // namespace

std::optional<size_t> GuardedCopy(void* local, uint64_t user_address, size_t length,
                                  bool to_user, bool verify) {
  if (!Install()) return std::nullopt;
  if (verify && !(IsInstalled(SIGSEGV) && IsInstalled(SIGBUS) && FaultsDeliverable())) {
    return std::nullopt;
  }
  if (length == 0) return 0;
  uint64_t end;
  if (__builtin_add_overflow(user_address, length, &end) || end > kUserAddressEnd) return 0;
  ActiveCopy copy;
  copy.first = user_address;
  copy.end = end;
  copy.local = static_cast<unsigned char*>(local);
  copy.to_user = to_user;
  copy.outer = active_copy;
  // Survives the jump back from the handler: whole pages copied so far.
  volatile size_t done = 0;
  if (sigsetjmp(copy.resume, 0) == 0) {
    active_copy = &copy;
    CopyPages(copy, &done);
  }
  active_copy = copy.outer;
  return done;
}

}  // namespace iommufd_conform::model
