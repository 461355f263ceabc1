// RUN: not dynapse-translate --emit-image %s -o %t.dse2 2>&1 | FileCheck %s
// RUN: not test -e %t.dse2
// CHECK: error: the network is not allocated: run the pipeline through 'dynapse-allocate' before --emit-image
dynapse.network @unallocated {
}
