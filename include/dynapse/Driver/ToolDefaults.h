//===- ToolDefaults.h - defaults of the MLIR-style tools -----------*- C++ -*-===//
//
// dynapse-opt and dynapse-translate take MLIR's own flags; of those, the
// default of --mlir-print-op-on-diagnostic is changed to false, so that a
// diagnostic never dumps the op with its arrays. A user's own flag, which
// comes later on the command line, still wins.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DRIVER_TOOLDEFAULTS_H
#define DYNAPSE_DRIVER_TOOLDEFAULTS_H

#include <vector>

namespace dynapse {

/// argv with the project's defaults of MLIR's flags inserted after argv[0].
inline std::vector<char *> withToolDefaults(int argc, char **argv) {
  static char quietOps[] = "--mlir-print-op-on-diagnostic=false";
  std::vector<char *> arguments(argv, argv + argc);
  arguments.insert(arguments.begin() + 1, quietOps);
  arguments.push_back(nullptr);
  return arguments;
}

} // namespace dynapse

#endif // DYNAPSE_DRIVER_TOOLDEFAULTS_H
