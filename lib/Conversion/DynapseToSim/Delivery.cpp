//===- Delivery.cpp - fan-out tables, the scan of spikes, their events ----===//
#include "FanOutPacking.h"
#include "KernelBuilderImpl.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>

using namespace mlir;
using namespace dynapse::sim;
using namespace dynapse::sim::detail;

FanOutTable KernelBuilder::createFanOut(bool wanted, StringRef prefix) {
  int64_t n = network.neurons, padded = layout.paddedNeurons;
  // Fan-out lists by (kernel) source, each entry the accumulator element
  // group*P + target. Targets receive their terms in ascending source order,
  // as a fan-in sum would add them. Each list is padded to whole chunks with
  // zero weights into a spare element behind the accumulators; `start`
  // counts chunks.
  std::vector<std::vector<std::pair<int32_t, float>>> fanOut(layout.sources);
  for (int64_t target = 0; target < n; ++target)
    for (const Connection &c : network.fanIn[target])
      if (c.sameStep == wanted)
        fanOut[layout.source(c.source)].push_back(
            {int32_t(c.group * padded + target), float(c.weight)});
  const int32_t spare = int32_t(model.numGroups() * padded);
  std::vector<int32_t> start{0}, slot;
  std::vector<float> weight;
  for (auto &entries : fanOut) {
    for (auto [s, w] : entries) {
      slot.push_back(s), weight.push_back(w);
      finiteWeights &= std::isfinite(w);
    }
    while (slot.size() % kChunk)
      slot.push_back(spare), weight.push_back(0);
    start.push_back(int32_t(slot.size() / kChunk));
  }
  FanOutTable result;
  int64_t slotBits = llvm::Log2_64_Ceil(uint64_t(spare) + 1);
  bool packed = packFanOutWeights(slot, weight, slotBits);
  // Entries 2k and 2k+1 in the low and high half of pair k.
  std::vector<int64_t> slotPairs;
  for (size_t k = 0; k < slot.size(); k += kSlotsPerLoad)
    slotPairs.push_back(int64_t(uint64_t(uint32_t(slot[k])) |
                                uint64_t(uint32_t(slot[k + 1])) << 32));
  result.start =
      constantTable((prefix + "_start").str(), b.getI32Type(), start);
  result.slotPairs = constantTable((prefix + "_slot_pairs").str(),
                                   b.getI64Type(), slotPairs);
  if (packed) {
    result.palette = constantTable((prefix + "_palette").str(),
                                   b.getF32Type(), weight);
    result.slotBits = slotBits;
  } else {
    result.weight =
        constantTable((prefix + "_weight").str(), b.getF32Type(), weight);
  }
  return result;
}

Value KernelBuilder::firstChunk(const FanOutTable &table, Value source) {
  Value raw = b.create<memref::LoadOp>(table.start, source);
  return b.create<arith::IndexCastOp>(b.getIndexType(), raw);
}

void KernelBuilder::emitDelivery(const FanOutTable &table, Value source,
                                 Value count, Value prefetched, Value lane) {
  auto chunkType = VectorType::get({kChunk}, b.getF32Type());
  // Neuron lanes (and one sample lane): the chunk's weight * count in one
  // vector multiply. Sample lanes: weight * counts per entry, in every lane:
  // a lane without a spike adds weight * 0, a zero, which changes no
  // accumulator (they start at +0, and sums of non-zero terms are never -0)
  // where the weights are finite; else only the lanes that spiked add.
  bool sampleLanes = isa<VectorType>(count.getType());
  Value counts, spiked;
  if (sampleLanes && !finiteWeights)
    spiked = e.compare(arith::CmpFPredicate::UNE, count,
                       e.constant(0, count.getType()));
  if (!sampleLanes && !table.palette)
    counts = b.create<vector::BroadcastOp>(chunkType, count);
  auto i64 = b.getI64Type();
  Value lowHalf = b.create<arith::ConstantIntOp>(0xffffffffLL, i64);
  Value halfWidth = b.create<arith::ConstantIntOp>(32, i64);
  Value slotBits, slotMask;
  if (table.palette) {
    slotBits = b.create<arith::ConstantIntOp>(table.slotBits, i64);
    slotMask = b.create<arith::ConstantIntOp>(
        (int64_t(1) << table.slotBits) - 1, i64);
  }
  // Whole chunks, unrolled: no loop exit depends on the fan-out's length
  // modulo the unrolling, which the branch predictor cannot know.
  Value begin = firstChunk(table, source);
  Value end = firstChunk(table, add(source, 1));
  Value prefetchOffset;
  if (prefetched)
    prefetchOffset = b.create<arith::SubIOp>(firstChunk(table, prefetched),
                                             begin);
  loop(begin, end, [&](Value chunk) {
    if (prefetchOffset)
      prefetchChunk(table, add(chunk, prefetchOffset));
    // Per-entry weights: a chunk's in one vector load (and multiply).
    Value terms;
    if (!table.palette) {
      terms = b.create<vector::LoadOp>(chunkType, table.weight,
                                       mul(chunk, kChunk));
      if (!sampleLanes)
        terms = e.mul(terms, counts);
    }
    Value firstPair = mul(chunk, kChunk / kSlotsPerLoad);
    for (int64_t pair = 0; pair < kChunk / kSlotsPerLoad; ++pair) {
      Value entries =
          b.create<memref::LoadOp>(table.slotPairs, add(firstPair, pair));
      for (int64_t k = 0; k < kSlotsPerLoad; ++k) {
        Value entry = k == 0 ? Value(b.create<arith::AndIOp>(entries, lowHalf))
                             : b.create<arith::ShRUIOp>(entries, halfWidth);
        // The weight of the entry (times the neuron lanes' count).
        Value term;
        if (table.palette) {
          Value paletteIndex = b.create<arith::ShRUIOp>(entry, slotBits);
          entry = b.create<arith::AndIOp>(entry, slotMask);
          term = b.create<memref::LoadOp>(
              table.palette, ValueRange{b.create<arith::IndexCastOp>(
                                 b.getIndexType(), paletteIndex)});
          if (!sampleLanes)
            term = e.mul(term, count);
        } else {
          term = b.create<vector::ExtractOp>(
              terms, ArrayRef<int64_t>{pair * kSlotsPerLoad + k});
        }
        Value slot = b.create<arith::IndexCastOp>(b.getIndexType(), entry);
        if (!sampleLanes) {
          if (lane)
            slot = add(mul(slot, layout.lanes), lane);
          Value sum = e.add(b.create<memref::LoadOp>(accumulators, slot), term);
          b.create<memref::StoreOp>(sum, accumulators, slot);
          continue;
        }
        Value weight = b.create<vector::BroadcastOp>(laneType, term);
        term = e.mul(weight, count);
        Value old = loadLanes(accumulators, slot);
        Value sum = e.add(old, term);
        storeLanes(spiked ? e.select(spiked, sum, old) : sum, accumulators,
                   slot);
      }
    }
  });
}

void KernelBuilder::prefetchChunk(const FanOutTable &table, Value chunk) {
  // (A palette is small and stays in the cache.)
  if (table.weight)
    b.create<memref::PrefetchOp>(table.weight, ValueRange{mul(chunk, kChunk)},
                                 /*isWrite=*/false, /*localityHint=*/3,
                                 /*isDataCache=*/true);
  Value pair = mul(chunk, kChunk / kSlotsPerLoad);
  b.create<memref::PrefetchOp>(table.slotPairs, ValueRange{pair},
                               /*isWrite=*/false, /*localityHint=*/3,
                               /*isDataCache=*/true);
}

void KernelBuilder::emitSameStepDelivery(int64_t first, int64_t last) {
  assert(layout.lanes == 1 && "stages run with neuron lanes");
  // Stages are few and spikes sparse: a branch per neuron is cheap here.
  Value zero = e.constant(0, b.getF32Type());
  Value begin = index(first);
  loop(begin, index(last), [&](Value i) {
    Value count = b.create<memref::LoadOp>(sources, i);
    Value spiked =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::UNE, count, zero);
    auto ifOp = b.create<scf::IfOp>(spiked, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&ifOp.getThenRegion().front());
    emitDelivery(sameStep, i, count);
  });
}

Value KernelBuilder::forEachSetBit(
    Value bits, Value initial,
    llvm::function_ref<Value(Value, Value, Value)> body) {
  auto i64 = b.getI64Type();
  Type carriedType = initial.getType();
  Value none = b.create<arith::ConstantIntOp>(0, i64);
  Value one = b.create<arith::ConstantIntOp>(1, i64);
  auto whileOp = b.create<scf::WhileOp>(TypeRange{i64, carriedType},
                                        ValueRange{bits, initial});
  OpBuilder::InsertionGuard guard(b);
  Block *before = b.createBlock(&whileOp.getBefore(), {}, {i64, carriedType},
                                {b.getLoc(), b.getLoc()});
  Value remaining = before->getArgument(0);
  b.create<scf::ConditionOp>(
      b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, remaining, none),
      before->getArguments());
  Block *after = b.createBlock(&whileOp.getAfter(), {}, {i64, carriedType},
                               {b.getLoc(), b.getLoc()});
  Value set = after->getArgument(0);
  Value bit = b.create<arith::IndexCastOp>(
      b.getIndexType(), b.create<math::CountTrailingZerosOp>(set));
  // The lowest set bit cleared.
  Value rest = b.create<arith::AndIOp>(set, b.create<arith::SubIOp>(set, one));
  Value next = body(bit, after->getArgument(1), rest);
  b.create<scf::YieldOp>(ValueRange{rest, next});
  return whileOp.getResult(1);
}

Value KernelBuilder::writeEvent(Value word, Value source, Value count,
                                Value eventCount) {
  // Branch-free: an input channel's event is written too, but not counted,
  // so that the next event overwrites it.
  b.create<memref::StoreOp>(
      b.create<arith::IndexCastOp>(b.getI32Type(), source), events, word);
  Value countBits = b.create<arith::BitcastOp>(b.getI32Type(), count);
  b.create<memref::StoreOp>(countBits, events, add(word, 1));
  Value isNeuron = b.create<arith::CmpIOp>(arith::CmpIPredicate::ult, source,
                                           index(network.neurons));
  return b.create<arith::SelectOp>(isNeuron, add(eventCount, 1), eventCount);
}

Value KernelBuilder::nextSetBit(Value rest, Value current) {
  Value none = b.create<arith::ConstantIntOp>(0, b.getI64Type());
  Value last = b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, rest, none);
  Value following = b.create<arith::IndexCastOp>(
      b.getIndexType(), b.create<math::CountTrailingZerosOp>(rest));
  return b.create<arith::SelectOp>(last, current, following);
}

Value KernelBuilder::emitEvent(Value source, Value count, Value eventCount) {
  return writeEvent(mul(eventCount, 2), source, count, eventCount);
}

void KernelBuilder::emitLaneEvent(Value source, Value count, Value lane) {
  // Into the lane's own event words and count.
  Value eventCount = b.create<memref::LoadOp>(laneEventCounts, lane);
  Value laneStart = mul(lane, laneEventStride);
  Value word = add(laneStart, mul(eventCount, 2));
  b.create<memref::StoreOp>(writeEvent(word, source, count, eventCount),
                            laneEventCounts, lane);
}

/// The bits `bits` of the non-zero counts of kScanLanes sources, as a mask
/// over the source vector's groups.
static Value activeMask(ImplicitLocOpBuilder &b, Value counts) {
  auto lanes = cast<VectorType>(counts.getType());
  Value zeros =
      b.create<arith::ConstantOp>(DenseElementsAttr::get(lanes, 0.0f));
  Value active =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::UNE, counts, zeros);
  Value packed = b.create<vector::BitCastOp>(
      VectorType::get({1}, b.getIntegerType(kScanLanes)), active);
  return b.create<vector::ExtractOp>(packed, ArrayRef<int64_t>{0});
}

Value KernelBuilder::emitScan(Value eventCount, int64_t sourceCount,
                              bool deliver) {
  if (layout.lanes == 1)
    return emitNeuronLaneScan(eventCount, sourceCount, deliver);
  emitSampleLaneScan(sourceCount, deliver);
  return eventCount;
}

Value KernelBuilder::emitNeuronLaneScan(Value eventCount, int64_t sourceCount,
                                        bool deliver) {
  // A bit mask of the non-zero counts of kScanLanes sources, then one event
  // and delivery per set bit, in ascending order.
  auto lanes = VectorType::get({kScanLanes}, b.getF32Type());
  int64_t groups = roundUp(sourceCount, kScanLanes) / kScanLanes;
  return loop(groups, eventCount, [&](Value group, Value k) {
    Value first = mul(group, kScanLanes);
    Value bits =
        activeMask(b, b.create<vector::LoadOp>(lanes, sources, first));
    return forEachSetBit(bits, k, [&](Value lane, Value k, Value rest) {
      Value source = add(first, lane);
      Value count = b.create<memref::LoadOp>(sources, source);
      if (deliver) {
        // Lists are far apart in memory: the next spiking source's list is
        // fetched while this one is delivered (a prefetch past a list's end
        // is harmless).
        emitDelivery(lastStep, source, count,
                     add(first, nextSetBit(rest, lane)));
      }
      return emitEvent(source, count, k);
    });
  });
}

void KernelBuilder::emitSampleLaneScan(int64_t sourceCount, bool deliver) {
  // kScanLanes floats are kScanLanes / L sources of L samples. Their mask
  // folded to one bit per source (the lowest of its L) finds the sources
  // with a spike in any sample: each is delivered once, for all samples,
  // then its events written lane by lane, in ascending source order.
  int64_t lanes = layout.lanes;
  auto i64 = b.getI64Type();
  auto scanType = VectorType::get({kScanLanes}, b.getF32Type());
  uint64_t lowestOfEach = 0;
  for (int64_t bit = 0; bit < kScanLanes; bit += lanes)
    lowestOfEach |= uint64_t(1) << bit;
  int64_t groups = roundUp(sourceCount * lanes, kScanLanes) / kScanLanes;
  Value none = b.create<arith::ConstantIntOp>(0, i64);
  loop(groups, [&](Value group) {
    Value first = mul(group, kScanLanes);
    Value bits =
        activeMask(b, b.create<vector::LoadOp>(scanType, sources, first));
    Value folded = bits;
    for (int64_t shift = lanes / 2; shift >= 1; shift /= 2)
      folded = b.create<arith::OrIOp>(
          folded, b.create<arith::ShRUIOp>(
                      folded, b.create<arith::ConstantIntOp>(shift, i64)));
    Value anyLane = b.create<arith::AndIOp>(
        folded, b.create<arith::ConstantIntOp>(int64_t(lowestOfEach), i64));
    forEachSetBit(anyLane, none, [&](Value bit, Value carried, Value rest) {
      Value element = add(first, bit);
      Value source = b.create<arith::DivUIOp>(element, index(lanes));
      Value shift = b.create<arith::IndexCastOp>(i64, bit);
      Value laneBits = b.create<arith::AndIOp>(
          b.create<arith::ShRUIOp>(bits, shift),
          b.create<arith::ConstantIntOp>((int64_t(1) << lanes) - 1, i64));
      if (deliver) {
        // The next source with a spike, whose list is prefetched.
        Value next = b.create<arith::DivUIOp>(
            add(first, nextSetBit(rest, bit)), index(lanes));
        // A spike in one sample only (sparse input, most often) costs less
        // delivered to that lane alone than to all.
        Value one = b.create<arith::ConstantIntOp>(1, i64);
        Value alone = b.create<arith::CmpIOp>(
            arith::CmpIPredicate::eq, b.create<math::CtPopOp>(laneBits), one);
        auto ifOp = b.create<scf::IfOp>(alone, /*withElseRegion=*/true);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&ifOp.getThenRegion().front());
        Value lane = b.create<arith::IndexCastOp>(
            b.getIndexType(), b.create<math::CountTrailingZerosOp>(laneBits));
        Value count = b.create<memref::LoadOp>(sources, add(element, lane));
        emitDelivery(lastStep, source, count, next, lane);
        b.setInsertionPointToStart(&ifOp.getElseRegion().front());
        emitDelivery(lastStep, source, loadLanes(sources, source), next);
      }
      forEachSetBit(laneBits, none, [&](Value lane, Value unused, Value) {
        Value count = b.create<memref::LoadOp>(sources, add(element, lane));
        emitLaneEvent(source, count, lane);
        return unused;
      });
      return carried;
    });
  });
}

void KernelBuilder::emitStepStart(Value step, Value steps, Value eventCount) {
  if (layout.lanes == 1) {
    b.create<memref::StoreOp>(
        b.create<arith::IndexCastOp>(b.getI64Type(), eventCount), stepStarts,
        step);
    return;
  }
  // Lane l's step starts follow lane l - 1's steps + 1.
  Value stride = add(steps, 1);
  loop(layout.lanes, [&](Value lane) {
    Value count = b.create<memref::LoadOp>(laneEventCounts, lane);
    Value position = add(mul(lane, stride), step);
    b.create<memref::StoreOp>(
        b.create<arith::IndexCastOp>(b.getI64Type(), count), stepStarts,
        position);
  });
}

Value KernelBuilder::emitScatter(Value eventCount) {
  Value zero = e.constant(0, b.getF32Type());
  loop(model.numGroups() * layout.paddedNeurons * layout.lanes,
       [&](Value i) { b.create<memref::StoreOp>(zero, accumulators, i); });
  return emitScan(eventCount, layout.sources, /*deliver=*/true);
}
