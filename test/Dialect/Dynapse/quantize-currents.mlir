// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-quantize-currents))' -split-input-file -verify-diagnostics | FileCheck %s

// Per-dendrite currents override the combined synapse ones; base weights set
// the SYAM_W parameters.
// CHECK-LABEL: dynapse.network @dendrites
// CHECK: dynapse.core 0
// CHECK-SAME: #dynapse.bias<"DEAM_EGAIN_P", 4, 68, P>, #dynapse.bias<"DEGA_IGAIN_P", 3, 104, P>
// CHECK-SAME: #dynapse.bias<"SYAM_W0_P", 4, 212, P>
dynapse.network @dendrites {
  // expected-remark @+2 {{core 0: DENM_NMREV_N, SOAD_GAIN_P, SOAD_PWTAU_N, SOAD_TAU_P, SYAM_W1_P, SYAM_W2_P, SYAM_W3_P, SOAD_W_N are 0 A}}
  // expected-remark @+1 {{core 0: largest relative error of the realised currents}}
  dynapse.core 0 {currents = {Idc = 3.0e-10 : f64, If_nmda = 0.0 : f64, Igain_ahp = 0.0 : f64, Igain_mem = 2.156e-11 : f64, Igain_syn = 9.75e-09 : f64, Igain_ampa = 5.0e-8 : f64, Ipulse_ahp = 0.0 : f64, Ipulse = 3.5e-08 : f64, Iref = 1.05e-09 : f64, Ispkthr = 1.06e-08 : f64, Itau_ahp = 0.0 : f64, Itau_mem = 5.3e-12 : f64, Itau_syn = 9.75e-11 : f64, Iw_ahp = 0.0 : f64, Iw_0 = 5.0e-8 : f64}}
}

// -----

// expected-error @+1 {{'dynapse-cluster' must run before 'dynapse-quantize-currents' (the neurons have no cores)}}
dynapse.network @unclustered {
}

// -----

dynapse.network @missing {
  // expected-error @+1 {{core 0 has no current 'Ipulse' (for SYPD_EXT_N)}}
  dynapse.core 0 {currents = {Idc = 0.0 : f64, If_nmda = 0.0 : f64, Igain_ahp = 0.0 : f64, Igain_mem = 0.0 : f64, Igain_syn = 0.0 : f64, Ipulse_ahp = 0.0 : f64}}
}

// -----

// A current beyond the bias generator's range is a warning naming the core,
// the current, its parameter, the factor and what it changes.
dynapse.network @beyond {
  // expected-remark @+3 {{are 0 A}}
  // expected-remark @+2 {{core 0: largest relative error of the realised currents 69.2 % (SOIF_DC_P)}}
  // expected-warning @+1 {{core 0: 1 current(s) beyond the bias generator's range; first, Idc needs 2.77e-06 A, but SOIF_DC_P makes 8.53e-07 A (0.308x): the DC input (the leak's offset and any bias) changes by that factor}}
  dynapse.core 0 {currents = {Idc = 2.77e-06 : f64, If_nmda = 0.0 : f64, Igain_ahp = 0.0 : f64, Igain_mem = 2.156e-11 : f64, Igain_syn = 9.75e-09 : f64, Ipulse_ahp = 0.0 : f64, Ipulse = 3.5e-08 : f64, Iref = 1.05e-09 : f64, Ispkthr = 1.06e-08 : f64, Itau_ahp = 0.0 : f64, Itau_mem = 5.3e-12 : f64, Itau_syn = 9.75e-11 : f64, Iw_ahp = 0.0 : f64}}
}
