// Implements keys/any_private_key.hpp: the algorithm is read from the
// structure (key_formats.hpp / ec_key_formats.hpp), then the one reader runs.
#include "keys/any_private_key.hpp"

#include <utility>

#include "twoleg/ec_key_formats.hpp"
#include "twoleg/key_formats.hpp"

namespace twoleg::detail {

namespace {

result<any_private_key> from_rsa(result<rsa_private_key> k)
{
    if (!k) return k.err();
    any_private_key out;
    out.rsa = std::move(*k);
    return out;
}

result<any_private_key> from_ec(result<ec_private_key> k)
{
    if (!k) return k.err();
    any_private_key out;
    out.ec = std::move(*k);
    return out;
}

} // namespace

std::vector<std::uint8_t> any_private_key::public_spki_der() const
{
    if (ec) return ec->public_key().spki_der();
    if (rsa) return rsa->public_key().spki_der();
    return {};
}

result<any_private_key> parse_any_private_key_info(std::span<const std::uint8_t> der)
{
    if (pkcs8_names_ec_key(der)) return from_ec(parse_pkcs8_ec_private_key(der));
    return from_rsa(parse_pkcs8_private_key(der));
}

result<any_private_key> parse_traditional_private_key(traditional_key kind, std::span<const std::uint8_t> der)
{
    if (kind == traditional_key::ec_sec1) return from_ec(parse_sec1_ec_private_key(der));
    return from_rsa(parse_pkcs1_private_key(der));
}

result<std::vector<std::uint8_t>> certificate_spki_der(std::span<const std::uint8_t> der)
{
    if (certificate_names_ec_key(der)) {
        auto k = parse_certificate_ec_public_key(der);
        if (!k) return k.err();
        return k->spki_der();
    }
    auto k = parse_certificate_public_key(der);
    if (!k) return k.err();
    return k->spki_der();
}

} // namespace twoleg::detail
