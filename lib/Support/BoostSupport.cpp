//===- BoostSupport.cpp - Boost without exceptions ------------------------===//
//
// LLVM code builds with -fno-exceptions, so Boost calls these instead of
// throwing. Boost.Graph only reports programming
// errors this way; they end the process with the message.
//
//===----------------------------------------------------------------------===//
#include <boost/assert/source_location.hpp>
#include <boost/config.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace boost {
BOOST_NORETURN void throw_exception(const std::exception &error) {
  std::fprintf(stderr, "internal error (Boost): %s\n", error.what());
  std::abort();
}
BOOST_NORETURN void throw_exception(const std::exception &error,
                                    const boost::source_location &) {
  throw_exception(error);
}
} // namespace boost
