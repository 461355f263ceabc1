// RUN: dynapse-opt --convert-dynapse-to-sim=model=hh %s -verify-diagnostics
// RUN: not dynapse-opt --convert-dynapse-to-sim=mismatch=-0.1 %s 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: error: mismatch -1.000000e-01 and dt 0.000000e+00 must not be negative

// expected-error@+1 {{unknown model 'hh'; expected 'dynapsim' or 'se2'}}
module {}
