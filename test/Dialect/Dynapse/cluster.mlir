// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster))' -split-input-file 2>/dev/null | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster))' -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK --implicit-check-not=warning
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{method=greedy}))' -split-input-file 2>/dev/null | FileCheck %s --check-prefix=GREEDY
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{method=greedy}))' -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=GREEDY-REMARK
// The pass runs again with the same result.
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster,dynapse-cluster))' -split-input-file 2>/dev/null | FileCheck %s

// Two time constants interleaved over six neurons: the parameter method
// gives each its own core (no deviation); greedy takes the fewest cores and
// shares the geometric mean.
// CHECK-LABEL: dynapse.network @two_taus
// CHECK: dynapse.population() {{{.*}}core_map = array<i64: 0, 1, 0, 1, 0, 1>
// CHECK: dynapse.core 0 {currents = {{{.*}}Itau_mem = 5.000000e-12 : f64
// CHECK: dynapse.core 1 {currents = {{{.*}}Itau_mem = 2.000000e-11 : f64
// REMARK: remark: core 0: 3 neurons, largest deviation 0 %, mean 0 %
// REMARK: remark: core 1: 3 neurons, largest deviation 0 %, mean 0 %
// REMARK: remark: clustering (method parameter): 6 neurons on 2 cores; largest deviation 0 %, mean 0 %
// GREEDY-LABEL: dynapse.network @two_taus
// GREEDY: dynapse.population() {{{.*}}core_map = array<i64: 0, 0, 0, 0, 0, 0>
// GREEDY: dynapse.core 0 {currents = {{{.*}}Itau_mem = 1.000000000000002E-11 : f64
// GREEDY-REMARK: remark: core 0: 6 neurons, largest deviation 100 % (Itau_mem), mean 21.4 %
// Sharing that far is a warning naming the core, the current and what it
// changes.
// GREEDY-REMARK: warning: 1 of 1 cores share currents more than 10 % away from some of their neurons' own; worst, core 0: Itau_mem up to 100 % away, so the membrane time constant of those neurons changes by that much (more cores, --cores/--chips, or neurons with closer parameters keep it)
dynapse.network @two_taus {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12, 2.0e-11, 5.0e-12, 2.0e-11, 5.0e-12, 2.0e-11>, Igain_mem = array<f64: 2.0e-11, 8.0e-11, 2.0e-11, 8.0e-11, 2.0e-11, 8.0e-11>} : () -> !dynapse.spikes<6>
}

// -----

// Clustering spans every population of an unmerged network and replaces old
// cores; a remark says their bias codes are gone.
// CHECK-LABEL: dynapse.network @two_populations
// CHECK: dynapse.population() {{{.*}}core_map = array<i64: 0, 0>{{.*}}name = "a"
// CHECK: dynapse.population() {{{.*}}core_map = array<i64: 1>{{.*}}name = "b"
// CHECK-NOT: dynapse.core 7
// REMARK: remark: dropping the bias codes of the previous cores; run 'dynapse-quantize-currents' again
dynapse.network @two_populations {
  %a = dynapse.population() {name = "a", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : () -> !dynapse.spikes<2>
  %b = dynapse.population() {name = "b", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 2.0e-11>, Igain_mem = array<f64: 8.0e-11>} : () -> !dynapse.spikes<1>
  dynapse.core 7 {currents = {}, biases = [#dynapse.bias<"SOIF_DC_P", 0, 1, P>]}
}

// -----

// Greedy on 257 and 1000 neurons: the fewest cores, balanced, no phantom.
// GREEDY-LABEL: dynapse.network @greedy_257
// GREEDY: dynapse.core 1
// GREEDY-NOT: dynapse.core 2
// GREEDY-LABEL: dynapse.network @greedy_1000
// GREEDY: dynapse.core 3
// GREEDY-NOT: dynapse.core 4
// GREEDY-REMARK: remark: core 0: 129 neurons
// GREEDY-REMARK: remark: core 1: 128 neurons
// GREEDY-REMARK: remark: core 0: 250 neurons
// GREEDY-REMARK: remark: core 3: 250 neurons
dynapse.network @greedy_257 {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : () -> !dynapse.spikes<257>
}
dynapse.network @greedy_1000 {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : () -> !dynapse.spikes<1000>
}
