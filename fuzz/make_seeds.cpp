// Write the seed inputs Strata generates itself (seed_inputs.h) into <corpus>/<target>/, one file each.
//   strata_fuzz_seeds <corpus-folder>
// prepare_corpus.sh calls it and adds the files of ../shared/corpus.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>

#include "seed_inputs.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus-folder>\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path corpus = argv[1];
    const std::filesystem::path scratch = corpus / ".scratch";
    std::filesystem::create_directories(scratch);
    int written = 0;
    for (const auto& seed : strata::fuzz::strata_seeds(scratch)) {
      std::filesystem::create_directories(corpus / seed.target);
      std::ofstream out(corpus / seed.target / seed.name, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(seed.bytes.data()), static_cast<std::streamsize>(seed.bytes.size()));
      if (!out) {
        std::fprintf(stderr, "cannot write %s\n", (corpus / seed.target / seed.name).c_str());
        return 1;
      }
      ++written;
    }
    std::filesystem::remove_all(scratch);
    std::printf("%d seed inputs written under %s\n", written, corpus.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata_fuzz_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
