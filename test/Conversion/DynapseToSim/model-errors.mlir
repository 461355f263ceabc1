// RUN: dynapse-opt --convert-dynapse-to-sim=model=hh %s -verify-diagnostics
// RUN: not dynapse-opt --convert-dynapse-to-sim=model=reference %s 2>&1 | FileCheck %s --check-prefix=REFERENCE
// RUN: not dynapse-opt --convert-dynapse-to-sim=mismatch=-0.1 %s 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: error: mismatch -1.000000e-01 and dt 0.000000e+00 must not be negative

// The models come from one registry (Models.cpp); the reference model is
// the named exception, which convert-snn-to-sim builds.
// REFERENCE: error: model 'reference' simulates the snn graph as trained: run 'convert-snn-to-sim'

// expected-error@+1 {{model 'hh' is unknown; expected 'dynapsim' or 'se2'}}
module {}
