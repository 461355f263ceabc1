//===- Hardware.cpp - DYNAP-SE2 architecture facts ------------------------===//
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "llvm/ADT/STLExtras.h"

using llvm::StringLiteral;

static constexpr StringLiteral kSE2Parameters[] = {
    "SOIF_DC_P",    "DENM_NMREV_N", "SOAD_GAIN_P",   "DEAM_EGAIN_P",
    "DEGA_IGAIN_P", "DENM_EGAIN_P", "DESC_IGAIN_P",  "SOIF_GAIN_N",
    "SOAD_PWTAU_N", "SYPD_EXT_N",   "SOIF_REFR_N",   "SOIF_SPKTHR_P",
    "SOAD_TAU_P",   "DEAM_ETAU_P",  "DEGA_ITAU_P",   "DENM_ETAU_P",
    "DESC_ITAU_P",  "SOIF_LEAK_N",  "SYAM_W0_P",     "SYAM_W1_P",
    "SYAM_W2_P",    "SYAM_W3_P",    "SOAD_W_N"};

static constexpr StringLiteral kLatches[] = {
    "latch_so_dc",          "latch_so_adaptation", "latch_soif_kill",
    "latch_coho_ca_mem",    "latch_ho_enable",     "latch_ho_so_de",
    "latch_deam_ampa",      "latch_denm_nmda",     "latch_de_conductance",
    "latch_deam_alpha",     "latch_denm_alpha",    "latch_de_mux",
    "latch_soif_type",      "latch_ho_active"};

static constexpr StringLiteral kCoreCurrents[] = {
    // The 13 DynapseNeurons currents.
    "Idc", "If_nmda", "Igain_ahp", "Igain_mem", "Igain_syn", "Ipulse_ahp",
    "Ipulse", "Iref", "Ispkthr", "Itau_ahp", "Itau_mem", "Itau_syn", "Iw_ahp",
    // Per-dendrite gains and time constants (DynapSimCore).
    "Igain_ampa", "Igain_gaba", "Igain_nmda", "Igain_shunt", "Itau_ampa",
    "Itau_gaba", "Itau_nmda", "Itau_shunt",
    // Base weight currents selected by the CAM masks.
    "Iw_0", "Iw_1", "Iw_2", "Iw_3"};

llvm::ArrayRef<StringLiteral> dynapse::hw::se2ParameterNames() {
  return kSE2Parameters;
}
bool dynapse::hw::isSE2ParameterName(llvm::StringRef name) {
  return llvm::is_contained(kSE2Parameters, name);
}
llvm::ArrayRef<StringLiteral> dynapse::hw::latchNames() { return kLatches; }
bool dynapse::hw::isLatchName(llvm::StringRef name) {
  return llvm::is_contained(kLatches, name);
}
bool dynapse::hw::isCoreCurrentName(llvm::StringRef name) {
  return llvm::is_contained(kCoreCurrents, name);
}
