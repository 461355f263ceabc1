//===- HDF5GlobalHeap.cpp - checks HDF5 skips on its global heap --------===//
//
// The walk over a collection's objects follows the one HDF5 1.10 makes when it
// loads a collection, so that whatever HDF5 will find there has been seen
// here first; anything HDF5 would read out of bounds or loop on is refused.
//
//===----------------------------------------------------------------------===//
#include "HDF5GlobalHeap.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <limits>
#include <string>
#include <vector>

using namespace dynapse::h5;
using llvm::createStringError;
using llvm::Error;
using llvm::Twine;

namespace {

/// HDF5 never creates a collection smaller than this (H5HG_MINSIZE) and
/// always reads this much first.
constexpr uint64_t kMinCollectionSize = 4096;
constexpr uint64_t kAbsentObject = std::numeric_limits<uint64_t>::max();

/// The objects of one collection, by index: their data sizes, or
/// kAbsentObject for an index the collection does not hold.
struct Collection {
  std::vector<uint64_t> objectSizes;
  std::string damage; // why the collection is refused; empty when it is not
};

/// Little-endian unsigned integer of `width` bytes at `offset`; the caller
/// has checked the bounds.
uint64_t decode(llvm::StringRef image, uint64_t offset, unsigned width) {
  uint64_t value = 0;
  for (unsigned byte = 0; byte < width; ++byte)
    value |= uint64_t(uint8_t(image[offset + byte])) << (8 * byte);
  return value;
}

Collection readCollection(const FileGeometry &file, uint64_t at) {
  Collection result;
  llvm::StringRef image = file.image;
  const unsigned lengths = file.sizeOfLengths;
  const uint64_t headerSize = 8 + lengths; // "GCOL", version, 3 reserved, size
  if (!file.holds(at, headerSize) || image.substr(at, 4) != "GCOL" ||
      uint8_t(image[at + 4]) != 1) {
    result.damage = "no global heap collection at its address";
    return result;
  }
  const uint64_t size = decode(image, at + 8, lengths);
  if (size < kMinCollectionSize || !file.holds(at, size)) {
    result.damage =
        ("its global heap collection claims " + Twine(size) +
         " bytes (at least " + Twine(kMinCollectionSize) + ", inside the file)")
            .str();
    return result;
  }
  const uint64_t objectHeaderSize = 8 + lengths; // index, refs, reserved, size
  uint64_t position = headerSize;
  while (position < size) {
    if (size - position < objectHeaderSize)
      break; // a tail too small for a header is free space
    const uint64_t index = decode(image, at + position, 2);
    const uint64_t dataSize = decode(image, at + position + 8, lengths);
    // Index 0 is the free space, whose size includes its header.
    const uint64_t extent = index == 0 ? dataSize
                            : dataSize > size
                                ? std::numeric_limits<uint64_t>::max()
                                : objectHeaderSize + llvm::alignTo(dataSize, 8);
    if (extent == 0 || extent > size - position) {
      result.damage = ("its global heap collection has an object of " +
                       Twine(dataSize) + " bytes, which does not fit")
                          .str();
      return result;
    }
    if (index != 0) {
      if (index >= result.objectSizes.size())
        result.objectSizes.resize(index + 1, kAbsentObject);
      result.objectSizes[index] = dataSize;
    }
    position += extent;
  }
  return result;
}

} // namespace

Error dynapse::h5::checkVarLenStrings(const FileGeometry &file, uint64_t offset,
                                      uint64_t count) {
  const unsigned offsets = file.sizeOfOffsets;
  const uint64_t referenceSize = 4 + offsets + 4; // length, address, index
  if (count > file.image.size() / referenceSize ||
      !file.holds(offset, count * referenceSize))
    return createStringError("its storage lies beyond the end of the file");
  llvm::DenseMap<uint64_t, Collection> collections;
  for (uint64_t element = 0; element < count; ++element) {
    const uint64_t at = offset + element * referenceSize;
    const uint64_t length = decode(file.image, at, 4);
    const uint64_t address = decode(file.image, at + 4, offsets);
    const uint64_t index = decode(file.image, at + 4 + offsets, 4);
    auto damaged = [&](const Twine &why) {
      return createStringError("string " + Twine(element) + ": " + why);
    };
    if (address == 0) { // HDF5's null string
      if (length != 0)
        return damaged("it has a length but no data");
      continue;
    }
    if (address > std::numeric_limits<uint64_t>::max() - file.baseAddress)
      return damaged("its address is out of range");
    const uint64_t collectionAt = file.baseAddress + address;
    auto [entry, inserted] = collections.try_emplace(collectionAt);
    if (inserted)
      entry->second = readCollection(file, collectionAt);
    const Collection &collection = entry->second;
    if (!collection.damage.empty())
      return damaged(collection.damage);
    if (index == 0 || index >= collection.objectSizes.size() ||
        collection.objectSizes[index] == kAbsentObject)
      return damaged("its global heap collection has no object " +
                     Twine(index));
    if (collection.objectSizes[index] != length)
      return damaged("its length is " + Twine(length) +
                     " bytes but its global heap object holds " +
                     Twine(collection.objectSizes[index]));
  }
  return Error::success();
}
