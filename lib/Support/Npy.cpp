//===- Npy.cpp - NumPy .npy arrays ----------------------------------------===//
#include "dynapse/Support/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <type_traits>

using namespace dynapse;
using llvm::createStringError;
using llvm::StringRef;

namespace {

/// The value of `key` in the header dictionary, e.g. "'<f4'" or "(60, 2)".
std::optional<StringRef> headerValue(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  char open = rest.empty() ? 0 : rest.front();
  char close = open == '(' ? ')' : open == '\'' ? '\'' : open == '"' ? '"' : 0;
  if (close) {
    size_t end = rest.find(close, 1);
    if (end == StringRef::npos)
      return std::nullopt;
    return rest.take_front(end + 1);
  }
  return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim();
}

struct Dtype {
  char kind;      // 'f', 'i', 'u', 'b'
  unsigned width; // bytes
  bool bigEndian;
};

llvm::Expected<Dtype> parseDtype(StringRef descr) {
  descr = descr.trim("'\"");
  if (descr.size() < 3)
    return createStringError("unsupported dtype '" + descr + "'");
  Dtype dtype{descr[1], 0, descr[0] == '>'};
  if (!StringRef("<>|=").contains(descr[0]) ||
      !StringRef("fiub").contains(dtype.kind) ||
      descr.drop_front(2).getAsInteger(10, dtype.width))
    return createStringError("unsupported dtype '" + descr +
                             "' (expected a numeric dtype such as <f4)");
  bool valid = dtype.kind == 'f' ? (dtype.width == 4 || dtype.width == 8)
               : dtype.kind == 'b' ? dtype.width == 1
                                   : (dtype.width == 1 || dtype.width == 2 ||
                                      dtype.width == 4 || dtype.width == 8);
  if (!valid)
    return createStringError("unsupported dtype '" + descr + "'");
  return dtype;
}

double decode(const char *data, const Dtype &dtype) {
  unsigned char bytes[8];
  std::memcpy(bytes, data, dtype.width);
  if (dtype.bigEndian)
    std::reverse(bytes, bytes + dtype.width);
  switch (dtype.kind) {
  case 'f':
    if (dtype.width == 4) {
      float value;
      std::memcpy(&value, bytes, 4);
      return value;
    } else {
      double value;
      std::memcpy(&value, bytes, 8);
      return value;
    }
  case 'b':
    return bytes[0] != 0;
  case 'u': {
    uint64_t value = 0;
    for (unsigned i = 0; i < dtype.width; ++i)
      value |= uint64_t(bytes[i]) << (8 * i);
    return double(value);
  }
  default: {
    uint64_t value = 0;
    for (unsigned i = 0; i < dtype.width; ++i)
      value |= uint64_t(bytes[i]) << (8 * i);
    unsigned shift = 64 - 8 * dtype.width;
    return double(int64_t(value << shift) >> shift);
  }
  }
}

/// `count` elements of type `Source` (little-endian, as the host) into `out`.
template <typename Source, typename T>
void convert(const char *data, uint64_t count, T *out) {
  for (uint64_t i = 0; i < count; ++i) {
    Source value;
    std::memcpy(&value, data + i * sizeof(Source), sizeof(Source));
    if constexpr (std::is_integral_v<Source> && sizeof(Source) <= 2)
      out[i] = T(value); // exact: as through double, one conversion fewer
    else
      out[i] = T(double(value)); // as decode() gives it, then narrowed
  }
}

/// Decodes `count` elements into `out`: the common little-endian dtypes in
/// one typed loop each (a copy for float32 into float), the others (big
/// endian, wide integers) element by element through double, as
/// `decode` gives them.
template <typename T>
void decodeAll(const char *data, uint64_t count, const Dtype &dtype, T *out) {
  if (!dtype.bigEndian && llvm::sys::IsLittleEndianHost) {
    if (dtype.kind == 'f' && dtype.width == 4)
      return convert<float>(data, count, out);
    if (dtype.kind == 'f' && dtype.width == 8)
      return convert<double>(data, count, out);
    if (dtype.kind == 'u' && dtype.width == 1)
      return convert<uint8_t>(data, count, out);
    if (dtype.kind == 'i' && dtype.width == 1)
      return convert<int8_t>(data, count, out);
    if (dtype.kind == 'i' && dtype.width == 4)
      return convert<int32_t>(data, count, out);
    if (dtype.kind == 'i' && dtype.width == 8)
      return convert<int64_t>(data, count, out);
  }
  for (uint64_t i = 0; i < count; ++i)
    out[i] = T(decode(data + i * dtype.width, dtype));
}

template <typename T>
llvm::Expected<npy::TypedArray<T>> parseAs(StringRef bytes) {
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return createStringError("not a .npy file (no \\x93NUMPY magic)");
  unsigned major = uint8_t(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return createStringError("truncated .npy header");
    headerLength = uint32_t(uint8_t(bytes[8])) | uint32_t(uint8_t(bytes[9])) << 8 |
                   uint32_t(uint8_t(bytes[10])) << 16 |
                   uint32_t(uint8_t(bytes[11])) << 24;
    headerStart = 12;
  } else {
    return createStringError("unsupported .npy version " + llvm::Twine(major));
  }
  if (bytes.size() < headerStart + headerLength)
    return createStringError("truncated .npy header");
  StringRef header = bytes.substr(headerStart, headerLength);
  auto descr = headerValue(header, "descr");
  auto order = headerValue(header, "fortran_order");
  auto shapeText = headerValue(header, "shape");
  if (!descr || !order || !shapeText)
    return createStringError("malformed .npy header: needs descr, "
                             "fortran_order and shape");
  auto dtype = parseDtype(*descr);
  if (!dtype)
    return dtype.takeError();
  npy::TypedArray<T> array;
  uint64_t count = 1;
  llvm::SmallVector<StringRef> extents;
  shapeText->trim("()").split(extents, ',', -1, /*KeepEmpty=*/false);
  for (StringRef extentText : extents) {
    int64_t extent;
    if (extentText.trim().getAsInteger(10, extent) || extent < 0)
      return createStringError("malformed .npy shape " + *shapeText);
    array.shape.push_back(extent);
    if (extent && count > (uint64_t(1) << 40) / uint64_t(extent))
      return createStringError("the .npy array is too large");
    count *= uint64_t(extent);
  }
  StringRef data = bytes.drop_front(headerStart + headerLength);
  if (data.size() < count * dtype->width)
    return createStringError("truncated .npy data: " + llvm::Twine(count) +
                             " elements need " +
                             llvm::Twine(count * dtype->width) +
                             " bytes, the file has " + llvm::Twine(data.size()));
  array.values.resize(count);
  decodeAll(data.data(), count, *dtype, array.values.data());
  if (order->trim() == "True" && array.shape.size() > 1) {
    // Fortran order: transpose into C order.
    std::vector<T> c(count);
    size_t rank = array.shape.size();
    std::vector<int64_t> index(rank, 0);
    for (uint64_t f = 0; f < count; ++f) {
      uint64_t cIndex = 0;
      for (size_t d = 0; d < rank; ++d)
        cIndex = cIndex * array.shape[d] + index[d];
      c[cIndex] = array.values[f];
      for (size_t d = 0; d < rank; ++d) {
        if (++index[d] < array.shape[d])
          break;
        index[d] = 0;
      }
    }
    array.values = std::move(c);
  }
  return array;
}

} // namespace

llvm::Expected<npy::Array> npy::parse(StringRef bytes) {
  return parseAs<double>(bytes);
}

llvm::Expected<npy::Float32Array> npy::parseFloat32(StringRef bytes) {
  return parseAs<float>(bytes);
}

void npy::writeFloat32Header(llvm::raw_ostream &output,
                             llvm::ArrayRef<int64_t> shape) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int64_t extent : shape)
    dict += std::to_string(extent) + (shape.size() == 1 ? "," : ", ");
  if (shape.size() > 1)
    dict.resize(dict.size() - 2);
  dict += "), }";
  // Pad so that the data starts on a 64-byte boundary, ending in '\n'.
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  output << "\x93NUMPY" << char(1) << char(0) << char(dict.size() & 0xff)
         << char(dict.size() >> 8) << dict;
}

static void writeSingle(llvm::raw_ostream &output, float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  char raw[4];
  llvm::support::endian::write32le(raw, bits);
  output.write(raw, 4);
}

void npy::writeFloat32(llvm::raw_ostream &output, llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<double> values) {
  writeFloat32Header(output, shape);
  for (double value : values)
    writeSingle(output, float(value));
}

void npy::writeFloat32Values(llvm::raw_ostream &output,
                             llvm::ArrayRef<float> values) {
  if (llvm::sys::IsLittleEndianHost) {
    output.write(reinterpret_cast<const char *>(values.data()),
                 values.size() * sizeof(float));
    return;
  }
  for (float value : values)
    writeSingle(output, value);
}

void npy::writeFloat32(llvm::raw_ostream &output, llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<float> values) {
  writeFloat32Header(output, shape);
  writeFloat32Values(output, values);
}
