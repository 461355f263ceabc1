// RUN: dynapse-opt %s -split-input-file -verify-diagnostics
// Inputs the fuzzers (fuzz/, make fuzz) found to crash, kept as regressions.

// A neuron without its required 'chip': the network's slot check used to
// read the missing attribute (a null dereference) before the neuron itself
// was verified. The neuron is now verified first.
dynapse.network @missing_chip {
  // expected-error@+1 {{'dynapse.neuron' op requires attribute 'chip'}}
  dynapse.neuron {camchip = 3, core = 3, slot = 255, cam = [], sram = []}
}
