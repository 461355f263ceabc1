//===- NIRReader.cpp - NIR files (HDF5) to an in-memory graph -------------===//
//
// Layouts (docs/nir.md): NIR >= 0.1 keeps the top graph in the group `node`
// (with `/version` since 0.1.1); NIR 0.0.x has a root group `nodes` with
// numbered children and a root `edges` dataset. A node whose type is NIRGraph
// is a subgraph: its nodes are renamed "<subgraph>.<node>", an edge to the
// subgraph enters its Input node, an edge from it leaves its Output node, and
// those inner Input/Output nodes are then bypassed.
//
//===----------------------------------------------------------------------===//
#include "NIRModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <set>

using namespace dynapse;
using namespace dynapse::nir;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {

/// One level of the (possibly nested) graph while reading.
struct Scope {
  std::string prefix; // "" at the top, "sub." inside subgraph "sub"
  /// Local name -> qualified name of plain nodes.
  std::map<std::string, std::string> nodes;
  /// Local name -> scope of subgraphs.
  std::map<std::string, std::unique_ptr<Scope>> subgraphs;
  /// Qualified names of this scope's Input and Output nodes.
  std::vector<std::string> inputs, outputs;
};

class Reader {
public:
  Expected<Graph> read(const h5::File &file);

private:
  Error readGraphGroup(const h5::Group &group, Scope &scope);
  Error readNode(const h5::Group &group, const std::string &localName,
                 Scope &scope);
  Error readEdges(const h5::Group &group, Scope &scope);
  Expected<std::string> resolve(const Scope &scope, StringRef name,
                                bool asSource);
  void bypassInnerPorts(const std::set<std::string> &ports);

  Graph graph;
  std::set<std::string> innerPorts;
  std::set<std::string> repairedNames; // warned about once each
};

} // namespace

static std::string where(const Scope &scope) {
  return scope.prefix.empty()
             ? std::string("the top-level graph")
             : "subgraph '" + scope.prefix.substr(0, scope.prefix.size() - 1) +
                   "'";
}

Expected<Graph> Reader::read(const h5::File &file) {
  h5::Group root = file.root();
  Scope top;
  if (root.hasGroup("node")) {
    if (root.hasDataset("version")) {
      auto version = root.read("version");
      if (!version)
        return version.takeError();
      if (version->kind != h5::Dataset::Kind::String ||
          version->strings.size() != 1)
        return createStringError("dataset '/version' is not a string");
      graph.version = version->strings.front();
    }
    auto node = root.group("node");
    if (!node)
      return node.takeError();
    if (Error error = readGraphGroup(*node, top))
      return std::move(error);
  } else if (root.hasGroup("nodes")) {
    // NIR 0.0.x: the root itself is the graph.
    if (Error error = readGraphGroup(root, top))
      return std::move(error);
  } else {
    return createStringError(
        "not an NIR file: no group 'node' (NIR >= 0.1) or 'nodes' (NIR 0.0.x)");
  }
  if (graph.nodes.empty())
    return createStringError("the graph is empty (it has no nodes)");
  bypassInnerPorts(innerPorts);
  return std::move(graph);
}

Error Reader::readGraphGroup(const h5::Group &group, Scope &scope) {
  auto nodes = group.group("nodes");
  if (!nodes)
    return createStringError(where(scope) + " has no 'nodes' group");
  auto names = nodes->children();
  if (!names)
    return names.takeError();
  for (const std::string &name : *names) {
    if (!nodes->hasGroup(name))
      return createStringError("node '" + scope.prefix + name +
                               "' is not a group");
    auto child = nodes->group(name);
    if (!child)
      return child.takeError();
    if (Error error = readNode(*child, name, scope))
      return error;
  }
  return readEdges(group, scope);
}

Error Reader::readNode(const h5::Group &group, const std::string &localName,
                       Scope &scope) {
  std::string name = scope.prefix + localName;
  if (!group.hasDataset("type"))
    return createStringError("node '" + name + "' has no 'type'");
  auto type = group.read("type");
  if (!type)
    return type.takeError();
  if (type->kind != h5::Dataset::Kind::String || type->strings.size() != 1)
    return createStringError("node '" + name + "': 'type' is not a string");
  std::string typeName = type->strings.front();

  if (typeName == "NIRGraph") {
    auto sub = std::make_unique<Scope>();
    sub->prefix = name + ".";
    if (Error error = readGraphGroup(group, *sub))
      return error;
    innerPorts.insert(sub->inputs.begin(), sub->inputs.end());
    innerPorts.insert(sub->outputs.begin(), sub->outputs.end());
    scope.subgraphs[localName] = std::move(sub);
    return Error::success();
  }

  Node node;
  node.name = name;
  node.type = typeName;
  auto members = group.children();
  if (!members)
    return members.takeError();
  for (const std::string &member : *members) {
    // `metadata` groups (NIR >= 1.0) carry nothing the compiler uses.
    if (member == "type" || !group.hasDataset(member))
      continue;
    auto value = group.read(member);
    if (!value)
      return createStringError("node '" + name + "': " +
                               llvm::toString(value.takeError()));
    // nir.write stores `bias=False` (nirtorch, older exporters) as a
    // boolean scalar: no bias, that is a bias of 0 (broadcast).
    if (value->isBoolean && member == "bias") {
      if (value->integers != std::vector<int64_t>{0})
        return createStringError("node '" + name +
                                 "': parameter 'bias' is a boolean True, not "
                                 "numbers");
      value->isBoolean = false;
      value->integers.clear();
      value->kind = h5::Dataset::Kind::Float;
      value->numbers = {0.0};
    }
    node.params.emplace(member, std::move(*value));
  }
  if (typeName == "Input")
    scope.inputs.push_back(name);
  if (typeName == "Output")
    scope.outputs.push_back(name);
  scope.nodes[localName] = name;
  graph.nodes.push_back(std::move(node));
  return Error::success();
}

Error Reader::readEdges(const h5::Group &group, Scope &scope) {
  if (!group.hasDataset("edges"))
    return createStringError(where(scope) + " has no 'edges' dataset");
  auto edges = group.read("edges");
  if (!edges)
    return edges.takeError();
  bool empty = edges->numElements() == 0;
  if (!empty && (edges->shape.size() != 2 || edges->shape[1] != 2))
    return createStringError("'edges' of " + where(scope) +
                             " must have shape (E, 2)");
  std::vector<std::string> ends;
  if (edges->kind == h5::Dataset::Kind::String) {
    ends = edges->strings;
  } else if (edges->kind == h5::Dataset::Kind::Integer) {
    // NIR 0.0.x stored node indices.
    for (int64_t index : edges->integers)
      ends.push_back(std::to_string(index));
  } else if (!empty) {
    return createStringError("'edges' of " + where(scope) +
                             " must hold node names");
  }
  for (size_t i = 0; i + 1 < ends.size(); i += 2) {
    auto source = resolve(scope, ends[i], /*asSource=*/true);
    if (!source)
      return source.takeError();
    auto target = resolve(scope, ends[i + 1], /*asSource=*/false);
    if (!target)
      return target.takeError();
    graph.edges.emplace_back(*source, *target);
  }
  return Error::success();
}

/// Qualified name of the node an edge end `name` denotes in `scope`: an exact
/// local node name first (names may contain dots), then a subgraph (its
/// single Output as a source, its single Input as a target), then a dotted
/// path into a subgraph.
Expected<std::string> Reader::resolve(const Scope &scope, StringRef name,
                                      bool asSource) {
  if (auto it = scope.nodes.find(name.str()); it != scope.nodes.end())
    return it->second;
  if (auto it = scope.subgraphs.find(name.str()); it != scope.subgraphs.end()) {
    const std::vector<std::string> &ports =
        asSource ? it->second->outputs : it->second->inputs;
    if (ports.size() != 1)
      return createStringError(
          "edge end '" + name + "' in " + where(scope) + " is a subgraph with " +
          llvm::Twine(ports.size()) + (asSource ? " Output" : " Input") +
          " nodes; name one of them as '" + name + ".<node>'");
    return ports.front();
  }
  auto [head, rest] = name.split('.');
  if (!rest.empty())
    if (auto it = scope.subgraphs.find(head.str()); it != scope.subgraphs.end())
      return resolve(*it->second, rest, asSource);
  // Some exporters rename a node but not its edges ("lif" for node "lif1" in
  // the NIR paper's subgraph files): accept the one node whose name begins
  // with the missing name, and say so.
  std::vector<std::string> candidates;
  for (const auto &[local, qualified] : scope.nodes)
    if (StringRef(local).starts_with(name))
      candidates.push_back(qualified);
  if (candidates.size() == 1 && !name.empty()) {
    std::string key = scope.prefix + name.str();
    if (repairedNames.insert(key).second)
      graph.warnings.push_back("edge end '" + name.str() + "' in " +
                             where(scope) + " names no node; using '" +
                             candidates.front() +
                             "', the only node whose name begins with it");
    return candidates.front();
  }
  return createStringError("edge refers to a missing node '" + name + "' in " +
                           where(scope));
}

/// Replaces every inner Input/Output node X by direct edges from each
/// predecessor of X to each successor of X (identity nodes; sums
/// distribute). The new edges take the place of the edges out of X, so every
/// node keeps its operand order.
void Reader::bypassInnerPorts(const std::set<std::string> &ports) {
  for (const std::string &port : ports) {
    std::vector<std::string> sources;
    for (auto &edge : graph.edges)
      if (edge.second == port)
        sources.push_back(edge.first);
    std::vector<std::pair<std::string, std::string>> kept;
    for (auto &edge : graph.edges) {
      if (edge.second == port)
        continue;
      if (edge.first != port) {
        kept.push_back(edge);
        continue;
      }
      for (const std::string &source : sources)
        kept.emplace_back(source, edge.second);
    }
    graph.edges = std::move(kept);
    llvm::erase_if(graph.nodes,
                   [&](const Node &node) { return node.name == port; });
  }
}

Expected<Graph> nir::readGraph(const h5::File &file) {
  return Reader().read(file);
}
