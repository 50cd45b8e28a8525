// twoleg asn1 [FILE]: the DER tree of a PEM or DER document (see asn1_dump.hpp).
#include <cstdio>
#include <string>
#include <string_view>

#include "cli.hpp"
#include "twoleg/asn1_dump.hpp"
#include "twoleg/pem.hpp"
#include "twoleg/service_account.hpp"

namespace twoleg::cli {

namespace {

/// Keys and certificates are a few KiB; 4 MiB leaves room for large
/// certificate chains and CRLs while keeping the in-memory output bounded.
constexpr std::size_t asn1_max_input_bytes = std::size_t{4} << 20;

constexpr const char *help_text =
    "usage: twoleg asn1 [FILE]\n"
    "Prints the DER tree of FILE (or standard input, also for '-'), one line per element:\n"
    "    <offset>:d=<depth> hl=<header length> l=<length> <tag>[: <value>]\n"
    "like 'openssl asn1parse -i', but strict: anything that is not DER (X.690 section 10) is\n"
    "refused with the reason and its byte offset. The input is PEM if it has a '-----BEGIN '\n"
    "line (the first block is shown; offsets are then offsets in its decoded DER), otherwise DER.\n"
    "Values: INTEGER in hex with its bit count, OBJECT IDENTIFIER dotted with the name of\n"
    "well-known ones, strings and times as text, BIT and OCTET STRING by size (not descended into).\n"
    "Input is limited to 4 MiB; nesting to 32 levels.\n"
    "Exit status: 0 success, 2 usage error, 3 invalid input, 4 I/O error.\n";

} // namespace

int run_asn1(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"help"}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help_text, stdout);
        return exit_ok;
    }
    if (args.positional.size() > 1) fail_usage("asn1 takes at most one FILE");
    const std::string path = args.positional.empty() ? std::string("-") : args.positional[0];
    const std::string shown = path == "-" ? std::string("standard input") : path;

    const std::vector<std::uint8_t> input = read_input(path, asn1_max_input_bytes);
    const std::string_view text(reinterpret_cast<const char *>(input.data()), input.size());

    std::string tree;
    if (looks_like_json(text))
        fail(exit_invalid_input, shown + ": this is JSON, not DER or PEM; 'twoleg inspect " +
                                     (path == "-" ? std::string("-") : path) +
                                     "' reads key files, including service-account JSON files");
    if (looks_like_pem(text)) {
        const pem_block block = take(pem_decode(text), shown);
        tree = take(asn1_dump(block.der), shown + " (DER inside the PEM block '" + block.label + "')");
    } else {
        tree = take(asn1_dump(input), shown);
    }
    write_output(std::nullopt, tree);
    return exit_ok;
}

} // namespace twoleg::cli
