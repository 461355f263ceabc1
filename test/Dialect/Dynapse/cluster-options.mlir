// RUN: not dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{cores=20}))' 2>&1 | FileCheck %s --check-prefix=CORES
// RUN: not dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{cores=1 max-neurons-per-core=2}))' 2>&1 | FileCheck %s --check-prefix=FEW
// RUN: not dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{method=kmeans}))' 2>&1 | FileCheck %s --check-prefix=METHOD
// RUN: not dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{max-neurons-per-core=300}))' 2>&1 | FileCheck %s --check-prefix=CAPACITY
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster{method=random seed=3 cores=2}))' 2>/dev/null | FileCheck %s --check-prefix=RANDOM
// CORES: error: cannot cluster: --cores=20 is more than the 16 cores of the board
// FEW: error: cannot cluster: --cores=1 cannot hold 3 neurons at 2 per core (at least 2 needed)
// METHOD: error: unknown clustering method 'kmeans'; expected greedy, random or parameter
// CAPACITY: error: cannot cluster: max-neurons-per-core must be 1..256, got 300
// RANDOM: core_map = array<i64: {{[01]}}, {{[01]}}, {{[01]}}>
// RANDOM: dynapse.core 1
dynapse.network @small {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : () -> !dynapse.spikes<3>
}
