// twoleg's C++ API through CMake's twoleg::twoleg_static: the C++ equivalent
// of examples/c-pkgconfig/sign_demo.c. Loads a service-account key, signs and
// verifies a message, and prints a signed assertion on stdout.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <twoleg/assertion.hpp>
#include <twoleg/key_loader.hpp>
#include <twoleg/pkcs1v15.hpp>

int main(int argc, char **argv)
{
    const std::string path = argc > 1 ? argv[1] : "demo-service-account.json";
    const std::string scope = argc > 2 ? argv[2] : "https://www.googleapis.com/auth/spreadsheets.readonly";

    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
        std::cerr << "assertion_cpp: cannot read " << path << '\n';
        return 1;
    }

    // Every fallible call returns twoleg::result<T>: a value or an error.
    auto loaded = twoleg::load_key(file);
    if (!loaded) {
        std::cerr << "assertion_cpp: " << path << ": " << loaded.err().message() << '\n';
        return 1;
    }
    if (!loaded->account) {
        std::cerr << "assertion_cpp: " << path << " is not a service-account key file\n";
        return 1;
    }

    const std::string message = "hello from C++";
    const std::vector<std::uint8_t> bytes(message.begin(), message.end());
    auto signature = twoleg::pkcs1v15_sign_sha256(*loaded->private_key, bytes);
    if (!signature) {
        std::cerr << "assertion_cpp: sign: " << signature.err().message() << '\n';
        return 1;
    }
    if (auto ok = twoleg::pkcs1v15_verify_sha256(loaded->public_key, bytes, *signature); !ok) {
        std::cerr << "assertion_cpp: verify: " << ok.err().message() << '\n';
        return 1;
    }
    std::cerr << "signed and verified a " << signature->size() << "-byte RS256 signature\n";

    twoleg::assertion_options options;
    options.scopes = {scope};
    auto jwt = twoleg::make_assertion(*loaded->account, options);
    if (!jwt) {
        std::cerr << "assertion_cpp: " << jwt.err().message() << '\n';
        return 1;
    }
    std::cout << *jwt << '\n';
    return 0;
}
