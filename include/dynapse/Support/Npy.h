//===- Npy.h - NumPy .npy arrays ---------------------------------*- C++ -*-===//
//
// Reads .npy files of any numeric dtype (little or big endian, C or Fortran
// order) into doubles, and writes float32 arrays. Malformed input is an
// llvm::Error that says what is wrong, never a crash.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SUPPORT_NPY_H
#define DYNAPSE_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <vector>

namespace dynapse::npy {

struct Array {
  std::vector<int64_t> shape;
  std::vector<double> values; // C (row-major) order
};

/// Parses the bytes of a .npy file.
llvm::Expected<Array> parse(llvm::StringRef bytes);

/// The header of a little-endian float32 .npy file of `shape`, whose values
/// writeFloat32Values then writes, in C order, in as many pieces as wanted.
void writeFloat32Header(llvm::raw_ostream &output,
                        llvm::ArrayRef<int64_t> shape);
void writeFloat32Values(llvm::raw_ostream &output,
                        llvm::ArrayRef<float> values);

/// Writes `values` (C order) as a little-endian float32 .npy file.
void writeFloat32(llvm::raw_ostream &output, llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<double> values);
void writeFloat32(llvm::raw_ostream &output, llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<float> values);

} // namespace dynapse::npy

#endif // DYNAPSE_SUPPORT_NPY_H
