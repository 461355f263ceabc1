//===- Simulator.cpp - lower, JIT-compile and run the simulation kernel ---===//
#include "dynapse/Simulation/Simulator.h"

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Simulation/KernelCache.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "llvm/ADT/StringExtras.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/CodeGen/ReplaceWithVeclib.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

namespace {

llvm::Error simulationError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

void addLLVMPasses(PassManager &pm) {
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

/// glibc's AVX-512 exp and log (libmvec, GLIBC_2.22).
const llvm::VecDesc kLibmvecAvx512[] = {
    {"expf", "_ZGVeN16v_expf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"llvm.exp.f32", "_ZGVeN16v_expf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"logf", "_ZGVeN16v_logf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
    {"llvm.log.f32", "_ZGVeN16v_logf", llvm::ElementCount::getFixed(16), false,
     "_ZGV_LLVM_N16v"},
};

/// Whether glibc's vector math library could be loaded.
bool haveVectorMath = false;

/// What optimise() does, for the kernel cache's key: a change to it (or to
/// its tuning) must change this.
llvm::StringRef optimiserVersion() {
  return haveVectorMath ? "O3 libmvec prefer-512 v2" : "O3 prefer-512 v2";
}

/// LLVM's O3 pipeline for the host CPU, with glibc's vector math library
/// (libmvec) so that the neuron loop's exp and log vectorise.
llvm::Error optimise(llvm::Module *module) {
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  auto machine = builder->createTargetMachine();
  if (!machine)
    return machine.takeError();
  for (llvm::Function &function : *module)
    if (!function.isDeclaration()) {
      function.addFnAttr("target-cpu", (*machine)->getTargetCPU());
      function.addFnAttr("target-features",
                         (*machine)->getTargetFeatureString());
      function.addFnAttr("prefer-vector-width", "512");
    }
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = tuning.SLPVectorization = true;
  llvm::PassBuilder passes(machine->get(), tuning);
  llvm::Triple triple((*machine)->getTargetTriple());
  llvm::TargetLibraryInfoImpl library(triple);
  if (haveVectorMath && triple.getArch() == llvm::Triple::x86_64) {
    library.addVectorizableFunctionsFromVecLib(
        llvm::TargetLibraryInfoImpl::LIBMVEC_X86, triple);
    // LLVM 19 maps libmvec up to AVX2's 8 lanes; its AVX-512 variants take 16.
    if (llvm::StringRef((*machine)->getTargetFeatureString())
            .contains("+avx512f"))
      library.addVectorizableFunctions(kLibmvecAvx512);
  }
  functions.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(sccs);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, sccs, modules);
  // The kernel's own vector exp and log (the sample-lane layout's, in parts
  // of libmvec's width) become libmvec calls before the optimiser sees
  // them: it would merge the parts into one vector wider than libmvec's,
  // which the code generator then splits into scalar calls.
  passes.registerPipelineStartEPCallback(
      [](llvm::ModulePassManager &start, llvm::OptimizationLevel) {
        start.addPass(
            llvm::createModuleToFunctionPassAdaptor(llvm::ReplaceWithVeclib()));
      });
  llvm::ModulePassManager pipeline =
      passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  // Calls on whole vectors that the kernel writes itself (the spike
  // recount) go to libmvec too, not to one scalar call per lane.
  pipeline.addPass(
      llvm::createModuleToFunctionPassAdaptor(llvm::ReplaceWithVeclib()));
  pipeline.run(*module, modules);
  return llvm::Error::success();
}

template <typename T> StridedMemRefType<T, 1> view(T *data, int64_t size) {
  StridedMemRefType<T, 1> descriptor;
  descriptor.basePtr = descriptor.data = data;
  descriptor.offset = 0;
  descriptor.sizes[0] = size;
  descriptor.strides[0] = 1;
  return descriptor;
}

} // namespace

struct Simulator::LaneBuffers {
  std::vector<float> input;
  // Committed only where the kernel writes events, and reused.
  std::vector<int32_t, LargeBufferAllocator<int32_t>> eventWords;
  std::vector<int64_t> starts;
  LargeFloatArray records;
};

Simulator::~Simulator() = default;

/// The room for events (every neuron firing in every step) above which a
/// run of one element writes its own train instead of a reused buffer.
constexpr int64_t kLongRunEventBytes = int64_t(1) << 20;

/// Whether `samples` samples run faster in one call of a kernel of `lanes`
/// sample lanes than one at a time with neuron lanes: from half the lanes.
static bool fillSampleLanes(int64_t samples, int64_t lanes) {
  return 2 * samples >= lanes;
}

/// Keeps, of layout=auto's two kernels in `module`, the one a batch of
/// `batch` samples takes (fillSampleLanes; a last partial group then
/// shares a sample-lane call instead of a second kernel), as
/// kernel::kFunctionName; `info` says which.
static void keepKernelFor(ModuleOp module, kernel::KernelInfo &info,
                          int64_t batch) {
  bool samples = fillSampleLanes(batch, info.sampleKernelLanes);
  Operation *dropped = module.lookupSymbol(
      samples ? kernel::kFunctionName : kernel::kSampleFunctionName);
  assert(dropped && "layout=auto made both kernels");
  // The tables only the dropped kernel reads go with it.
  llvm::SmallVector<StringAttr> tables;
  if (auto uses = SymbolTable::getSymbolUses(dropped))
    for (const SymbolTable::SymbolUse &use : *uses)
      tables.push_back(use.getSymbolRef().getRootReference());
  dropped->erase();
  for (StringAttr table : tables)
    if (Operation *global = module.lookupSymbol(table))
      if (SymbolTable::symbolKnownUseEmpty(global, module))
        global->erase();
  if (samples) {
    Operation *kept = module.lookupSymbol(kernel::kSampleFunctionName);
    assert(kept && "layout=auto made both kernels");
    SymbolTable::setSymbolName(kept, kernel::kFunctionName);
  }
  info.lanes = samples ? info.sampleKernelLanes : 1;
  info.sampleKernelLanes = 0;
}

llvm::Expected<std::unique_ptr<Simulator>>
Simulator::compile(ModuleOp module, const CompileOptions &options,
                   int64_t batch) {
  static std::once_flag targetsReady;
  std::call_once(targetsReady, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // The vectorised exp/log calls resolve here (x86-64 glibc).
    haveVectorMath =
        !llvm::sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1");
  });
  auto start = std::chrono::steady_clock::now();
  MLIRContext *context = module.getContext();
  DialectRegistry registry;
  registry.insert<LLVM::LLVMDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context->appendDialectRegistry(registry);

  OwningOpRef<ModuleOp> lowered = module.clone();
  bool fromSNN = !lowered->getOps<snn::GraphOp>().empty();
  PassManager lower(context);
  populateSimulationPipeline(lower, options, fromSNN, /*tidy=*/false);
  if (failed(lower.run(*lowered)))
    return simulationError("the network cannot be simulated (see the diagnostics)");
  // A module that already held a `dynapse_sim` must hold a kernel of ours.
  FailureOr<kernel::KernelInfo> info = kernel::readKernel(*lowered);
  if (failed(info))
    return simulationError("'" + kernel::kFunctionName +
                           "' is not a simulation kernel of "
                           "'convert-dynapse-to-sim'");
  if (batch > 0 && info->sampleKernelLanes > 1)
    keepKernelFor(*lowered, *info, batch);
  std::unique_ptr<Simulator> simulator(new Simulator());
  simulator->numNeurons = info->neurons;
  simulator->numInputs = info->inputs;
  simulator->timeStep = info->dt;
  simulator->numChips = info->chips;
  simulator->numLanes = info->lanes;
  simulator->sampleKernelLanes = info->sampleKernelLanes;
  simulator->records = std::move(info->records);
  simulator->modelName = info->model;
  NetworkLayout &layout = simulator->networkLayout;
  layout.populationNames = std::move(info->populationNames);
  layout.populationSizes = std::move(info->populationSizes);
  layout.outputs = std::move(info->outputs);
  if (layout.populationNames.empty()) {
    layout.populationNames = {"network"};
    layout.populationSizes = {info->neurons};
  }

  if (llvm::Error error = simulator->loadKernel(*lowered))
    return std::move(error);
  simulator->compileTime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return std::move(simulator);
}

llvm::Error Simulator::loadKernel(ModuleOp kernelModule) {
  PassManager toLLVM(kernelModule.getContext());
  addLLVMPasses(toLLVM);
  bool profiling = getenv("DYNAPSE_PERF") != nullptr; // perf needs the JIT's map
  std::optional<KernelCache> cache;
  if (!profiling)
    cache = KernelCache::open();
  std::string key;
  if (cache) {
    auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!host)
      return host.takeError();
    // Keyed before the lowering to the LLVM dialect, which a cached kernel
    // then skips (a third of a cached run's compile time).
    std::string lowering;
    llvm::raw_string_ostream pipeline(lowering);
    toLLVM.printAsTextualPipeline(pipeline);
    key = KernelCache::key(kernelModule, lowering, host->getCPU(),
                           host->getFeatures().getString(), optimiserVersion());
    if (loadCached(*cache, key))
      return llvm::Error::success();
  }
  if (failed(toLLVM.run(kernelModule)))
    return simulationError("lowering the simulation kernel to LLVM failed");
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimise;
  engineOptions.enablePerfNotificationListener = profiling;
  engineOptions.enableObjectDump = cache.has_value();
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto created = ExecutionEngine::create(kernelModule, engineOptions);
  if (!created)
    return created.takeError();
  engine = std::move(*created);
  auto symbol = engine->lookup(kernel::kCInterfaceName);
  if (!symbol)
    return symbol.takeError();
  kernel = reinterpret_cast<kernel::KernelFunction>(*symbol);
  if (sampleKernelLanes) {
    auto samples = engine->lookup(kernel::kSampleCInterfaceName);
    if (!samples)
      return samples.takeError();
    sampleKernel = reinterpret_cast<kernel::KernelFunction>(*samples);
  }
  if (cache)
    cache->store(key, *engine);
  return llvm::Error::success();
}

bool Simulator::loadCached(const KernelCache &cache, llvm::StringRef key) {
  std::unique_ptr<llvm::MemoryBuffer> object = cache.find(key);
  if (!object)
    return false;
  // A cached object that does not load (truncated, another libc) is
  // compiled again.
  auto jit = KernelCache::load(std::move(object));
  if (!jit) {
    llvm::consumeError(jit.takeError());
    return false;
  }
  auto symbol = (*jit)->lookup(kernel::kCInterfaceName);
  if (!symbol) {
    llvm::consumeError(symbol.takeError());
    return false;
  }
  kernel::KernelFunction samples = nullptr;
  if (sampleKernelLanes) {
    auto found = (*jit)->lookup(kernel::kSampleCInterfaceName);
    if (!found) {
      llvm::consumeError(found.takeError());
      return false;
    }
    samples = found->toPtr<kernel::KernelFunction>();
  }
  kernel = symbol->toPtr<kernel::KernelFunction>();
  sampleKernel = samples;
  cachedJit = std::move(*jit);
  loadedFromCache = true;
  return true;
}

llvm::Expected<size_t> Simulator::recordIndex(llvm::StringRef name) const {
  auto found = llvm::find(records, name);
  if (found == records.end())
    return llvm::createStringError("model '" + modelName + "' has no state '" +
                                   name + "'; it records " +
                                   llvm::join(records, ", "));
  return size_t(found - records.begin());
}

std::vector<int64_t> Simulator::instanceChips() const {
  if (numChips == 1)
    return {0};
  std::vector<int64_t> chips;
  for (int64_t chip = 1; chip < numChips; ++chip)
    chips.push_back(chip);
  return chips;
}

Trace Simulator::run(llvm::ArrayRef<float> input, int64_t steps, bool record,
                     int64_t chip) const {
  if (steps < 0 || input.size() != size_t(steps) * size_t(numInputs))
    llvm::report_fatal_error("Simulator::run: the input must hold steps x "
                             "inputs() counts");
  if (chip < 0 || chip >= numChips)
    llvm::report_fatal_error("Simulator::run: no such chip");
  if (numLanes > 1) {
    LaneBuffers buffers;
    return std::move(
        runLanes(kernel, numLanes, input, 1, steps, record, chip, buffers)
            .front());
  }
  Trace trace;
  trace.spikes = SpikeTrain(steps, numNeurons);
  // The kernel writes every element (LargeFloatArray leaves them unset).
  trace.records.resize(record ? records.size() * steps * numNeurons : 1);
  // The kernel only reads its input buffer.
  auto in = view(const_cast<float *>(input.data()), int64_t(input.size()));
  auto events =
      view(trace.spikes.eventWords(), 2 * trace.spikes.eventCapacity());
  auto starts = view(trace.spikes.stepStarts(), steps + 1);
  auto rec = view(trace.records.data(), int64_t(trace.records.size()));
  kernel(&in, &events, &starts, &rec, steps, record ? 1 : 0, chip);
  if (!record)
    trace.records.clear();
  return trace;
}

std::vector<Trace>
Simulator::runBatches(llvm::ArrayRef<float> inputs, int64_t batches,
                      int64_t steps, bool record, unsigned threads,
                      int64_t chip) const {
  size_t size = size_t(steps) * size_t(numInputs);
  if (batches < 0 || inputs.size() != size_t(batches) * size)
    llvm::report_fatal_error("Simulator::runBatches: the input must hold "
                             "batches x steps x inputs() counts");
  if (chip < 0 || chip >= numChips)
    llvm::report_fatal_error("Simulator::runBatches: no such chip");
  std::vector<Trace> traces(batches);
  // A work item is a group of sampleLanes() batch elements.
  size_t lanes = size_t(sampleLanes());
  size_t items = (traces.size() + lanes - 1) / lanes;
  std::atomic<size_t> next{0};
  auto work = [&] {
    LaneBuffers buffers;
    for (size_t item = next++; item < items; item = next++) {
      size_t first = item * lanes;
      size_t count = std::min(lanes, traces.size() - first);
      runGroup(inputs, first, count, steps, record, chip, buffers, traces);
    }
  };
  if (threads == 0)
    threads = std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, items));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (std::thread &thread : pool)
    thread.join();
  return traces;
}

void Simulator::runGroup(llvm::ArrayRef<float> inputs, size_t first,
                         size_t count, int64_t steps, bool record,
                         int64_t chip, LaneBuffers &buffers,
                         std::vector<Trace> &traces) const {
  size_t size = size_t(steps) * size_t(numInputs);
  // A small group runs one element at a time, where the neuron-lane kernel
  // is there.
  size_t lanes = size_t(sampleLanes());
  if (lanes == 1 ||
      (numLanes == 1 && !fillSampleLanes(int64_t(count), int64_t(lanes)))) {
    // A short run goes through the thread's buffers, as a group of one, and
    // its events are copied out: a mapped train per element cost a batched
    // evaluation 10 % in-process. A long run (or one with records) writes
    // its own train in place, which spares copying its many events.
    bool shortRun = SpikeTrain::worstCaseEvents(steps, numNeurons) *
                        int64_t(sizeof(SpikeEvent)) <=
                    kLongRunEventBytes;
    for (size_t k = first; k < first + count; ++k) {
      llvm::ArrayRef<float> input = inputs.slice(k * size, size);
      traces[k] = record || !shortRun
                      ? run(input, steps, record, chip)
                      : std::move(runLanes(kernel, 1, input, 1, steps, false,
                                           chip, buffers)
                                      .front());
    }
    return;
  }
  kernel::KernelFunction function = numLanes > 1 ? kernel : sampleKernel;
  std::vector<Trace> done =
      runLanes(function, int64_t(lanes), inputs.slice(first * size, count * size),
               int64_t(count), steps, record, chip, buffers);
  for (size_t k = 0; k < count; ++k)
    traces[first + k] = std::move(done[k]);
}

std::vector<Trace> Simulator::runLanes(kernel::KernelFunction function,
                                       int64_t laneCount,
                                       llvm::ArrayRef<float> inputs,
                                       int64_t count, int64_t steps,
                                       bool record, int64_t chip,
                                       LaneBuffers &buffers) const {
  size_t lanes = size_t(laneCount), perSample = size_t(steps * numInputs);
  // The samples one after the other, as the caller holds them; lanes past
  // `count` get no input and are dropped.
  const float *input = inputs.data();
  if (size_t(count) < lanes) {
    buffers.input.assign(perSample * lanes, 0.0f);
    std::copy(inputs.begin(), inputs.end(), buffers.input.begin());
    input = buffers.input.data();
  }
  // Each lane's events, step starts and records after the last lane's
  // (SimulationKernel.h).
  int64_t capacity = SpikeTrain::worstCaseEvents(steps, numNeurons);
  buffers.eventWords.resize(lanes * 2 * size_t(capacity));
  buffers.starts.resize(lanes * size_t(steps + 1));
  int64_t recordSize = record ? int64_t(records.size()) * steps * numNeurons : 0;
  buffers.records.resize(std::max<size_t>(lanes * size_t(recordSize), 1));
  // The kernel only reads its input buffer.
  auto in = view(const_cast<float *>(input), int64_t(perSample * lanes));
  auto events =
      view(buffers.eventWords.data(), int64_t(buffers.eventWords.size()));
  auto starts = view(buffers.starts.data(), int64_t(buffers.starts.size()));
  auto rec = view(buffers.records.data(), int64_t(buffers.records.size()));
  function(&in, &events, &starts, &rec, steps, record ? 1 : 0, chip);
  std::vector<Trace> traces(static_cast<size_t>(count));
  for (int64_t lane = 0; lane < count; ++lane) {
    Trace &trace = traces[size_t(lane)];
    const int64_t *laneStarts = buffers.starts.data() + lane * (steps + 1);
    const int32_t *laneEvents = buffers.eventWords.data() + lane * 2 * capacity;
    trace.spikes = SpikeTrain(
        numNeurons, llvm::ArrayRef(laneStarts, size_t(steps + 1)), laneEvents);
    if (record) {
      const float *laneRecords = buffers.records.data() + lane * recordSize;
      trace.records.assign(laneRecords, laneRecords + recordSize);
    }
  }
  return traces;
}
