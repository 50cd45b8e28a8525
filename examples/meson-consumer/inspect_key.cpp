// twoleg's C++ API from a Meson project (dependency('twoleg', static : true)):
// describe a key file.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include <twoleg/key_loader.hpp>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: inspect_key KEY\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::vector<std::uint8_t> file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto key = twoleg::load_key(file);
    if (!key) {
        std::cerr << "inspect_key: " << key.err().message() << '\n';
        return 1;
    }
    std::cout << "format: " << twoleg::key_format_name(key->format) << '\n'
              << "bits: " << key->public_key.modulus_bits() << '\n'
              << "private: " << (key->is_private() ? "yes" : "no") << '\n';
    if (key->account) std::cout << "client_email: " << key->account->client_email << '\n';
    std::cout << "spki sha256: ";
    for (std::uint8_t b : key->public_key.spki_sha256()) std::printf("%02x", b);
    std::cout << std::endl;
    return 0;
}
