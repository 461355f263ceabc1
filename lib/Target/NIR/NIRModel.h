//===- NIRModel.h - an in-memory NIR graph -----------------------*- C++ -*-===//
//
// The NIR graph as the HDF5 file holds it, with nested NIRGraph subgraphs
// flattened into qualified names ("outer.inner") and their Input/Output nodes
// bypassed. Private to the NIR translations.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_TARGET_NIR_NIRMODEL_H
#define DYNAPSE_LIB_TARGET_NIR_NIRMODEL_H

#include "dynapse/Support/HDF5.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dynapse::nir {

/// One node: its NIR type string and its datasets by name.
struct Node {
  std::string name;
  std::string type;
  std::map<std::string, h5::Dataset> params;
};

/// A flat NIR graph. Edges keep the file's order (operand order downstream).
struct Graph {
  std::string version; // empty when the file has none (NIR 0.0.x, 0.1)
  std::vector<Node> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  /// What the reader repaired, for the user to see.
  std::vector<std::string> warnings;
};

/// Reads the graph of an NIR file in any layout NIR has used (0.0.x, 0.1,
/// 0.2, 1.x). Errors name the node or dataset concerned.
llvm::Expected<Graph> readGraph(const h5::File &file);

/// Opens `bytes` and reads its graph in a child process (NIRIsolation.cpp):
/// a file that crashes, hangs or exhausts HDF5 gives an error instead.
llvm::Expected<Graph> readGraphIsolated(llvm::StringRef bytes);

/// The NIR type written for the snn op named `opName` ("snn.lif" -> "LIF"),
/// or "" for ops without an NIR counterpart.
llvm::StringRef nirTypeOfOp(llvm::StringRef opName);

} // namespace dynapse::nir

#endif // DYNAPSE_LIB_TARGET_NIR_NIRMODEL_H
