//===- NIRImporter.h - NIR graph to snn: shared declarations ---*- C++ -*-===//
//
// The node rules (which snn op a NIR node type becomes and how its shape is
// found) and the importer, whose shape inference lives in NIRShapes.cpp and
// whose op building lives in NIRImporter.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_TARGET_NIR_NIRIMPORTER_H
#define DYNAPSE_LIB_TARGET_NIR_NIRIMPORTER_H

#include "NIRConventions.h"
#include "NIRModel.h"

#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Target/NIR/NIR.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <vector>

namespace dynapse::nir::importer {

using namespace mlir;

enum class ShapeRule { Port, Elementwise, Matrix, Conv, Pool, Flatten };

/// How one NIR node type maps to an snn op.
struct NodeRule {
  const char *type;
  const char *op;
  ShapeRule shape;
  std::vector<const char *> required;                  // float parameters
  std::vector<std::pair<const char *, double>> defaults; // optional floats
  unsigned spatialRank = 0;
};

/// Every NIR node type the importer knows, in NIR's order.
llvm::ArrayRef<NodeRule> nodeRules();
const NodeRule *findRule(llvm::StringRef type);

using Shape = SmallVector<int64_t>;

inline int64_t count(ArrayRef<int64_t> shape) {
  int64_t total = 1;
  for (int64_t extent : shape)
    total *= extent;
  return total;
}

class Importer {
public:
  Importer(const Graph &graph, MLIRContext *context, StringRef fileName)
      : graph(graph), context(context), builder(context),
        fileLoc(FileLineColLoc::get(context, fileName, 0, 0)) {}

  OwningOpRef<ModuleOp> run(const ImportOptions &options);

private:
  InFlightDiagnostic error(const Node &node) {
    return emitError(fileLoc) << "node '" << node.name << "' (" << node.type
                              << "): ";
  }
  LogicalResult indexNodes();
  LogicalResult inferShapes();
  std::optional<Shape> ownShape(const Node &node);
  bool hasBatchDimension(const Node &input, llvm::ArrayRef<int64_t> shape);
  bool hasTimeAxis(const Node &input, llvm::ArrayRef<int64_t> shape);
  FailureOr<std::optional<Shape>> derivedShape(const Node &node,
                                               ArrayRef<int64_t> input);
  LogicalResult checkEdges();
  int64_t expectedInputCount(const Node &node);

  FailureOr<DenseElementsAttr> floats(const Node &node, const char *name);
  FailureOr<Shape> integers(const Node &node, const char *name, size_t size,
                            std::optional<int64_t> fallback);
  FailureOr<Shape> convPadding(const Node &node, ArrayRef<int64_t> kernel,
                               ArrayRef<int64_t> stride,
                               ArrayRef<int64_t> dilation);
  struct Window {
    Shape kernel, stride, padding, dilation;
  };
  FailureOr<Window> window(const Node &node);
  LogicalResult addAttributes(const Node &node, OperationState &state);
  LogicalResult addWindowAttributes(const Node &node, OperationState &state);
  FailureOr<snn::GraphOp> build(const TimeStep &timeStep);

  const Graph &graph;
  MLIRContext *context;
  OpBuilder builder;
  Location fileLoc;
  llvm::StringMap<const Node *> nodes;
  llvm::StringMap<const NodeRule *> rules;
  llvm::StringMap<std::vector<const Node *>> predecessors;
  llvm::StringMap<Shape> shapes;
};

} // namespace dynapse::nir::importer

#endif // DYNAPSE_LIB_TARGET_NIR_NIRIMPORTER_H
