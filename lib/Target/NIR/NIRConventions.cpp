//===- NIRConventions.cpp - recovering dt from an NIR file ----------------===//
//
// NIR stores no time step; exporters hide it in `r` and `w_in` (docs/nir.md):
//   snnTorch  r = tau_mem / dt, w_in = tau_syn / dt      => dt = tau_mem / r
//   Rockpool  r = tau exp(-dt / tau) / dt, no w_in      => dt solves that
//   Norse     r = 1, w_in = 1 (continuous time), float32 => dt not recoverable
//
//===----------------------------------------------------------------------===//
#include "NIRConventions.h"

#include "dynapse/Support/ValueChecks.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <optional>

using namespace dynapse;
using namespace dynapse::nir;

namespace {
/// Per-neuron values of the parameters that carry the time step.
struct NeuronSample {
  double tauMem, r;
  std::optional<double> tauSyn, wIn;
  bool float32 = false; // tau_mem stored as float32
};
} // namespace

static const h5::Dataset *param(const Node &node, const char *name) {
  auto it = node.params.find(name);
  return it == node.params.end() || it->second.numbers.empty() ? nullptr
                                                               : &it->second;
}

static double element(const h5::Dataset &dataset, size_t index) {
  return dataset.numbers.size() == 1 ? dataset.numbers.front()
                                     : dataset.numbers[index];
}

/// Every neuron of every leaky node with its tau_mem and r.
static std::vector<NeuronSample> collectNeurons(const Graph &graph,
                                                bool &anyWIn) {
  std::vector<NeuronSample> samples;
  anyWIn = false;
  for (const Node &node : graph.nodes) {
    bool cuba = node.type == "CubaLIF" || node.type == "CubaLI";
    bool plain = node.type == "LIF" || node.type == "LI";
    if (!cuba && !plain)
      continue;
    const h5::Dataset *tau = param(node, cuba ? "tau_mem" : "tau");
    const h5::Dataset *r = param(node, "r");
    if (!tau || !r)
      continue;
    const h5::Dataset *tauSyn = cuba ? param(node, "tau_syn") : nullptr;
    const h5::Dataset *wIn = cuba ? param(node, "w_in") : nullptr;
    anyWIn |= wIn != nullptr;
    size_t count = std::max(tau->numbers.size(), r->numbers.size());
    for (size_t i = 0; i < count; ++i) {
      if (tau->numbers.size() != 1 && i >= tau->numbers.size())
        break;
      if (r->numbers.size() != 1 && i >= r->numbers.size())
        break;
      NeuronSample sample{element(*tau, i), element(*r, i), std::nullopt,
                          std::nullopt, tau->isFloat32};
      if (tauSyn && (tauSyn->numbers.size() == 1 || i < tauSyn->numbers.size()))
        sample.tauSyn = element(*tauSyn, i);
      if (wIn && (wIn->numbers.size() == 1 || i < wIn->numbers.size()))
        sample.wIn = element(*wIn, i);
      samples.push_back(sample);
    }
  }
  return samples;
}

static bool close(double a, double b, double tolerance = 1e-3) {
  return std::fabs(a - b) <= tolerance * std::max(std::fabs(a), std::fabs(b));
}

double nir::solveRockpoolDt(double tau, double r) {
  // f(dt) = tau exp(-dt / tau) - r dt falls from tau > 0 at dt = 0 to below 0
  // at dt = tau / r, so bisection finds its single root.
  double low = 0.0, high = tau / r;
  for (int step = 0; step < 200; ++step) {
    double mid = 0.5 * (low + high);
    if (tau * std::exp(-mid / tau) - r * mid > 0)
      low = mid;
    else
      high = mid;
  }
  return 0.5 * (low + high);
}

/// The dt all samples agree on under `rule`, if they do.
template <typename Rule>
static std::optional<double> commonDt(const std::vector<NeuronSample> &samples,
                                      Rule rule) {
  std::optional<double> common;
  for (const NeuronSample &sample : samples) {
    std::optional<double> dt = rule(sample);
    if (!dt || !(*dt > 0) || !std::isfinite(*dt))
      return std::nullopt;
    if (common && !close(*common, *dt))
      return std::nullopt;
    common = common.value_or(*dt);
  }
  return common;
}

static std::optional<double> snntorchDt(const NeuronSample &sample) {
  if (!(sample.tauMem > 0) || !(sample.r > 0))
    return std::nullopt;
  double dt = sample.tauMem / sample.r;
  if (sample.tauSyn && sample.wIn && !close(*sample.wIn, *sample.tauSyn / dt))
    return std::nullopt;
  return dt;
}

static std::optional<double> rockpoolDt(const NeuronSample &sample) {
  if (!(sample.tauMem > 0) || !(sample.r > 0))
    return std::nullopt;
  return solveRockpoolDt(sample.tauMem, sample.r);
}

static bool isContinuous(const std::vector<NeuronSample> &samples) {
  for (const NeuronSample &sample : samples)
    if (sample.r != 1.0 || (sample.wIn && *sample.wIn != 1.0))
      return false;
  return true;
}

/// Whether every leaky neuron's time constant is stored as float32, as a
/// torch model's exporter writes them (the nir package and hand-written
/// graphs give float64).
static bool fromTorch(const std::vector<NeuronSample> &samples) {
  return !samples.empty() &&
         llvm::all_of(samples,
                      [](const NeuronSample &sample) { return sample.float32; });
}

/// Norse's default time step, which its 1.1 exporter folds into tau.
constexpr double kNorseDt = 1e-3;

/// Whether every time constant lies below Norse's step, which no network
/// stepped at that dt has (dt * tau_inv > 1): Norse 1.1's to_nir writes
/// tau = dt / tau_inv.
static bool foldsNorseDt(const std::vector<NeuronSample> &samples) {
  return llvm::all_of(samples, [](const NeuronSample &sample) {
    return sample.tauMem < kNorseDt &&
           (!sample.tauSyn || *sample.tauSyn < kNorseDt);
  });
}

/// Relative distance of dt from the nearest 1, 2, 2.5 or 5 times a power of
/// ten.
static double roundness(double dt) {
  double decade = std::pow(10.0, std::floor(std::log10(dt)));
  double best = 1.0;
  for (double mantissa : {1.0, 2.0, 2.5, 5.0, 10.0})
    best = std::min(best, std::fabs(dt / decade - mantissa) / mantissa);
  return best;
}

/// The round value roundness() measured the distance to.
static double roundValue(double dt) {
  double decade = std::pow(10.0, std::floor(std::log10(dt)));
  double best = decade;
  for (double mantissa : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (std::fabs(dt / decade - mantissa) < std::fabs(dt / decade - best / decade))
      best = mantissa * decade;
  return best;
}

/// What the file's parameters say, without the user's options.
static TimeStep detect(const Graph &graph) {
  bool anyWIn = false;
  std::vector<NeuronSample> samples = collectNeurons(graph, anyWIn);
  // w_in = 1 everywhere is NIR's default, which the Python nir package fills
  // in for a CubaLIF read without w_in (so nir.read then nir.write adds it):
  // it counts as no w_in.
  if (llvm::all_of(samples, [](const NeuronSample &sample) {
        return !sample.wIn || *sample.wIn == 1.0;
      })) {
    anyWIn = false;
    for (NeuronSample &sample : samples)
      sample.wIn.reset();
  }
  TimeStep result;
  if (samples.empty()) {
    result.reason = "no leaky neurons carry a time step";
    return result;
  }
  if (isContinuous(samples)) {
    if (fromTorch(samples)) {
      result.convention = Convention::Norse;
      result.reason = "r = 1 and w_in = 1 everywhere with float32 time "
                      "constants, as Norse's to_nir writes; Norse >= 1.1's "
                      "step at its default dt (--nir-dt to change, "
                      "--nir-convention=norse-1.0 for Norse 1.0)";
      if (foldsNorseDt(samples)) {
        result.tauScale = kNorseDt;
        result.reason += "; every time constant is below Norse's 1 ms step, "
                         "as Norse 1.1's to_nir writes them (tau = dt / "
                         "tau_inv): read as tau / dt seconds (tau_scale)";
      }
      return result;
    }
    result.reason = "r = 1 and w_in = 1 everywhere: continuous-time "
                    "parameters as NIR defines them (float64, so not a torch "
                    "export; Norse writes float32: --nir-convention=norse)";
    return result;
  }
  std::optional<double> snntorch = commonDt(samples, snntorchDt);
  std::optional<double> rockpool =
      anyWIn ? std::nullopt : commonDt(samples, rockpoolDt);
  // When every neuron shares one tau both rules fit; exporters use round time
  // steps, so the rule that gives the rounder dt wins.
  if (snntorch && rockpool) {
    if (roundness(*rockpool) < roundness(*snntorch))
      snntorch.reset();
    else
      rockpool.reset();
  }
  // Parameters stored as float32 blur dt in the 7th digit; take the round
  // value it is meant to be.
  for (std::optional<double> *dt : {&snntorch, &rockpool})
    if (*dt && roundness(**dt) < 1e-5)
      **dt = roundValue(**dt);
  if (snntorch) {
    result.convention = Convention::SNNTorch;
    result.dt = *snntorch;
    result.reason = "every neuron has r = tau_mem / dt (and w_in = tau_syn / "
                    "dt) for one dt = " +
                    formatRoundTrip(*snntorch) + " s, as snnTorch writes";
    return result;
  }
  if (rockpool) {
    result.convention = Convention::Rockpool;
    result.dt = *rockpool;
    result.reason = "every neuron has r = tau exp(-dt / tau) / dt for one "
                    "dt = " +
                    formatRoundTrip(*rockpool) +
                    " s and no w_in, as Rockpool writes";
    return result;
  }
  result.reason = "r and w_in match no exporter's time-step rule; reading them "
                  "as NIR's continuous-time gains";
  return result;
}

TimeStep nir::chooseTimeStep(const Graph &graph, const ImportOptions &options) {
  TimeStep detected = detect(graph);
  TimeStep chosen = detected;
  if (options.convention != Convention::Auto) {
    chosen.convention = options.convention;
    chosen.reason = "chosen with --nir-convention";
    bool recoverable = options.convention == Convention::SNNTorch ||
                       options.convention == Convention::Rockpool;
    auto isNorse = [](Convention c) {
      return c == Convention::Norse || c == Convention::Norse10;
    };
    // Norse 1.0 and 1.1 read the same files; only the step differs.
    bool sameFiles = isNorse(detected.convention) && isNorse(options.convention);
    if (detected.convention != options.convention && !sameFiles) {
      if (recoverable)
        chosen.warning = "--nir-convention=" +
                         stringifyConvention(options.convention).str() +
                         " does not fit the file's parameters (" +
                         detected.reason + ")";
      chosen.dt = 1e-3;
      chosen.tauScale = 1;
    }
  }
  if (options.dt) {
    bool fileHasDt = chosen.convention == Convention::SNNTorch ||
                     chosen.convention == Convention::Rockpool;
    if (fileHasDt && detected.convention == chosen.convention &&
        !close(detected.dt, *options.dt))
      chosen.warning = "--nir-dt=" + formatRoundTrip(*options.dt) +
                       " differs from the dt = " + formatRoundTrip(detected.dt) +
                       " s the file's parameters imply";
    chosen.dt = *options.dt;
  }
  return chosen;
}
