// Implements codec/hash.hpp: a dispatch over the five hashes by value.
#include "codec/hash.hpp"

#include <cstring>
#include <new>
#include <type_traits>

#include "core/wipe.hpp"

namespace twoleg::detail {

static_assert(std::is_trivially_copyable_v<sha1> && std::is_trivially_copyable_v<sha224> &&
                  std::is_trivially_copyable_v<sha256> && std::is_trivially_copyable_v<sha384> &&
                  std::is_trivially_copyable_v<sha512>,
              "any_hash copies and wipes its state as bytes");

const char *hash_name(hash_algorithm a) noexcept
{
    switch (a) {
    case hash_algorithm::sha1: return "SHA-1";
    case hash_algorithm::sha224: return "SHA-224";
    case hash_algorithm::sha256: return "SHA-256";
    case hash_algorithm::sha384: return "SHA-384";
    case hash_algorithm::sha512: return "SHA-512";
    }
    return "unknown hash";
}

any_hash::any_hash(hash_algorithm a) noexcept : algorithm_(a)
{
    switch (a) {
    case hash_algorithm::sha1: new (&state_.s1) sha1(); break;
    case hash_algorithm::sha224: new (&state_.s224) sha224(); break;
    case hash_algorithm::sha256: new (&state_.s256) sha256(); break;
    case hash_algorithm::sha384: new (&state_.s384) sha384(); break;
    case hash_algorithm::sha512: new (&state_.s512) sha512(); break;
    }
}

any_hash::any_hash(const any_hash &other) noexcept : algorithm_(other.algorithm_)
{
    std::memcpy(static_cast<void *>(&state_), static_cast<const void *>(&other.state_), sizeof state_);
}

any_hash &any_hash::operator=(const any_hash &other) noexcept
{
    if (this != &other) {
        algorithm_ = other.algorithm_;
        std::memcpy(static_cast<void *>(&state_), static_cast<const void *>(&other.state_), sizeof state_);
    }
    return *this;
}

any_hash::~any_hash() { secure_wipe(static_cast<void *>(&state_), sizeof state_); }

void any_hash::update(std::span<const std::uint8_t> data) noexcept
{
    switch (algorithm_) {
    case hash_algorithm::sha1: state_.s1.update(data); break;
    case hash_algorithm::sha224: state_.s224.update(data); break;
    case hash_algorithm::sha256: state_.s256.update(data); break;
    case hash_algorithm::sha384: state_.s384.update(data); break;
    case hash_algorithm::sha512: state_.s512.update(data); break;
    }
}

namespace {
template <class Digest>
std::size_t copy_out(Digest d, std::span<std::uint8_t> out) noexcept
{
    std::memcpy(out.data(), d.data(), d.size());
    secure_wipe(std::span<std::uint8_t>(d)); // the digest may be a key (HMAC's inner hash, a KDF block)
    return d.size();
}
} // namespace

std::size_t any_hash::finish(std::span<std::uint8_t> out) noexcept
{
    if (out.size() < size()) return 0;
    switch (algorithm_) {
    case hash_algorithm::sha1: return copy_out(state_.s1.finish(), out);
    case hash_algorithm::sha224: return copy_out(state_.s224.finish(), out);
    case hash_algorithm::sha256: return copy_out(state_.s256.finish(), out);
    case hash_algorithm::sha384: return copy_out(state_.s384.finish(), out);
    case hash_algorithm::sha512: return copy_out(state_.s512.finish(), out);
    }
    return 0;
}

std::size_t hash_oneshot(hash_algorithm a, std::span<const std::uint8_t> data, std::span<std::uint8_t> out) noexcept
{
    any_hash h(a);
    if (out.size() < h.size()) return 0;
    h.update(data);
    return h.finish(out);
}

} // namespace twoleg::detail
