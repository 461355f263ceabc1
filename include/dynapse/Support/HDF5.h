//===- HDF5.h - a small RAII layer over HDF5's C API -------------*- C++ -*-===//
//
// Reads and writes the subset of HDF5 that NIR uses: groups, numeric datasets
// (any float or integer type, scalar or n-D, compressed or not) and
// variable-length UTF-8 strings. Files live in memory (HDF5's core driver), so
// translations read from and write to buffers and never leave partial files.
// LLVM is built without exceptions, hence the C API and llvm::Error.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SUPPORT_HDF5_H
#define DYNAPSE_SUPPORT_HDF5_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dynapse::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5*close.
class Handle {
public:
  using hid = int64_t;
  using Closer = int (*)(hid);
  Handle() = default;
  Handle(hid id, Closer closer) : id(id), closer(closer) {}
  Handle(Handle &&other) noexcept { *this = std::move(other); }
  Handle &operator=(Handle &&other) noexcept;
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  ~Handle() { reset(); }
  hid get() const { return id; }
  bool valid() const { return id >= 0; }
  void reset();

private:
  hid id = -1;
  Closer closer = nullptr;
};

/// An open file: its handle, and its bytes when it was opened from an image.
struct OpenFile;

/// The value of one dataset.
struct Dataset {
  enum class Kind { Float, Integer, String };
  Kind kind = Kind::Float;
  std::vector<int64_t> shape; // empty for a scalar
  std::vector<double> numbers; // Float and Integer (integers converted exactly
                               // up to 2^53)
  std::vector<int64_t> integers; // Integer only
  std::vector<std::string> strings; // String only
  bool isFloat32 = false;           // stored as 32-bit float
  bool isBoolean = false; // h5py's boolean enum, read as Integer 0 / 1

  int64_t numElements() const;
};

/// A group of an open file (the file stays open while a Group lives).
class Group {
public:
  /// Names of the child groups and datasets, in HDF5's (alphabetical) order.
  llvm::Expected<std::vector<std::string>> children() const;
  bool hasGroup(llvm::StringRef name) const;
  bool hasDataset(llvm::StringRef name) const;
  llvm::Expected<Group> group(llvm::StringRef name) const;
  llvm::Expected<Dataset> read(llvm::StringRef name) const;
  /// Path of this group inside the file, for messages.
  const std::string &path() const { return groupPath; }

  // Writing.
  llvm::Expected<Group> createGroup(llvm::StringRef name) const;
  llvm::Error writeString(llvm::StringRef name, llvm::StringRef value) const;
  llvm::Error writeStrings(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<std::string> values) const;
  llvm::Error writeDoubles(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<double> values, bool asFloat32 = false,
                           bool gzip = false) const;
  llvm::Error writeIntegers(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<int64_t> values) const;
  /// As h5py writes numpy booleans: an 8-bit enum {FALSE = 0, TRUE = 1}.
  llvm::Error writeBooleans(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<bool> values) const;

private:
  friend class File;
  Group(std::shared_ptr<OpenFile> file, Handle group, std::string path)
      : file(std::move(file)), handle(std::make_shared<Handle>(std::move(group))),
        groupPath(std::move(path)) {}
  std::string childPath(llvm::StringRef name) const;
  std::shared_ptr<OpenFile> file;
  std::shared_ptr<Handle> handle;
  std::string groupPath;
};

/// An HDF5 file held in memory.
class File {
public:
  /// Opens the image `bytes` read-only. Fails with a message when the bytes
  /// are not HDF5 or the file is damaged. `bytes` must outlive the File and
  /// its groups: variable-length strings are checked against them before
  /// HDF5 reads them.
  static llvm::Expected<File> openImage(llvm::StringRef bytes);
  /// Creates an empty in-memory file for writing.
  static llvm::Expected<File> create();

  Group root() const;
  /// The bytes of the file (after flushing), for writing it out.
  llvm::Expected<std::string> image() const;

private:
  explicit File(std::shared_ptr<OpenFile> file) : file(std::move(file)) {}
  std::shared_ptr<OpenFile> file;
};

} // namespace dynapse::h5

#endif // DYNAPSE_SUPPORT_HDF5_H
