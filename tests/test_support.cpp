#include "test_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test {

static std::string env_or_throw(const char *name)
{
    const char *v = std::getenv(name);
    if (!v || !*v) throw std::runtime_error(std::string("environment variable not set: ") + name);
    return v;
}

std::string key_path(unsigned bits, unsigned e, std::string_view form)
{
    return env_or_throw("TWOLEG_TEST_KEYS") + "/rsa-" + std::to_string(bits) + "-e" + std::to_string(e) +
           "." + std::string(form);
}

std::string source_root() { return env_or_throw("TWOLEG_SOURCE_ROOT"); }
std::string cli_path() { return env_or_throw("TWOLEG_CLI"); }

std::string temp_dir()
{
    static std::string dir = [] {
        std::string base = std::getenv("TWOLEG_TEST_TMP") ? std::getenv("TWOLEG_TEST_TMP") : "/tmp";
        ::mkdir(base.c_str(), 0700);
        std::string t = base + "/t-XXXXXX";
        if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
        return t;
    }();
    return dir;
}

std::vector<std::uint8_t> read_file(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + path);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(f), {});
}

std::string read_text(const std::string &path)
{
    auto b = read_file(path);
    return std::string(b.begin(), b.end());
}

void write_file(const std::string &path, std::span<const std::uint8_t> data)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("cannot create " + path);
    f.write(reinterpret_cast<const char *>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!f) throw std::runtime_error("cannot write " + path);
}

void write_file(const std::string &path, std::string_view text)
{
    write_file(path, std::span(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

std::string shell_quote(std::string_view s)
{
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

command_result run(const std::string &command_line)
{
    static int counter = 0;
    std::string base = temp_dir() + "/cmd" + std::to_string(++counter);
    std::string full = "(" + command_line + ") >" + shell_quote(base + ".out") + " 2>" + shell_quote(base + ".err");
    int raw = std::system(full.c_str());
    command_result r;
    r.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
    r.out = read_text(base + ".out");
    r.err = read_text(base + ".err");
    ::unlink((base + ".out").c_str());
    ::unlink((base + ".err").c_str());
    return r;
}

std::string hex(std::span<const std::uint8_t> data)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (auto b : data) {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}

std::vector<std::uint8_t> unhex(std::string_view h)
{
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::runtime_error("bad hex");
    };
    std::vector<std::uint8_t> out;
    std::string clean;
    for (char c : h)
        if (c != ' ' && c != '\n' && c != ':') clean += c;
    if (clean.size() % 2) throw std::runtime_error("odd hex length");
    for (std::size_t i = 0; i < clean.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(nib(clean[i]) << 4 | nib(clean[i + 1])));
    return out;
}

std::vector<std::uint8_t> bytes(std::string_view text) { return {text.begin(), text.end()}; }

std::vector<std::uint8_t> pseudo_random_bytes(std::size_t n, std::uint64_t seed)
{
    std::vector<std::uint8_t> out(n);
    std::uint64_t x = seed;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 8 == 0) {
            x += 0x9e3779b97f4a7c15ULL;
        }
        std::uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        out[i] = static_cast<std::uint8_t>(z >> (8 * (i % 8)));
    }
    return out;
}

scoped_env::scoped_env(const char *name, const char *value) : name_(name)
{
    const char *old = std::getenv(name);
    had_ = old != nullptr;
    if (had_) old_ = old;
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

scoped_env::~scoped_env()
{
    if (had_)
        setenv(name_, old_.c_str(), 1);
    else
        unsetenv(name_);
}

} // namespace test
