//===- Npy.h - NumPy .npy arrays ---------------------------------*- C++ -*-===//
//
// Reads .npy files of any numeric dtype (little or big endian, C or Fortran
// order) into doubles or floats, and writes float32 arrays. Malformed input is an
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

template <typename T> struct TypedArray {
  std::vector<int64_t> shape;
  std::vector<T> values; // C (row-major) order
};
using Array = TypedArray<double>;
using Float32Array = TypedArray<float>;

/// Parses the bytes of a .npy file.
llvm::Expected<Array> parse(llvm::StringRef bytes);
/// The same into floats (each value as parse() gives it, then rounded to
/// float), without the double array: what the simulator's input needs.
llvm::Expected<Float32Array> parseFloat32(llvm::StringRef bytes);

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
