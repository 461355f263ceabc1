//===- Image.h - the DYNAP-SE2 device image (.dse2) -------------*- C++ -*-===//
//
// A versioned binary holding everything the board needs and what a decoder
// needs to give back the logical network (docs/image-format.md).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_TARGET_IMAGE_IMAGE_H
#define DYNAPSE_TARGET_IMAGE_IMAGE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace dynapse::image {

constexpr uint16_t kMajorVersion = 1;
constexpr uint16_t kMinorVersion = 0;

/// Writes the allocated `dynapse.network` of `module` as an image.
mlir::LogicalResult emitImage(mlir::ModuleOp module, llvm::raw_ostream &output);

/// Decodes an image into an allocated, merged network; null after a
/// diagnostic on a corrupt or unsupported image.
mlir::OwningOpRef<mlir::ModuleOp> importImage(llvm::StringRef bytes,
                                              llvm::StringRef fileName,
                                              mlir::MLIRContext *context);

/// Writes a readable listing of an image.
mlir::LogicalResult dumpImage(llvm::StringRef bytes, llvm::StringRef fileName,
                              mlir::MLIRContext *context,
                              llvm::raw_ostream &output);

/// Registers --emit-image, --import-image and --dump-image.
void registerImageTranslations();

} // namespace dynapse::image

#endif // DYNAPSE_TARGET_IMAGE_IMAGE_H
