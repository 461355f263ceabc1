//===- HDF5.cpp - a small RAII layer over HDF5's C API --------------------===//
#include "dynapse/Support/HDF5.h"
#include "HDF5GlobalHeap.h"

#include "llvm/ADT/Twine.h"

#include <hdf5.h>

#include <atomic>
#include <cstring>

using namespace dynapse::h5;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// Datasets larger than this are refused rather than risking the memory of
/// the machine on a hostile or corrupt file (64 Mi elements, 512 MiB).
static constexpr int64_t kMaxElements = int64_t(1) << 26;
/// Wider numbers than this (16: quadruple precision) are a damaged type.
static constexpr size_t kMaxNumberSize = 16;

struct dynapse::h5::OpenFile {
  Handle handle;
  FileGeometry geometry; // image empty for a file created here
};

/// HDF5 prints its own error stack to stderr by default; we report errors
/// ourselves, with the file and node they concern.
static void silenceHDF5() {
  static bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

Handle &Handle::operator=(Handle &&other) noexcept {
  if (this != &other) {
    reset();
    id = other.id;
    closer = other.closer;
    other.id = -1;
  }
  return *this;
}

void Handle::reset() {
  if (id >= 0 && closer)
    closer(id);
  id = -1;
}

int64_t Dataset::numElements() const {
  int64_t count = 1;
  for (int64_t extent : shape)
    count *= extent;
  return count;
}

//===----------------------------------------------------------------------===//
// Group: reading
//===----------------------------------------------------------------------===//

std::string Group::childPath(StringRef name) const {
  return groupPath == "/" ? ("/" + name).str() : (groupPath + "/" + name).str();
}

static herr_t collectName(hid_t, const char *name, const H5L_info_t *,
                          void *names) {
  static_cast<std::vector<std::string> *>(names)->emplace_back(name);
  return 0;
}

Expected<std::vector<std::string>> Group::children() const {
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Literate(handle->get(), H5_INDEX_NAME, H5_ITER_INC, &index, collectName,
                 &names) < 0)
    return createStringError("cannot list the members of group '" + groupPath +
                             "'");
  return names;
}

/// The type of the object `name` in `group`, or H5O_TYPE_UNKNOWN.
static H5O_type_t objectType(hid_t group, StringRef name) {
  std::string key = name.str();
  if (key.empty() || key.find('/') != std::string::npos)
    return H5O_TYPE_UNKNOWN;
  if (H5Lexists(group, key.c_str(), H5P_DEFAULT) <= 0)
    return H5O_TYPE_UNKNOWN;
  H5O_info_t info;
  if (H5Oget_info_by_name2(group, key.c_str(), &info, H5O_INFO_BASIC,
                           H5P_DEFAULT) < 0)
    return H5O_TYPE_UNKNOWN;
  return info.type;
}

bool Group::hasGroup(StringRef name) const {
  return objectType(handle->get(), name) == H5O_TYPE_GROUP;
}

bool Group::hasDataset(StringRef name) const {
  return objectType(handle->get(), name) == H5O_TYPE_DATASET;
}

Expected<Group> Group::group(StringRef name) const {
  if (!hasGroup(name))
    return createStringError("no group '" + childPath(name) + "'");
  hid_t id = H5Gopen2(handle->get(), name.str().c_str(), H5P_DEFAULT);
  if (id < 0)
    return createStringError("cannot open group '" + childPath(name) + "'");
  return Group(file, Handle(id, H5Gclose), childPath(name));
}

/// Where and how a dataset keeps its elements.
struct Storage {
  H5D_layout_t layout;
  hsize_t bytes;  // as HDF5 reports it
  haddr_t offset; // in the file; HADDR_UNDEF unless contiguous and written
};

static Storage storageOf(hid_t dataset) {
  Handle creation(H5Dget_create_plist(dataset), H5Pclose);
  return {H5Pget_layout(creation.get()), H5Dget_storage_size(dataset),
          H5Dget_offset(dataset)};
}

/// HDF5 1.10 copies a compact or contiguous dataset's fixed-size elements
/// (numbers, fixed-width strings) from its storage without comparing the
/// storage's size with the dataspace (a compact dataset with no bytes makes
/// it copy from a null pointer), so the storage must hold every element,
/// inside the file. Unwritten contiguous storage reads as fill values; chunks
/// are checked by HDF5 itself.
static Error checkFixedSizeStorage(const OpenFile &file, hid_t dataset,
                                   int64_t count, size_t elementSize,
                                   const std::string &path) {
  Storage storage = storageOf(dataset);
  const uint64_t needed = uint64_t(count) * elementSize;
  bool holds = storage.layout == H5D_CHUNKED;
  if (storage.layout == H5D_COMPACT)
    holds = storage.bytes == needed;
  else if (storage.layout == H5D_CONTIGUOUS)
    holds = storage.offset == HADDR_UNDEF
                ? storage.bytes == 0
                : storage.bytes >= needed &&
                      file.geometry.holds(storage.offset, needed);
  if (holds)
    return Error::success();
  return createStringError("dataset '" + path + "' is damaged: its storage (" +
                           llvm::Twine(storage.bytes) +
                           " bytes) does not hold its " + llvm::Twine(count) +
                           " elements of " + llvm::Twine(elementSize) +
                           " bytes");
}

/// HDF5 reads variable-length strings without checking the references or
/// the global heap they point into (HDF5GlobalHeap.h), so they are checked on
/// the file's bytes first; that needs the references in one contiguous block.
static Error checkVarLenStorage(const OpenFile &file, hid_t dataset,
                                int64_t count, const std::string &path) {
  auto refuse = [&](const llvm::Twine &why) {
    return createStringError("dataset '" + path + "' " + why);
  };
  Storage storage = storageOf(dataset);
  if (storage.layout != H5D_CONTIGUOUS)
    return refuse("stores its strings in a compact or chunked layout; only "
                  "contiguous string datasets are read");
  const uint64_t referenceSize = 4 + file.geometry.sizeOfOffsets + 4;
  if (storage.bytes < hsize_t(count) * referenceSize)
    return refuse("is truncated: its storage cannot hold " +
                  llvm::Twine(count) + " strings");
  if (storage.offset == HADDR_UNDEF)
    return refuse("has no storage in the file");
  if (Error error =
          checkVarLenStrings(file.geometry, storage.offset, uint64_t(count)))
    return refuse("is damaged: " + llvm::toString(std::move(error)));
  return Error::success();
}

static Error readStrings(const OpenFile &file, hid_t dataset, hid_t fileType,
                         int64_t count, Dataset &result,
                         const std::string &path) {
  if (count == 0)
    return Error::success();
  Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
  if (H5Tis_variable_str(fileType) > 0) {
    // HDF5 sizes its conversion buffer as length x character size, so a
    // damaged character size would ask for gigabytes.
    Handle character(H5Tget_super(fileType), H5Tclose);
    if (!character.valid() || H5Tget_size(character.get()) != 1)
      return createStringError("dataset '" + path +
                               "' has strings of characters wider than a byte");
    if (Error error = checkVarLenStorage(file, dataset, count, path))
      return error;
    H5Tset_size(memType.get(), H5T_VARIABLE);
    H5Tset_cset(memType.get(), H5T_CSET_UTF8);
    std::vector<char *> buffer(count, nullptr);
    if (H5Dread(dataset, memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                buffer.data()) < 0)
      return createStringError("cannot read strings of dataset '" + path + "'");
    for (char *text : buffer)
      result.strings.emplace_back(text ? text : "");
    Handle space(H5Dget_space(dataset), H5Sclose);
    H5Dvlen_reclaim(memType.get(), space.get(), H5P_DEFAULT, buffer.data());
    return Error::success();
  }
  size_t width = H5Tget_size(fileType);
  if (width == 0 || width > (size_t(1) << 20))
    return createStringError("dataset '" + path + "' has a bad string width");
  H5Tset_size(memType.get(), width);
  std::vector<char> buffer(width * count, '\0');
  if (H5Dread(dataset, memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
              buffer.data()) < 0)
    return createStringError("cannot read strings of dataset '" + path + "'");
  for (int64_t i = 0; i < count; ++i) {
    const char *start = buffer.data() + i * width;
    result.strings.emplace_back(start, strnlen(start, width));
  }
  return Error::success();
}

/// h5py's boolean: an enum over 8-bit integers with FALSE = 0, TRUE = 1.
static Handle booleanType() {
  Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  int8_t no = 0, yes = 1;
  H5Tenum_insert(type.get(), "FALSE", &no);
  H5Tenum_insert(type.get(), "TRUE", &yes);
  return type;
}

/// Whether `type` is an enum with exactly h5py's boolean members.
static bool isBooleanEnum(hid_t type) {
  if (H5Tget_nmembers(type) != 2)
    return false;
  for (unsigned i = 0; i < 2; ++i) {
    char *name = H5Tget_member_name(type, i);
    bool known = name && (StringRef(name) == "FALSE" || StringRef(name) == "TRUE");
    H5free_memory(name);
    if (!known)
      return false;
  }
  return true;
}

Expected<Dataset> Group::read(StringRef name) const {
  std::string path = childPath(name);
  if (!hasDataset(name))
    return createStringError("no dataset '" + path + "'");
  Handle dataset(H5Dopen2(handle->get(), name.str().c_str(), H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid())
    return createStringError("cannot open dataset '" + path + "'");
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 32)
    return createStringError("dataset '" + path + "' has an unreadable shape");
  Dataset result;
  std::vector<hsize_t> dims(rank);
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  int64_t count = 1;
  for (hsize_t extent : dims) {
    if (extent > hsize_t(kMaxElements) ||
        (extent != 0 && count > kMaxElements / int64_t(extent)))
      return createStringError("dataset '" + path + "' is too large (over " +
                               llvm::Twine(kMaxElements) + " elements)");
    count *= int64_t(extent);
    result.shape.push_back(int64_t(extent));
  }

  Handle fileType(H5Dget_type(dataset.get()), H5Tclose);
  H5T_class_t typeClass = H5Tget_class(fileType.get());
  // HDF5 allocates (and clears) a conversion buffer of at least one file
  // element, so a corrupt type size of gigabytes would exhaust memory.
  size_t elementSize = H5Tget_size(fileType.get());
  if ((typeClass == H5T_FLOAT || typeClass == H5T_INTEGER ||
       typeClass == H5T_ENUM) &&
      (elementSize == 0 || elementSize > kMaxNumberSize))
    return createStringError("dataset '" + path + "' has " +
                             llvm::Twine(elementSize) +
                             "-byte numbers (at most " +
                             llvm::Twine(kMaxNumberSize) + " are read)");
  bool fixedSize = typeClass == H5T_FLOAT || typeClass == H5T_INTEGER ||
                   typeClass == H5T_ENUM ||
                   (typeClass == H5T_STRING &&
                    H5Tis_variable_str(fileType.get()) == 0);
  if (fixedSize)
    if (Error error = checkFixedSizeStorage(*file, dataset.get(), count,
                                          elementSize, path))
      return std::move(error);
  switch (typeClass) {
  case H5T_FLOAT:
    result.kind = Dataset::Kind::Float;
    result.isFloat32 = H5Tget_size(fileType.get()) == 4;
    result.numbers.resize(count);
    if (count && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, result.numbers.data()) < 0)
      return createStringError("cannot read dataset '" + path +
                               "' (damaged or truncated file?)");
    return result;
  case H5T_INTEGER:
    result.kind = Dataset::Kind::Integer;
    result.integers.resize(count);
    if (count && H5Dread(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, result.integers.data()) < 0)
      return createStringError("cannot read dataset '" + path +
                               "' (damaged or truncated file?)");
    result.numbers.assign(result.integers.begin(), result.integers.end());
    return result;
  case H5T_ENUM: {
    if (!isBooleanEnum(fileType.get()))
      return createStringError("dataset '" + path +
                               "' is an enum other than h5py's boolean");
    // HDF5 converts enums by member name, so any base type reads as ours.
    Handle memoryType = booleanType();
    std::vector<int8_t> bytes(count);
    if (count && H5Dread(dataset.get(), memoryType.get(), H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, bytes.data()) < 0)
      return createStringError("cannot read dataset '" + path +
                               "' (damaged or truncated file?)");
    result.kind = Dataset::Kind::Integer;
    result.isBoolean = true;
    result.integers.assign(bytes.begin(), bytes.end());
    result.numbers.assign(bytes.begin(), bytes.end());
    return result;
  }
  case H5T_STRING:
    result.kind = Dataset::Kind::String;
    if (Error error =
            readStrings(*file, dataset.get(), fileType.get(), count, result,
                        path))
      return std::move(error);
    return result;
  default:
    return createStringError("dataset '" + path +
                             "' is neither numbers nor strings");
  }
}

//===----------------------------------------------------------------------===//
// Group: writing
//===----------------------------------------------------------------------===//

/// Creation properties without modification times, so that the same content
/// always gives the same bytes.
static Handle untimedProperties(hid_t kind) {
  Handle properties(H5Pcreate(kind), H5Pclose);
  H5Pset_obj_track_times(properties.get(), false);
  return properties;
}

Expected<Group> Group::createGroup(StringRef name) const {
  Handle properties = untimedProperties(H5P_GROUP_CREATE);
  hid_t id = H5Gcreate2(handle->get(), name.str().c_str(), H5P_DEFAULT,
                        properties.get(), H5P_DEFAULT);
  if (id < 0)
    return createStringError("cannot create group '" + childPath(name) + "'");
  return Group(file, Handle(id, H5Gclose), childPath(name));
}

static Handle makeSpace(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return Handle(H5Screate(H5S_SCALAR), H5Sclose);
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  return Handle(H5Screate_simple(int(dims.size()), dims.data(), nullptr),
                H5Sclose);
}

static Error writeRaw(hid_t group, const std::string &path, StringRef name,
                      hid_t fileType, hid_t memType,
                      llvm::ArrayRef<int64_t> shape, const void *data,
                      bool gzip) {
  Handle space = makeSpace(shape);
  Handle properties = untimedProperties(H5P_DATASET_CREATE);
  if (gzip && !shape.empty()) {
    std::vector<hsize_t> chunk(shape.begin(), shape.end());
    bool empty = false;
    for (hsize_t &extent : chunk)
      empty |= extent == 0;
    if (!empty) {
      H5Pset_chunk(properties.get(), int(chunk.size()), chunk.data());
      H5Pset_deflate(properties.get(), 4);
    }
  }
  Handle dataset(H5Dcreate2(group, name.str().c_str(), fileType, space.get(),
                            H5P_DEFAULT, properties.get(), H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid() ||
      H5Dwrite(dataset.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    return createStringError("cannot write dataset '" + path + "'");
  return Error::success();
}

static Handle utf8StringType() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

Error Group::writeString(StringRef name, StringRef value) const {
  return writeStrings(name, {}, {value.str()});
}

Error Group::writeStrings(StringRef name, llvm::ArrayRef<int64_t> shape,
                          llvm::ArrayRef<std::string> values) const {
  std::vector<const char *> pointers;
  for (const std::string &value : values)
    pointers.push_back(value.c_str());
  Handle type = utf8StringType();
  return writeRaw(handle->get(), childPath(name), name, type.get(), type.get(),
                  shape, pointers.data(), false);
}

Error Group::writeDoubles(StringRef name, llvm::ArrayRef<int64_t> shape,
                          llvm::ArrayRef<double> values, bool asFloat32,
                          bool gzip) const {
  return writeRaw(handle->get(), childPath(name), name,
                  asFloat32 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE,
                  H5T_NATIVE_DOUBLE, shape, values.data(), gzip);
}

Error Group::writeBooleans(StringRef name, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<bool> values) const {
  std::vector<int8_t> bytes(values.begin(), values.end());
  Handle type = booleanType();
  return writeRaw(handle->get(), childPath(name), name, type.get(), type.get(),
                  shape, bytes.data(), false);
}

Error Group::writeIntegers(StringRef name, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<int64_t> values) const {
  return writeRaw(handle->get(), childPath(name), name, H5T_STD_I64LE,
                  H5T_NATIVE_INT64, shape, values.data(), false);
}

//===----------------------------------------------------------------------===//
// File
//===----------------------------------------------------------------------===//

/// Where HDF5's superblock signature sits: at 0, 512, 1024, 2048, ... (the
/// file's base address), or npos.
static size_t signatureOffset(StringRef bytes) {
  static const char signature[] = "\x89HDF\r\n\x1a\n";
  for (size_t offset = 0; offset + 8 <= bytes.size();
       offset = offset ? offset * 2 : 512)
    if (bytes.substr(offset, 8) == StringRef(signature, 8))
      return offset;
  return StringRef::npos;
}

static herr_t noteResourceError(unsigned, const H5E_error2_t *error,
                                void *found) {
  if (error->maj_num == H5E_RESOURCE)
    *static_cast<bool *>(found) = true;
  return 0;
}

/// Whether HDF5's last failure was an allocation (its error stack holds a
/// resource error), rather than a damaged file.
static bool failedForMemory() {
  bool found = false;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, noteResourceError, &found);
  return found;
}

/// Core-driver files need a name that no other open file has.
static std::string uniqueName() {
  static std::atomic<unsigned> counter{0};
  return "dynapse-memory-" + std::to_string(counter++) + ".h5";
}

static Handle coreDriverAccess() {
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(access.get(), 1 << 16, /*backing_store=*/false);
  return access;
}

Expected<File> File::openImage(StringRef bytes) {
  silenceHDF5();
  if (bytes.empty())
    return createStringError("the file is empty");
  size_t base = signatureOffset(bytes);
  if (base == StringRef::npos)
    return createStringError("not an HDF5 file (no HDF5 signature)");
  Handle access = coreDriverAccess();
  if (H5Pset_file_image(access.get(), const_cast<char *>(bytes.data()),
                        bytes.size()) < 0)
    return createStringError("cannot load the file image: out of memory");
  hid_t id = H5Fopen(uniqueName().c_str(), H5F_ACC_RDONLY, access.get());
  if (id < 0)
    return createStringError(failedForMemory()
                                 ? "cannot open the HDF5 file: out of memory"
                                 : "cannot open the HDF5 file (damaged or "
                                   "truncated)");
  auto file = std::make_shared<OpenFile>();
  file->handle = Handle(id, H5Fclose);
  Handle creation(H5Fget_create_plist(id), H5Pclose);
  size_t sizeOfOffsets = 0, sizeOfLengths = 0;
  if (H5Pget_sizes(creation.get(), &sizeOfOffsets, &sizeOfLengths) < 0)
    return createStringError("cannot read the HDF5 superblock");
  file->geometry = {bytes, base, unsigned(sizeOfOffsets),
                    unsigned(sizeOfLengths)};
  return File(std::move(file));
}

Expected<File> File::create() {
  silenceHDF5();
  Handle access = coreDriverAccess();
  Handle creation(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  hid_t id = H5Fcreate(uniqueName().c_str(), H5F_ACC_TRUNC, creation.get(),
                       access.get());
  if (id < 0)
    return createStringError("cannot create an in-memory HDF5 file");
  auto file = std::make_shared<OpenFile>();
  file->handle = Handle(id, H5Fclose);
  return File(std::move(file));
}

Group File::root() const {
  return Group(file,
               Handle(H5Gopen2(file->handle.get(), "/", H5P_DEFAULT), H5Gclose),
               "/");
}

Expected<std::string> File::image() const {
  hid_t id = file->handle.get();
  H5Fflush(id, H5F_SCOPE_GLOBAL);
  ssize_t size = H5Fget_file_image(id, nullptr, 0);
  if (size < 0)
    return createStringError("cannot take the image of the HDF5 file");
  std::string bytes(size_t(size), '\0');
  if (H5Fget_file_image(id, bytes.data(), bytes.size()) < 0)
    return createStringError("cannot take the image of the HDF5 file");
  return bytes;
}
