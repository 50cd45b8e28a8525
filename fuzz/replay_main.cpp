// Corpus replayer: the main() of a fuzz target built without libFuzzer.
//
//   fuzz_<target> PATH...
// runs LLVMFuzzerTestOneInput once on every file named, and on every regular
// file under every directory named (recursively, in sorted order, so a run is
// reproducible). Arguments starting with '-' are libFuzzer options and are
// ignored, so the same command line works with both builds. A property
// violation or sanitizer report aborts the process; otherwise it prints how
// many inputs ran and exits 0. Naming nothing, a missing path or a directory
// without files is an error: an empty replay must not pass silently.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;

bool read_whole_file(const fs::path &path, std::vector<std::uint8_t> &out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

/// The files to run for one argument, or false if it names nothing usable.
bool collect(const fs::path &path, std::vector<fs::path> &files)
{
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        files.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, ec)) return false;
    std::vector<fs::path> found;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) found.push_back(it->path());
    if (ec || found.empty()) return false;
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<fs::path> files;
    bool named_any = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!arg.empty() && arg[0] == '-') continue;
        named_any = true;
        if (!collect(arg, files)) {
            std::fprintf(stderr, "%s: no input files at %s\n", argv[0], arg.c_str());
            return 2;
        }
    }
    if (!named_any) {
        std::fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...\n", argv[0]);
        return 2;
    }

    std::size_t total_bytes = 0;
    std::vector<std::uint8_t> data;
    for (const auto &f : files) {
        if (!read_whole_file(f, data)) {
            std::fprintf(stderr, "%s: cannot read %s\n", argv[0], f.c_str());
            return 2;
        }
        // A copy in a buffer of exactly the input's size, as libFuzzer passes
        // it, so that a sanitizer sees any read past the end.
        std::vector<std::uint8_t> exact(data.begin(), data.end());
        std::fprintf(stderr, "running %s (%zu bytes)\n", f.c_str(), exact.size());
        LLVMFuzzerTestOneInput(exact.data(), exact.size());
        total_bytes += exact.size();
    }
    std::printf("replayed %zu inputs (%zu bytes) with no property violation\n", files.size(), total_bytes);
    return 0;
}
