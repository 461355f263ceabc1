//===- NIRIsolation.cpp - read an NIR file's HDF5 in a child process ------===//
//
// HDF5 1.10 (Debian 12's libhdf5) trusts the addresses and sizes a file
// records: a damaged file can make it read through null or wild pointers,
// loop forever or allocate without bound, and fuzzing keeps finding new ways.
// The checks in Support/HDF5*.cpp guard the cases found so far; this module
// guards the rest. The file is parsed in a forked child with an address-space
// limit and an alarm, which sends the graph back through a pipe; a child
// that dies, hangs or runs out of memory becomes a diagnostic.
//
//===----------------------------------------------------------------------===//
#include "NIRModel.h"

#include "dynapse/Support/ChildProcess.h"

#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <unistd.h>

using namespace dynapse;
using namespace dynapse::nir;
using llvm::createStringError;
using llvm::Expected;
using llvm::StringRef;

namespace {

//===----------------------------------------------------------------------===//
// The graph as bytes
//===----------------------------------------------------------------------===//

/// Streams the graph into a pipe, so that the child never holds a second
/// copy of it.
class Writer {
public:
  explicit Writer(int fd) : out(fd, /*shouldClose=*/false) {}
  void number(uint64_t value) { raw(&value, sizeof value); }
  void text(StringRef value) {
    number(value.size());
    raw(value.data(), value.size());
  }
  template <typename T> void array(const std::vector<T> &values) {
    number(values.size());
    raw(values.data(), values.size() * sizeof(T));
  }
  void dataset(const h5::Dataset &value) {
    number(uint64_t(value.kind));
    number(value.isFloat32);
    array(value.shape);
    array(value.numbers);
    array(value.integers);
    number(value.strings.size());
    for (const std::string &text : value.strings)
      this->text(text);
  }
  void graph(const Graph &value) {
    text(value.version);
    number(value.nodes.size());
    for (const Node &node : value.nodes) {
      text(node.name);
      text(node.type);
      number(node.params.size());
      for (const auto &[name, data] : node.params) {
        text(name);
        dataset(data);
      }
    }
    number(value.edges.size());
    for (const auto &[from, to] : value.edges) {
      text(from);
      text(to);
    }
    number(value.warnings.size());
    for (const std::string &warning : value.warnings)
      text(warning);
  }
  /// Whether everything reached the pipe.
  bool finish() {
    out.flush();
    return !out.has_error();
  }

private:
  void raw(const void *data, size_t size) {
    out.write(static_cast<const char *>(data), size);
  }
  llvm::raw_fd_ostream out;
};

/// Reads what Writer wrote from the pipe. Counts are bounded (a child that
/// HDF5 corrupted may send anything) and every read must be complete.
class Reader {
public:
  explicit Reader(int fd) : fd(fd) {}
  bool number(uint64_t &value) { return raw(&value, sizeof value); }
  bool text(std::string &value) {
    uint64_t size;
    if (!number(size) || size > kMaxText)
      return false;
    value.resize(size);
    return raw(value.data(), size);
  }
  template <typename T> bool array(std::vector<T> &values) {
    uint64_t count;
    if (!number(count) || count > kMaxCount)
      return false;
    values.resize(count);
    return raw(values.data(), count * sizeof(T));
  }
  bool dataset(h5::Dataset &value) {
    uint64_t kind, isFloat32, strings;
    if (!number(kind) || kind > uint64_t(h5::Dataset::Kind::String) ||
        !number(isFloat32) || !array(value.shape) || !array(value.numbers) ||
        !array(value.integers) || !number(strings) || strings > kMaxCount)
      return false;
    value.kind = h5::Dataset::Kind(kind);
    value.isFloat32 = isFloat32 != 0;
    value.strings.resize(strings);
    for (std::string &text : value.strings)
      if (!this->text(text))
        return false;
    return true;
  }
  bool graph(Graph &value) {
    uint64_t nodes, edges, warnings;
    if (!text(value.version) || !number(nodes) || nodes > kMaxCount)
      return false;
    value.nodes.resize(nodes);
    for (Node &node : value.nodes) {
      uint64_t params;
      if (!text(node.name) || !text(node.type) || !number(params) ||
          params > kMaxCount)
        return false;
      for (uint64_t p = 0; p < params; ++p) {
        std::string name;
        h5::Dataset data;
        if (!text(name) || !dataset(data))
          return false;
        node.params.emplace(std::move(name), std::move(data));
      }
    }
    if (!number(edges) || edges > kMaxCount)
      return false;
    value.edges.resize(edges);
    for (auto &[from, to] : value.edges)
      if (!text(from) || !text(to))
        return false;
    if (!number(warnings) || warnings > kMaxCount)
      return false;
    value.warnings.resize(warnings);
    for (std::string &warning : value.warnings)
      if (!text(warning))
        return false;
    char extra;
    return !raw(&extra, 1); // nothing after the graph
  }

private:
  /// The reader's own limits are HDF5.cpp's: 64 Mi elements per dataset.
  static constexpr uint64_t kMaxCount = uint64_t(1) << 26;
  static constexpr uint64_t kMaxText = uint64_t(1) << 30;

  bool raw(void *data, size_t size) {
    char *to = static_cast<char *>(data);
    while (size > 0) {
      ssize_t got = ::read(fd, to, size);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return false;
      to += got;
      size -= size_t(got);
    }
    return true;
  }
  int fd;
};

} // namespace

Expected<Graph> nir::readGraphIsolated(StringRef bytes) {
  // Time and address space grow with the file.
  ChildLimits limits;
  limits.seconds = 60 + unsigned(bytes.size() >> 20);
  limits.addressSpace = (uint64_t(2) << 30) + 8 * uint64_t(bytes.size());
  auto parse = [&](int fd) {
    auto file = h5::File::openImage(bytes);
    Expected<Graph> graph =
        file ? readGraph(*file) : Expected<Graph>(file.takeError());
    Writer out(fd);
    if (graph) {
      out.text("graph");
      out.graph(*graph);
    } else {
      out.text("error");
      out.text(llvm::toString(graph.takeError()));
    }
    return out.finish() ? 0 : 1;
  };
  std::string kind, message;
  Graph graph;
  bool received = false;
  auto receive = [&](int fd) {
    Reader in(fd);
    received = in.text(kind) && (kind == "graph" ? in.graph(graph)
                                 : kind == "error" && in.text(message));
  };
  Expected<ChildEnd> end = runInChild(parse, receive, limits);
  if (!end)
    return createStringError("cannot read the file: " +
                             llvm::toString(end.takeError()));
  if (!end->clean)
    return createStringError("the file is damaged: HDF5 " + end->described +
                             " reading it");
  if (!received)
    return createStringError("the file is damaged: its graph arrived "
                             "incomplete");
  if (kind == "error")
    return createStringError(message);
  return graph;
}
