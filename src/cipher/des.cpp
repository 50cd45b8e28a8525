// Implements cipher/des.hpp from FIPS 46-3 (the DES algorithm, its tables
// and key schedule) and NIST SP 800-67 §3 (TDEA: E_K3(D_K2(E_K1(x)))).
//
// Bits are numbered as in FIPS 46-3: bit 1 is the most significant bit of
// the first byte. All permutations loop over fixed tables of public
// positions; each S-box entry is chosen by masked selects (see des.hpp).
#include "cipher/des.hpp"

#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

// FIPS 46-3: initial permutation IP.
constexpr std::uint8_t ip_table[64] = {
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6,
    64, 56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9,  1, 59, 51, 43, 35, 27, 19, 11, 3,
    61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
};
// The permutation P of the cipher function f.
constexpr std::uint8_t p_table[32] = {16, 7, 20, 21, 29, 12, 28, 17, 1,  15, 23, 26, 5,  18, 31, 10,
                                      2,  8, 24, 14, 32, 27, 3,  9,  19, 13, 30, 6,  22, 11, 4,  25};
// Key schedule: permuted choices 1 and 2, and the left shifts per iteration.
constexpr std::uint8_t pc1_table[56] = {
    57, 49, 41, 33, 25, 17, 9,  1,  58, 50, 42, 34, 26, 18, 10, 2,  59, 51, 43, 35, 27,
    19, 11, 3,  60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7,  62, 54, 46, 38, 30, 22,
    14, 6,  61, 53, 45, 37, 29, 21, 13, 5,  28, 20, 12, 4,
};
constexpr std::uint8_t pc2_table[48] = {
    14, 17, 11, 24, 1,  5,  3,  28, 15, 6,  21, 10, 23, 19, 12, 4,  26, 8,  16, 7,  27, 20, 13, 2,
    41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
};
constexpr std::uint8_t shifts[16] = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};

// S1..S8 as FIPS 46-3 prints them, one box a line: each of a box's four
// rows as its sixteen entries in hexadecimal (row r, column c: character c of
// string r). Every row is a permutation of 0..F (checked below).
constexpr const char *s_box_rows[8][4] = {
    {"E4D12FB83A6C5907", "0F74E2D1A6CB9538", "41E8D62BFC973A50", "FC8249175B3EA06D"},  // S1
    {"F18E6B34972DC05A", "3D47F28EC01A69B5", "0E7BA4D158C6932F", "D8A13F42B67C05E9"},  // S2
    {"A09E63F51DC7B428", "D709346A285ECBF1", "D6498F30B12C5AE7", "1AD069874FE3B52C"},  // S3
    {"7DE3069A1285BC4F", "D8B56F03472C1AE9", "A690CB7DF13E5284", "3F06A1D8945BC72E"},  // S4
    {"2C417AB6853FD0E9", "EB2C47D150FA3986", "421BAD78F9C5630E", "B8C71E2D6F09A453"},  // S5
    {"C1AF92680D34E75B", "AF427C9561DE0B38", "9EF528C3704A1DB6", "432C95FABE17608D"},  // S6
    {"4B2EF08D3C975A61", "D0B7491AE35C2F86", "14BDC37EAF680592", "6BD814A7950FE23C"},  // S7
    {"D2846FB1A93E50C7", "1FD8A374C56B0E92", "7B419CE206ADF358", "21E74A8DFC90356B"},  // S8
};

constexpr unsigned hex_value(char c) { return c <= '9' ? unsigned(c - '0') : unsigned(c - 'A' + 10); }
constexpr unsigned s_box_entry(int box, unsigned row, unsigned column)
{
    return hex_value(s_box_rows[box][row][column]);
}

constexpr bool rows_are_permutations()
{
    for (const auto &box : s_box_rows)
        for (const char *row : box) {
            unsigned seen = 0, length = 0;
            for (; row[length] != '\0'; ++length) {
                const char c = row[length];
                if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
                seen |= 1u << hex_value(c);
            }
            if (length != 16 || seen != 0xffff) return false;
        }
    return true;
}
static_assert(rows_are_permutations(), "each S-box row holds the sixteen digits 0..F once");

// Each S-box as four words of sixteen 4-bit entries, indexed by the 6-bit
// input b1..b6 itself (row b1b6, column b2b3b4b5): entry v at word v / 16,
// bits 4(v % 16) .. 4(v % 16) + 3.
struct packed_boxes {
    std::uint64_t words[8][4] = {};
};
constexpr packed_boxes pack_boxes()
{
    packed_boxes p;
    for (int box = 0; box < 8; ++box)
        for (unsigned v = 0; v < 64; ++v) {
            const unsigned row = ((v >> 4) & 2u) | (v & 1u), column = (v >> 1) & 15u;
            p.words[box][v / 16] |= std::uint64_t{s_box_entry(box, row, column)} << (4 * (v % 16));
        }
    return p;
}
constexpr packed_boxes boxes = pack_boxes();

inline std::uint64_t mask_of_bit(std::uint64_t v, unsigned bit) noexcept { return 0 - ((v >> bit) & 1u); }
inline std::uint64_t select(std::uint64_t mask, std::uint64_t if_set, std::uint64_t if_clear) noexcept
{
    return (if_set & mask) | (if_clear & ~mask);
}

// S-box `box` at the secret 6-bit input v, with selects only: the top two
// bits choose a word, the low four halve it down to one entry.
inline std::uint32_t s_box(int box, std::uint64_t v) noexcept
{
    const std::uint64_t *w = boxes.words[box];
    const std::uint64_t m5 = mask_of_bit(v, 5);
    std::uint64_t x = select(mask_of_bit(v, 4), select(m5, w[3], w[1]), select(m5, w[2], w[0]));
    x = select(mask_of_bit(v, 3), x >> 32, x);
    x = select(mask_of_bit(v, 2), x >> 16, x);
    x = select(mask_of_bit(v, 1), x >> 8, x);
    x = select(mask_of_bit(v, 0), x >> 4, x);
    return static_cast<std::uint32_t>(x & 0xf);
}

// Output bit i (1-based, most significant first, of out_bits) is input bit
// table[i - 1] (1-based, of in_bits).
template <std::size_t N>
inline std::uint64_t permute(std::uint64_t in, unsigned in_bits, const std::uint8_t (&table)[N]) noexcept
{
    std::uint64_t out = 0;
    for (std::uint8_t from : table) out = (out << 1) | ((in >> (in_bits - from)) & 1u);
    return out;
}

// IP^-1, as the inverse of ip_table.
struct final_table {
    std::uint8_t t[64] = {};
};
constexpr final_table invert_ip()
{
    final_table f;
    for (int i = 0; i < 64; ++i) f.t[ip_table[i] - 1] = static_cast<std::uint8_t>(i + 1);
    return f;
}
constexpr final_table fp = invert_ip();

// The cipher function f(R, K): E, ⊕ K, S-boxes, P. E takes the six bits
// around each four-bit group of R circularly; with R framed as
// x = R32 R1..R32 R1 (34 bits), group j is x's bits 4j+1 .. 4j+6.
inline std::uint32_t f(std::uint32_t r, std::uint64_t k) noexcept
{
    const std::uint64_t x = (std::uint64_t{r & 1u} << 33) | (std::uint64_t{r} << 1) | (r >> 31);
    std::uint64_t s = 0;
    for (int j = 0; j < 8; ++j) {
        const std::uint64_t six = ((x >> (28 - 4 * j)) ^ (k >> (42 - 6 * j))) & 0x3f;
        s = (s << 4) | s_box(j, six);
    }
    return static_cast<std::uint32_t>(permute(s, 32, p_table));
}

inline std::uint64_t load_be64(const std::uint8_t *p) noexcept
{
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
    return v;
}

inline void store_be64(std::uint64_t v, std::uint8_t *p) noexcept
{
    for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

void key_schedule(const std::uint8_t *key, std::uint64_t round_keys[16]) noexcept
{
    const std::uint64_t cd = permute(load_be64(key), 64, pc1_table);
    std::uint32_t c = static_cast<std::uint32_t>(cd >> 28), d = static_cast<std::uint32_t>(cd & 0xfffffff);
    for (int i = 0; i < 16; ++i) {
        for (int s = 0; s < shifts[i]; ++s) {
            c = ((c << 1) | (c >> 27)) & 0xfffffff;
            d = ((d << 1) | (d >> 27)) & 0xfffffff;
        }
        round_keys[i] = permute((std::uint64_t{c} << 28) | d, 56, pc2_table);
    }
    c = d = 0;
}

// One DES pass; decryption runs the same with the keys in reverse order.
std::uint64_t des_pass(std::uint64_t block, const std::uint64_t round_keys[16], bool decrypt) noexcept
{
    const std::uint64_t permuted = permute(block, 64, ip_table);
    std::uint32_t l = static_cast<std::uint32_t>(permuted >> 32), r = static_cast<std::uint32_t>(permuted);
    for (int i = 0; i < 16; ++i) {
        const std::uint32_t next = l ^ f(r, round_keys[decrypt ? 15 - i : i]);
        l = r;
        r = next;
    }
    // The preoutput is R16 L16.
    return permute((std::uint64_t{r} << 32) | l, 64, fp.t);
}

} // namespace

des::~des() { clear(); }

void des::clear() noexcept
{
    secure_wipe(round_keys_, sizeof round_keys_);
    passes_ = 0;
}

bool des::set_key(std::span<const std::uint8_t> key) noexcept
{
    clear();
    switch (key.size()) {
    case 8:
        key_schedule(key.data(), round_keys_[0]);
        passes_ = 1;
        return true;
    case 16: // two-key TDEA: K3 = K1
        key_schedule(key.data(), round_keys_[0]);
        key_schedule(key.data() + 8, round_keys_[1]);
        key_schedule(key.data(), round_keys_[2]);
        passes_ = 3;
        return true;
    case 24:
        for (int i = 0; i < 3; ++i) key_schedule(key.data() + 8 * i, round_keys_[i]);
        passes_ = 3;
        return true;
    default: return false;
    }
}

void des::encrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept
{
    std::uint64_t x = load_be64(in);
    if (passes_ == 1) {
        x = des_pass(x, round_keys_[0], false);
    } else {
        x = des_pass(x, round_keys_[0], false);
        x = des_pass(x, round_keys_[1], true);
        x = des_pass(x, round_keys_[2], false);
    }
    store_be64(x, out);
}

void des::decrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept
{
    std::uint64_t x = load_be64(in);
    if (passes_ == 1) {
        x = des_pass(x, round_keys_[0], true);
    } else {
        x = des_pass(x, round_keys_[2], true);
        x = des_pass(x, round_keys_[1], false);
        x = des_pass(x, round_keys_[0], true);
    }
    store_be64(x, out);
}

} // namespace twoleg::detail
