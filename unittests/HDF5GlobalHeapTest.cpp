//===- HDF5GlobalHeapTest.cpp - checks on HDF5's global heap -------------===//
//
// Hand-built file images: one global heap collection and string references
// into it, damaged one way at a time (HDF5 File Format Specification III.E).
//
//===----------------------------------------------------------------------===//
#include "../lib/Support/HDF5/HDF5GlobalHeap.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace dynapse::h5;

namespace {

/// An image with 8-byte offsets and lengths: references at 0, a collection
/// at kCollection holding object 1 ("LIF", 3 bytes) and free space.
class GlobalHeapTest : public ::testing::Test {
protected:
  static constexpr uint64_t kCollection = 64;
  static constexpr uint64_t kCollectionSize = 4096;

  void SetUp() override {
    image.assign(kCollection + kCollectionSize, '\0');
    putReference(0, 3, kCollection, 1);
    std::memcpy(&image[kCollection], "GCOL", 4);
    image[kCollection + 4] = 1; // version
    put(kCollection + 8, kCollectionSize, 8);
    uint64_t object = kCollection + 16;
    put(object, 1, 2);     // index
    put(object + 2, 1, 2); // references to it
    put(object + 8, 3, 8); // size
    std::memcpy(&image[object + 16], "LIF", 3);
    uint64_t free = object + 16 + 8; // "LIF" padded to 8 bytes
    put(free + 8, kCollection + kCollectionSize - free, 8);
  }

  void put(uint64_t at, uint64_t value, unsigned width) {
    for (unsigned byte = 0; byte < width; ++byte)
      image[at + byte] = char((value >> (8 * byte)) & 0xff);
  }
  void putReference(uint64_t at, uint64_t length, uint64_t address,
                    uint64_t index) {
    put(at, length, 4);
    put(at + 4, address, 8);
    put(at + 12, index, 4);
  }
  /// The check's message, or "" when it passes.
  std::string check(uint64_t count = 1) {
    FileGeometry file{image, 0, 8, 8};
    llvm::Error error = checkVarLenStrings(file, 0, count);
    return error ? llvm::toString(std::move(error)) : "";
  }

  std::string image;
};

TEST_F(GlobalHeapTest, WellFormedReferencePasses) { EXPECT_EQ(check(), ""); }

TEST_F(GlobalHeapTest, NullReferencePassesOnlyWithoutLength) {
  putReference(0, 0, 0, 0);
  EXPECT_EQ(check(), "");
  putReference(0, 3, 0, 0);
  EXPECT_EQ(check(), "string 0: it has a length but no data");
}

TEST_F(GlobalHeapTest, LengthMustMatchTheObject) {
  putReference(0, 1, kCollection, 1);
  EXPECT_EQ(check(), "string 0: its length is 1 bytes but its global heap "
                     "object holds 3");
}

TEST_F(GlobalHeapTest, IndexMustNameAnObject) {
  putReference(0, 3, kCollection, 2);
  EXPECT_EQ(check(), "string 0: its global heap collection has no object 2");
  putReference(0, 3, kCollection, 0); // the free space
  EXPECT_EQ(check(), "string 0: its global heap collection has no object 0");
}

TEST_F(GlobalHeapTest, AddressMustHoldACollection) {
  putReference(0, 3, kCollection + 8, 1);
  EXPECT_EQ(check(), "string 0: no global heap collection at its address");
  image[kCollection + 4] = 2; // an unknown version
  putReference(0, 3, kCollection, 1);
  EXPECT_EQ(check(), "string 0: no global heap collection at its address");
}

TEST_F(GlobalHeapTest, CollectionMustFitTheFile) {
  put(kCollection + 8, kCollectionSize + 8, 8);
  EXPECT_EQ(check(), "string 0: its global heap collection claims 4104 bytes "
                     "(at least 4096, inside the file)");
  put(kCollection + 8, 64, 8);
  EXPECT_EQ(check(), "string 0: its global heap collection claims 64 bytes "
                     "(at least 4096, inside the file)");
}

TEST_F(GlobalHeapTest, ObjectsMustFitTheCollection) {
  put(kCollection + 16 + 8, kCollectionSize, 8); // object 1 too large
  EXPECT_EQ(check(), "string 0: its global heap collection has an object of "
                     "4096 bytes, which does not fit");
  SetUp();
  put(kCollection + 16 + 24 + 8, 0, 8); // free space of size 0: HDF5 loops
  EXPECT_EQ(check(), "string 0: its global heap collection has an object of 0 "
                     "bytes, which does not fit");
}

TEST_F(GlobalHeapTest, ReferencesMustLieInsideTheFile) {
  EXPECT_EQ(check(1000), "its storage lies beyond the end of the file");
  EXPECT_EQ(check(uint64_t(1) << 62),
            "its storage lies beyond the end of the file");
}

TEST_F(GlobalHeapTest, EveryReferenceIsChecked) {
  putReference(16, 3, kCollection, 1);
  EXPECT_EQ(check(2), "");
  putReference(16, 3, kCollection, 7);
  EXPECT_EQ(check(2), "string 1: its global heap collection has no object 7");
}

} // namespace
