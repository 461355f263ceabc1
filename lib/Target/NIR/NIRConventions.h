//===- NIRConventions.h - recovering dt from an NIR file ---------*- C++ -*-===//
#ifndef DYNAPSE_LIB_TARGET_NIR_NIRCONVENTIONS_H
#define DYNAPSE_LIB_TARGET_NIR_NIRCONVENTIONS_H

#include "NIRModel.h"
#include "dynapse/Target/NIR/NIR.h"

#include <string>

namespace dynapse::nir {

/// The convention and time step chosen for a graph, with the reason in words
/// (for the remark of --nir-convention=auto) and a warning when the user's
/// choice disagrees with what the file says.
struct TimeStep {
  Convention convention = Convention::NIR;
  double dt = 1e-3;
  double tauScale = 1; // the file's time constants are seconds times this
  std::string reason;
  std::string warning;
};

TimeStep chooseTimeStep(const Graph &graph, const ImportOptions &options);

/// Rockpool's export writes r = tau exp(-dt / tau) / dt; this solves it for dt
/// (the exact inverse, unlike Rockpool's own importer). Requires tau, r > 0.
double solveRockpoolDt(double tau, double r);

} // namespace dynapse::nir

#endif // DYNAPSE_LIB_TARGET_NIR_NIRCONVENTIONS_H
