// Shared by the fuzz targets: the libFuzzer entry point and property checks.
//
// Each fuzz_<target>.cpp defines LLVMFuzzerTestOneInput. With -Dfuzzing=true
// it is linked with libFuzzer (clang, -fsanitize=fuzzer); otherwise with
// replay_main.cpp, which feeds it the files of the seed corpus, so the same
// properties are checked by `meson test --suite fuzz` on every machine.
//
// A property that does not hold is a bug: FUZZ_CHECK prints the condition and
// aborts, which libFuzzer reports as a crash (and saves the input) and which
// fails the replay test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace fuzz {

[[noreturn]] inline void property_failed(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n", file, line, condition);
    std::abort();
}

inline std::string_view as_text(const std::uint8_t *data, std::size_t size) noexcept
{
    return {reinterpret_cast<const char *>(data), size};
}

inline std::span<const std::uint8_t> as_bytes(std::string_view s) noexcept
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

} // namespace fuzz

#define FUZZ_CHECK(condition)                                                      \
    do {                                                                           \
        if (!(condition)) ::fuzz::property_failed(#condition, __FILE__, __LINE__); \
    } while (0)
