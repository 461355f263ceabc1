// RUN: not dynapse-translate --export-rockpool-spec %s -o %t.json 2>&1 | FileCheck %s
// RUN: not test -e %t.json
// CHECK: error: the network has 2 populations and 0 inputs; run 'dynapse-merge' first (a spec has one of each)
dynapse.network @unmerged {
  %a = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
  %b = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}
