// RUN: dynapse-opt --convert-dynapse-to-sim="model=dynapsim layout=neurons" %s | FileCheck %s
// RUN: dynapse-opt --convert-dynapse-to-sim="model=se2 layout=neurons" %s | FileCheck %s --check-prefix=SE2
// Chip instances: chip 0 ideal, chips 1 and 2 mismatched; without mismatch
// the three tables are the same, one after the other, and the chip argument
// picks one.
// RUN: dynapse-opt --convert-dynapse-to-sim="model=dynapsim instances=2 layout=neurons" %s | FileCheck %s --check-prefix=CHIPS
// RUN: dynapse-opt --convert-dynapse-to-sim="model=dynapsim instances=2 mismatch=0.3 layout=neurons" %s | FileCheck %s --check-prefix=MISMATCHED
// Sample lanes: L samples per call, L the host's libmvec width (8 with
// AVX2, 16 with AVX-512).
// RUN: dynapse-opt --convert-dynapse-to-sim="model=se2 layout=samples" %s | FileCheck %s --check-prefix=SAMPLES
// Re-running on the kernel is a no-op with a remark.
// RUN: dynapse-opt --convert-dynapse-to-sim=model=dynapsim --convert-dynapse-to-sim=model=dynapsim %s 2>&1 | FileCheck %s --check-prefix=AGAIN

// Two inputs, three neurons: 0 <- in0 (2.0), 1 <- in1 (-1.5) and 0 (0.5),
// 2 <- 1 (3.0). The neuron arrays are padded to 64 (copies of the last
// neuron, without connections). Fan-out lists by source (neurons 0..63, then
// inputs 64..65); each entry is the accumulator slot group * 64 + target,
// where DynapSim's groups are (recurrent, input). Each list is padded to
// whole chunks of 8 with zero weights into the spare slot 128; the start
// table counts chunks.
// CHECK-DAG: memref.global "private" constant @dynapse_sim_fan_out_start : memref<67xi32> = dense<[0, 1, 2, {{(2, )+}}3, 4]>
// Slots two to an i64, the first in the low half: 1 + 128 * 2^32 =
// 549755813889.
// CHECK-DAG: memref.global "private" constant @dynapse_sim_fan_out_slot_pairs : memref<16xi64> = dense<[549755813889, 549755814016, 549755814016, 549755814016, 549755813890, 549755814016, 549755814016, 549755814016, 549755813952, 549755814016, 549755814016, 549755814016, 549755813953, 549755814016, 549755814016, 549755814016]>
// CHECK-DAG: memref.global "private" constant @dynapse_sim_fan_out_weight : memref<32xf32> = dense<[5.000000e-01, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, -1.500000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// Of the 19 parameters per neuron only Idc differs between the neurons: the
// table holds it (the padding repeats the last neuron's), the others are
// constants in the code.
// CHECK-DAG: memref.global "private" constant @dynapse_sim_parameters : memref<64xf32> = dense<[0.000000e+00, 1.000000e-10{{(, 0.000000e\+00)+}}]>
// Input counts, event words, step starts, records, steps, record flag, chip.
// CHECK: func.func @dynapse_sim(%{{.*}}: memref<?xf32>, %[[EVENTS:.*]]: memref<?xi32>, %[[STARTS:.*]]: memref<?xi64>, %{{.*}}: memref<?xf32>, %[[STEPS:.*]]: index, %{{.*}}: index, %{{.*}}: index)
// No dynapse.sim.lanes between inputs and model: the neurons are in the
// lanes.
// CHECK-SAME: dynapse.sim.dt = 1.000000e-03 : f64, dynapse.sim.inputs = 2 : i64, dynapse.sim.model = "dynapsim", dynapse.sim.neurons = 3 : i64,
// A population without a name or output neurons.
// CHECK-SAME: dynapse.sim.outputs = array<i64>, dynapse.sim.population_sizes = array<i64: 3>, dynapse.sim.populations = ["population"],
// CHECK-SAME: dynapse.sim.records = ["imem", "vmem", "isyn", "iahp"], llvm.emit_c_interface
// The first step's prelude, from the initial state: the positive feedback
// exp(kappa' vmem / Ut).
// CHECK: scf.for
// CHECK-NOT: math.log
// CHECK: math.exp %{{.*}} : f32
// CHECK-NEXT: memref.store
// The time loop carries the event count. It holds the scatter of active
// sources, found 64 at a time as a bit mask of non-zero counts (the 66
// sources padded to 128), each delivered in unrolled chunks of 8 and, if a
// neuron (< 3), recorded as an event of the last step; then the
// branch-free neuron loop.
// CHECK: %[[TOTAL:.*]] = scf.for %[[STEP:.*]] = %{{.*}} to %[[STEPS]] step %{{.*}} iter_args(%{{.*}} = %c0{{.*}}) -> (index)
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[ONE:.*]] step {{.*}} iter_args
// CHECK: vector.load %{{.*}} : memref<128xf32>, vector<64xf32>
// CHECK: arith.cmpf une, %{{.*}} : vector<64xf32>
// CHECK-NEXT: vector.bitcast %{{.*}} : vector<64xi1> to vector<1xi64>
// CHECK: scf.while
// CHECK: math.cttz
// A table this small keeps a weight per entry (fan-out-formats.test has
// the palette's). Each chunk: weight * count in one vector multiply, then
// per slot pair one i64 load and two read-modify-writes of accumulators.
// CHECK: scf.for
// CHECK: vector.load %{{.*}} : memref<32xf32>, vector<8xf32>
// CHECK-NEXT: arith.mulf %{{.*}} : vector<8xf32>
// CHECK-COUNT-4: memref.load %{{.*}} : memref<16xi64>
// CHECK-NOT: arith.mulf
// CHECK: vector.extract %{{.*}}[7] : f32 from vector<8xf32>
// CHECK-NEXT: arith.index_cast
// CHECK-NEXT: memref.load
// CHECK-NEXT: arith.addf
// CHECK-NEXT: memref.store
// CHECK-NEXT: }
// Each event: the source and the count's bits; only a neuron is counted.
// CHECK: %[[WORD:.*]] = arith.muli %[[K:.*]], %c2
// CHECK: memref.store %{{.*}}, %[[EVENTS]][%[[WORD]]] : memref<?xi32>
// CHECK: %[[BITS:.*]] = arith.bitcast %{{.*}} : f32 to i32
// CHECK: memref.store %[[BITS]], %[[EVENTS]]
// CHECK: %[[IS_NEURON:.*]] = arith.cmpi ult, %{{.*}}, %c3
// CHECK: arith.select %[[IS_NEURON]], %{{.*}}, %[[K]] : index
// After the scan, the last step's events end and this step's begin.
// CHECK: memref.store %{{.*}}, %[[STARTS]][%[[STEP]]] : memref<?xi64>
// Then the neuron step in two loops, so that no libmvec call sits in the big
// one: the step, which fires where Imem/Ispkthr > 1 and leaves Imem/Io in
// vmem; then vmem's logarithm and the next step's feedback exp.
// The step counts 0 or 1 spikes and carries whether any ratio is above 2.5
// (more than one spike); only then does a loop on vectors of 16 recount them
// with a logarithm.
// CHECK: %[[ANY:.*]] = scf.for {{.*}} iter_args(%[[SO_FAR:.*]] = %false) -> (i1)
// CHECK-NOT: math.
// CHECK: arith.cmpf ogt, %[[RATIO:.*]], %cst{{.*}} : f32
// CHECK: %[[SEVERAL:.*]] = arith.cmpf ogt, %[[RATIO]], %cst{{.*}} : f32
// CHECK: %[[SO_FAR_NOW:.*]] = arith.ori %[[SO_FAR]], %[[SEVERAL]] : i1
// CHECK-NEXT: scf.yield %[[SO_FAR_NOW]] : i1
// CHECK: scf.if %[[ANY]] {
// CHECK: scf.for
// CHECK: vector.load %{{.*}} : memref<128xf32>, vector<16xf32>
// CHECK: arith.cmpf ogt, %{{.*}} : vector<16xf32>
// CHECK: math.log %{{.*}} : vector<16xf32>
// CHECK-NEXT: math.ceil %{{.*}} : vector<16xf32>
// CHECK: vector.store
// CHECK-NOT: vector.maskedstore
// The logarithm of vmem follows, and the next step's prelude from it.
// CHECK: scf.for
// CHECK-NOT: math.exp
// CHECK: math.log %{{.*}} : f32
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: memref.store %[[VMEM:.*]], %[[VMEM_ARRAY:.*]][%[[I:.*]]]
// CHECK: memref.load %[[VMEM_ARRAY]][%[[I]]]
// CHECK: math.exp %{{.*}} : f32
// CHECK-NEXT: memref.store
// After the last step, its spikes are scanned for events only, and the
// total event count ends the step starts.
// CHECK: scf.yield
// CHECK: %[[LAST:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[TOTAL]]) -> (index)
// CHECK-NOT: memref.load %{{.*}} : memref<16xi64>
// CHECK: scf.yield
// CHECK: %[[LAST_I64:.*]] = arith.index_cast %[[LAST]] : index to i64
// CHECK-NEXT: memref.store %[[LAST_I64]], %[[STARTS]][%[[STEPS]]] : memref<?xi64>
// CHECK-NOT: dynapse.network

// SE2 groups fan-in by synapse type: AMPA, GABA, NMDA, SHUNT. The negative
// weight goes to GABA as a positive current (1.5 * Iscale).
// Slots (low, high) 1 + 256 * 2^32 = 1099511627777, the spare 256 twice;
// then 2, 0 and 65 (GABA of neuron 1), each with the spare.
// SE2-DAG: @dynapse_sim_fan_out_slot_pairs : memref<16xi64> = dense<[1099511627777, 1099511628032, 1099511628032, 1099511628032, 1099511627778, 1099511628032, 1099511628032, 1099511628032, 1099511627776, 1099511628032, 1099511628032, 1099511628032, 1099511627841, 1099511628032, 1099511628032, 1099511628032]>
// SE2-DAG: @dynapse_sim_fan_out_weight : memref<32xf32> = dense<[5.000000e-09, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 3.000000e-08, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e-08, {{.*}}, 1.500000e-08, {{.*}}]>
// SE2: dynapse.sim.records = ["imem", "vmem", "isyn", "iahp", "iampa", "igaba", "inmda", "ishunt"]
// The prelude computes the factors of the driven DPIs only: AMPA and GABA
// have connections, NMDA and SHUNT none, and Iw_ahp is 0, so those three
// hold Io. Two exps per driven DPI, then the feedback's.
// SE2: scf.for %{{.*}} = %{{.*}} to %c64
// SE2-COUNT-5: math.exp
// SE2-NOT: math.exp
// SE2: scf.for
// SE2 counts its spikes (0 or 1) in the step: no recount.
// SE2-NOT: -> (i1)

// (A table this long prints in hex: 1e-10 is 0x2EDBE6FF, little-endian.)
// Sample lanes keep the fan-out tables (in elements), and every array holds
// L floats per element: each lane counts its own events.
// SAMPLES: func.func @dynapse_sim
// SAMPLES-SAME: dynapse.sim.lanes = [[L:8|16]] : i64
// SAMPLES: memref.alloc() : memref<[[L]]xindex>
// The neuron loops step blocks of 2 neurons (the 3 padded to 4), one vector
// of 2 L lanes; exp takes them in parts of L.
// SAMPLES: math.exp %{{.*}} : vector<[[L]]xf32>
// SAMPLES: vector.insert_strided_slice
// The scan finds the sources with a spike in any lane; one that spiked in
// one lane only is delivered to that lane alone, in floats, the others to
// every lane, in vectors.
// SAMPLES: math.ctpop
// SAMPLES: scf.if
// SAMPLES: arith.addf %{{.*}} : f32
// SAMPLES: } else {
// SAMPLES: arith.mulf %{{.*}} : vector<[[L]]xf32>
// SAMPLES: arith.addf %{{.*}} : vector<[[L]]xf32>

// CHIPS: @dynapse_sim_parameters : memref<192xf32> = dense<"0x00000000FFE6DB2E{{(00000000)+}}FFE6DB2E{{(00000000)+}}FFE6DB2E{{(00000000)+}}">
// CHIPS: func.func @dynapse_sim({{.*}}, %[[CHIP:.*]]: index)
// CHIPS-SAME: dynapse.sim.chips = 3 : i64
// CHIPS: arith.muli %[[CHIP]], %c64
// Mismatch leaves no two neurons alike: every slot that is not zero
// everywhere is a row of the table.
// MISMATCHED: @dynapse_sim_parameters : memref<{{[0-9][0-9]+}}xf32>
// MISMATCHED: dynapse.sim.chips = 3 : i64

// AGAIN: remark: the module already holds a simulation kernel; 'convert-dynapse-to-sim' skipped

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<2>
  %w_in = dynapse.weights %in {weights = dense<[[2.0, 0.0, 0.0], [0.0, -1.5, 0.0]]> : tensor<2x3xf64>}
      : !dynapse.spikes<2> -> !dynapse.synaptic<3>
  %p = dynapse.population(%w_in, %w_rec) {
      Idc = array<f64: 0.0, 1.0e-10, 0.0>, If_nmda = array<f64: 0.0>,
      Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>,
      Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>,
      Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>,
      Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>,
      Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>,
      Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64}
      : (!dynapse.synaptic<3>, !dynapse.synaptic<3>) -> !dynapse.spikes<3>
  %w_rec = dynapse.weights %p {weights = dense<[[0.0, 0.5, 0.0], [0.0, 0.0, 3.0], [0.0, 0.0, 0.0]]> : tensor<3x3xf64>}
      : !dynapse.spikes<3> -> !dynapse.synaptic<3>
}
