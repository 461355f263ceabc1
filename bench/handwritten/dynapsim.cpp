// A hand-written C++ DynapSim kernel: the peer that sim_bench.py times
// dynapse-sim's JIT-compiled kernel against (issue 28). The same float32
// equations as sim_bench.py's numpy_run (spec 7.3), written the way one
// would by hand: structure-of-arrays state, one loop over the neurons that
// GCC vectorises (-O3 -ffast-math -march=native: libmvec's exp and log),
// and event-driven delivery along each source's fan-out list.
//
//   dynapsim NETWORK.bin INPUT.bin OUTPUT.bin REPEAT
//
// NETWORK.bin (little-endian): int32 n, inputs, steps, synapses; float32
// constants (the 19 fields of Constants, in order); int32 sources[S],
// targets[S]; float32 weights[S]. INPUT.bin: float32 steps x inputs counts.
// Writes steps x n float32 spike counts and prints the best simulate time
// of REPEAT runs ("simulate 0.001234 s").
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct Constants {
  float io, utk, itau_mem, igain_mem, t_ref, dt, fd_syn, fc_syn, fd_ahp,
      fc_ahp, g_syn, g_ahp, g_mem, kprime, ut, idc, ispkthr, c_mem, iscale;
};

template <typename T> std::vector<T> readArray(FILE *file, size_t count) {
  std::vector<T> values(count);
  if (fread(values.data(), sizeof(T), count, file) != count) {
    fprintf(stderr, "truncated input\n");
    exit(1);
  }
  return values;
}

struct Network {
  int n = 0, inputs = 0, steps = 0;
  Constants c{};
  // Fan-out lists: for source s, entries start[s] .. start[s + 1].
  std::vector<int> start, target;
  std::vector<float> weight;
};

Network readNetwork(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    perror(path);
    exit(1);
  }
  auto header = readArray<int32_t>(file, 4);
  Network net;
  net.n = header[0], net.inputs = header[1], net.steps = header[2];
  size_t synapses = size_t(header[3]);
  auto constants = readArray<float>(file, sizeof(Constants) / sizeof(float));
  std::copy(constants.begin(), constants.end(), reinterpret_cast<float *>(&net.c));
  auto sources = readArray<int32_t>(file, synapses);
  auto targets = readArray<int32_t>(file, synapses);
  auto weights = readArray<float>(file, synapses);
  fclose(file);
  int total = net.n + net.inputs;
  net.start.assign(total + 1, 0);
  for (int32_t s : sources)
    ++net.start[s + 1];
  for (int s = 0; s < total; ++s)
    net.start[s + 1] += net.start[s];
  std::vector<int> next(net.start.begin(), net.start.end() - 1);
  net.target.resize(synapses);
  net.weight.resize(synapses);
  for (size_t k = 0; k < synapses; ++k) {
    int at = next[sources[k]]++;
    net.target[at] = targets[k];
    net.weight[at] = weights[k];
  }
  return net;
}

/// One run of all steps; `out` gets the spike counts.
void simulate(const Network &net, const std::vector<float> &input,
              std::vector<float> &out) {
  const Constants c = net.c;
  const int n = net.n;
  std::vector<float> imem(n, c.io), isyn(n, c.io), iahp(n, c.io), vmem(n, 0),
      timer(n, 0), spikes(n, 0), iw(n, 0);
  for (int t = 0; t < net.steps; ++t) {
    std::fill(iw.begin(), iw.end(), 0.0f);
    // Deliver the last step's spikes and this step's input.
    auto deliver = [&](int source, float count) {
      for (int k = net.start[source]; k < net.start[source + 1]; ++k)
        iw[net.target[k]] += net.weight[k] * count;
    };
    for (int i = 0; i < n; ++i)
      if (spikes[i] != 0)
        deliver(i, spikes[i]);
    const float *in = &input[size_t(t) * net.inputs];
    for (int j = 0; j < net.inputs; ++j)
      if (in[j] != 0)
        deliver(n + j, in[j]);
    float *row = &out[size_t(t) * n];
    for (int i = 0; i < n; ++i) {
      float syn = c.fd_syn * isyn[i] +
                  c.fc_syn * std::max(c.g_syn * (iw[i] * c.iscale), c.io);
      float ahp = std::max(c.fd_ahp * iahp[i] + c.fc_ahp * (c.g_ahp * spikes[i]), c.io);
      float fb = std::exp(c.kprime * vmem[i] / c.ut);
      float leak = c.itau_mem + ahp;
      float iin = std::max((syn - leak + c.idc) * (timer[i] == 0 ? 1.0f : 0.0f), c.io);
      float inf = c.g_mem * (iin - leak);
      float m = imem[i];
      float fimem = (c.io * fb / leak) * (m + c.igain_mem);
      float tau = c.utk * c.c_mem / leak;
      float d = m / (tau * (m + c.igain_mem)) *
                (inf + fimem - m * (1.0f + ahp / c.itau_mem));
      m = std::max(m + d * c.dt, c.io);
      vmem[i] = c.utk * std::log(m / c.io);
      float count = std::max(std::ceil(std::log(m / c.ispkthr)), 0.0f);
      bool fired = count > 0;
      imem[i] = fired ? c.io : m;
      timer[i] = fired ? c.t_ref : std::max(timer[i] - c.dt, 0.0f);
      isyn[i] = syn;
      iahp[i] = ahp;
      spikes[i] = count;
      row[i] = count;
    }
  }
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: dynapsim NETWORK.bin INPUT.bin OUTPUT.bin REPEAT\n");
    return 1;
  }
  Network net = readNetwork(argv[1]);
  FILE *file = fopen(argv[2], "rb");
  if (!file) {
    perror(argv[2]);
    return 1;
  }
  auto input = readArray<float>(file, size_t(net.steps) * net.inputs);
  fclose(file);
  std::vector<float> out(size_t(net.steps) * net.n);
  double best = 1e30;
  for (int r = 0; r < std::atoi(argv[4]); ++r) {
    auto t0 = std::chrono::steady_clock::now();
    simulate(net, input, out);
    best = std::min(best, std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - t0).count());
  }
  file = fopen(argv[3], "wb");
  fwrite(out.data(), sizeof(float), out.size(), file);
  fclose(file);
  printf("simulate %.6f s\n", best);
  return 0;
}
