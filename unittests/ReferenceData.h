//===- ReferenceData.h - Rockpool's reference run for unit tests -*- C++ -*-===//
#ifndef DYNAPSE_UNITTESTS_REFERENCEDATA_H
#define DYNAPSE_UNITTESTS_REFERENCEDATA_H

#include "llvm/Support/JSON.h"

#include <vector>

namespace dynapse::reference {

/// unittests/data/rockpool-reference-run.json, parsed once.
const llvm::json::Object &referenceRoot();

/// referenceRoot()[group][name].
const llvm::json::Value &referenceValue(llvm::StringRef group,
                                        llvm::StringRef name);

std::vector<double> numbers(const llvm::json::Value *value);
std::vector<std::vector<double>> rows(const llvm::json::Value *value);

/// Relative agreement within `tolerance`; zeros must be exact.
void expectClose(const std::vector<double> &actual,
                 const std::vector<double> &expected, llvm::StringRef what,
                 double tolerance = 1e-12);

} // namespace dynapse::reference

#endif // DYNAPSE_UNITTESTS_REFERENCEDATA_H
