//===- GraphDrives.h - what each spiking node of an snn graph receives -*- C++ -*-===//
//
// The spiking nodes (LIF, CubaLIF, IF) of an `snn.graph` are its neuron
// populations; the Affine/Linear/Scale nodes between them compose into one
// linear map per (source, population) pair plus a bias. Both the conversion
// to DYNAP-SE2 currents and the reference simulation of the network as
// trained read the graph through this analysis, so that they agree on the
// populations, their order and their connectivity.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_GRAPHDRIVES_H
#define DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_GRAPHDRIVES_H

#include "SparseMatrix.h"

#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <map>
#include <string>
#include <vector>

namespace dynapse::conversion {

/// A value's drive: per source (graph input or population, by index) the
/// matrix from the source's neurons to the value's elements, plus a bias.
struct LinearForm {
  std::map<unsigned, SparseMatrix> terms;
  std::vector<double> bias;
  /// Adds `other` (of the same size) term by term.
  void add(const LinearForm &other);
};

int64_t sizeOf(mlir::Value value);
/// A per-neuron vector of `attr`, or `fallback` when absent.
std::vector<double> expand(mlir::Attribute attr, int64_t size, double fallback);
/// The node's NIR name, else its op name.
std::string nodeName(mlir::Operation *op);
bool isSpiking(mlir::Operation *op);
/// The graph's time step (s), 1 ms when it records none, and the convention
/// its importer recorded, `nir` when none: the conversion and the reference
/// model must read both alike.
double graphDt(snn::GraphOp graph);
llvm::StringRef graphConvention(snn::GraphOp graph);
/// The factor the exporter multiplied the time constants by (1: seconds),
/// of a graph or of the graph that holds `op`.
double graphTauScale(snn::GraphOp graph);
double tauScaleOf(mlir::Operation *op);
/// A neuron node's time constants in seconds (its graph's tau_scale undone).
std::vector<double> timeConstants(mlir::Operation *op, llvm::StringRef name,
                                  int64_t size);

class GraphDrives {
public:
  /// Reads `graph`; emits a diagnostic naming the node and fails on a node
  /// that is neither spiking nor Affine/Linear/Scale, on a graph without a
  /// spiking node and on a loop without one.
  static mlir::FailureOr<GraphDrives> analyse(snn::GraphOp graph);

  /// Breadth-first from the inputs (Rockpool's order for layered networks);
  /// populations no input reaches follow in IR order.
  std::vector<mlir::Operation *> networkOrder() const;
  /// The sum of a population's operands' forms.
  const LinearForm &drive(mlir::Operation *population) const {
    return drives.find(population)->second;
  }
  /// The forms of a population's operands, whose sum is its drive.
  llvm::SmallVector<const LinearForm *>
  operandForms(mlir::Operation *population) const;
  /// The source index of a graph input (0..inputs-1) or population result.
  unsigned sourceIndex(mlir::Value source) const {
    return sources.find(source)->second;
  }
  unsigned numSources() const { return sources.size(); }
  unsigned numInputs() const { return inputs; }

private:
  explicit GraphDrives(snn::GraphOp graph) : graph(graph) {}
  mlir::LogicalResult collectPopulations();
  mlir::FailureOr<const LinearForm *> formOf(mlir::Value value);
  mlir::FailureOr<LinearForm> computeForm(mlir::Value value);

  snn::GraphOp graph;
  unsigned inputs = 0;
  std::vector<mlir::Operation *> spiking;
  llvm::DenseMap<mlir::Value, unsigned> sources;
  llvm::DenseMap<mlir::Value, LinearForm> forms; // what a value carries
  llvm::DenseMap<mlir::Operation *, LinearForm> drives;
  llvm::DenseSet<mlir::Value> inProgress;
};

} // namespace dynapse::conversion

#endif // DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_GRAPHDRIVES_H
