#include "twoleg_keys.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

namespace bench {

const twoleg::rsa_private_key &twoleg_key_for(int bits)
{
    static std::mutex lock;
    static std::map<int, twoleg::rsa_private_key> keys;
    const bench_key &key = key_for(bits);
    std::lock_guard<std::mutex> guard(lock);
    auto &slot = keys[bits];
    if (slot.empty()) {
        const auto &c = key.components;
        auto made = twoleg::rsa_private_key::from_components({c.n, c.e, c.d, c.p, c.q, c.dp, c.dq, c.qinv});
        if (!made) {
            std::fprintf(stderr, "twoleg bench: twoleg refuses the %d-bit key: %s\n", bits,
                         made.err().message().c_str());
            std::exit(2);
        }
        slot = *made;
    }
    return slot;
}

} // namespace bench
