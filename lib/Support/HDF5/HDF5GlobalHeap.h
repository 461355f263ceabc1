//===- HDF5GlobalHeap.h - checks HDF5 skips on its global heap -*- C++ -*-===//
//
// HDF5 1.10 (Debian 12's libhdf5) stores each variable-length string as a
// reference (length, collection address, object index) into a "global heap
// collection" and trusts both when it reads the string: a collection whose
// free-space object has size 0 makes it loop forever, an object larger than
// the reference's length overflows the buffer it copies into, and an index
// without an object dereferences a null pointer. This module checks, on the
// file's bytes and before HDF5 reads anything, that every reference of a
// dataset leads to a well-formed collection and an object of the length the
// reference states. The format is HDF5's File Format Specification, section
// III.E ("Global Heap").
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_SUPPORT_HDF5GLOBALHEAP_H
#define DYNAPSE_LIB_SUPPORT_HDF5GLOBALHEAP_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace dynapse::h5 {

/// What the checks need to know about an open file.
struct FileGeometry {
  llvm::StringRef image; // the whole file
  uint64_t baseAddress =
      0; // where the superblock sits; addresses are relative to it
  unsigned sizeOfOffsets = 8;
  unsigned sizeOfLengths = 8;

  /// Whether `length` bytes at `offset` lie inside the file.
  bool holds(uint64_t offset, uint64_t length) const {
    return offset <= image.size() && length <= image.size() - offset;
  }
};

/// Checks the `count` variable-length string references stored contiguously
/// at byte `offset` of the file (an absolute offset, as H5Dget_offset gives).
/// The error says which string is damaged and how.
llvm::Error checkVarLenStrings(const FileGeometry &file, uint64_t offset,
                               uint64_t count);

} // namespace dynapse::h5

#endif // DYNAPSE_LIB_SUPPORT_HDF5GLOBALHEAP_H
