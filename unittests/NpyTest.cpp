//===- NpyTest.cpp - .npy parsing into doubles and floats ------------------===//
#include "dynapse/Support/Npy.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace dynapse;

namespace {

/// A version-1 .npy file of `descr`, `shape` ("(2, 3)") and raw `data`.
std::string npyFile(const std::string &descr, const std::string &shape,
                    const std::string &data, bool fortran = false) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " +
                       (fortran ? "True" : "False") + ", 'shape': " + shape +
                       ", }";
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::string file = "\x93NUMPY\x01";
  file += '\0';
  file += char(header.size() & 0xff);
  file += char(header.size() >> 8);
  return file + header + data;
}

template <typename T> std::string bytesOf(std::initializer_list<T> values) {
  std::string data;
  for (T value : values)
    data.append(reinterpret_cast<const char *>(&value), sizeof(T));
  return data;
}

/// parseFloat32 gives parse's values rounded to float, with its shape.
void expectFloatsMatchDoubles(const std::string &file) {
  auto doubles = npy::parse(file);
  auto floats = npy::parseFloat32(file);
  ASSERT_TRUE(bool(doubles)) << llvm::toString(doubles.takeError());
  ASSERT_TRUE(bool(floats)) << llvm::toString(floats.takeError());
  EXPECT_EQ(doubles->shape, floats->shape);
  ASSERT_EQ(doubles->values.size(), floats->values.size());
  for (size_t i = 0; i < doubles->values.size(); ++i)
    EXPECT_EQ(float(doubles->values[i]), floats->values[i]) << "element " << i;
}

TEST(Npy, FloatsMatchDoublesForEveryDtype) {
  expectFloatsMatchDoubles(npyFile("<f4", "(2, 2)", bytesOf<float>({0, 1.5f, -2, 3e-8f})));
  expectFloatsMatchDoubles(npyFile("<f8", "(3,)", bytesOf<double>({0.1, 1e300, -7})));
  expectFloatsMatchDoubles(npyFile("|u1", "(4,)", bytesOf<uint8_t>({0, 1, 200, 255})));
  expectFloatsMatchDoubles(npyFile("|i1", "(2,)", bytesOf<int8_t>({-128, 127})));
  expectFloatsMatchDoubles(npyFile("<i4", "(2,)", bytesOf<int32_t>({-5, 16777217})));
  expectFloatsMatchDoubles(npyFile("<i8", "(2,)", bytesOf<int64_t>({-1, (int64_t(1) << 53) + 1})));
  expectFloatsMatchDoubles(npyFile("<u2", "(2,)", bytesOf<uint16_t>({7, 65535})));
  expectFloatsMatchDoubles(npyFile("|b1", "(3,)", bytesOf<uint8_t>({0, 1, 0})));
  // Big endian: 1.0f is 3f 80 00 00.
  expectFloatsMatchDoubles(npyFile(">f4", "(1,)", std::string("\x3f\x80\x00\x00", 4)));
}

TEST(Npy, DecodesValuesAndFortranOrder) {
  auto floats = npy::parseFloat32(npyFile(">i2", "(2,)", std::string("\xff\xfe\x01\x00", 4)));
  ASSERT_TRUE(bool(floats)) << llvm::toString(floats.takeError());
  EXPECT_EQ(floats->values, (std::vector<float>{-2, 256}));
  // Fortran order (2, 3): columns first; C order reads rows.
  auto transposed = npy::parseFloat32(
      npyFile("|u1", "(2, 3)", bytesOf<uint8_t>({1, 4, 2, 5, 3, 6}), true));
  ASSERT_TRUE(bool(transposed)) << llvm::toString(transposed.takeError());
  EXPECT_EQ(transposed->values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(Npy, RejectsTruncatedData) {
  auto floats = npy::parseFloat32(npyFile("<f4", "(3,)", bytesOf<float>({1, 2})));
  ASSERT_FALSE(bool(floats));
  EXPECT_NE(llvm::toString(floats.takeError()).find("truncated"), std::string::npos);
}

} // namespace
