// Internal: overwriting secrets so that the compiler keeps the stores.
//
// secure_wipe is the one way twoleg clears key material, passwords, derived
// keys, nonces and scratch that held them. It accepts an empty range (whose
// data() may be null) and does nothing then; otherwise it writes zeros through
// memset followed by a compiler barrier that makes the stores observable, so
// they are not removed as dead even when the object dies right after.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace twoleg::detail {

/// Overwrites n bytes at p with zeros; p may be null when n is 0.
void secure_wipe(void *p, std::size_t n) noexcept;

/// Overwrites every element of a span of trivially copyable values.
template <class T>
    requires std::is_trivially_copyable_v<T>
void secure_wipe(std::span<T> s) noexcept
{
    secure_wipe(static_cast<void *>(s.data()), s.size_bytes());
}

/// Overwrites a vector's elements (its size is kept; call clear() after if wanted).
template <class T>
    requires std::is_trivially_copyable_v<T>
void secure_wipe(std::vector<T> &v) noexcept
{
    secure_wipe(static_cast<void *>(v.data()), v.size() * sizeof(T));
}

/// Overwrites a string's characters, including those of a short-string buffer.
inline void secure_wipe(std::string &s) noexcept { secure_wipe(static_cast<void *>(s.data()), s.size()); }

/// Wipes a vector or string when it goes out of scope.
template <class Container>
class wipe_on_exit {
  public:
    explicit wipe_on_exit(Container &c) noexcept : c_(c) {}
    ~wipe_on_exit() { secure_wipe(c_); }
    wipe_on_exit(const wipe_on_exit &) = delete;
    wipe_on_exit &operator=(const wipe_on_exit &) = delete;

  private:
    Container &c_;
};

} // namespace twoleg::detail
