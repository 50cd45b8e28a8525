// Implements mulx_kernel (src/rsa/mont_kernel.hpp): the mulx/adx Montgomery
// kernel behind modexp_ct, multiplication and squaring fully unrolled for a
// fixed limb count (a multiple of 8), and its masked table scans. The ladders
// that drive it are in mont_ladder.hpp.
//
// Representation: "almost Montgomery" values x < R = 2^(64N), not necessarily
// < m. For a, b < R, t = (a·b + q·m) / R < R + m; when t overflows R (a carry
// out of the top limb) m is subtracted with a mask, so the result is again
// < R. No comparison with m happens inside the exponentiation; the exit
// multiplication by 1 yields a value ≤ m (= m only for x ≡ 0), and one masked
// subtraction makes it < m.
//
// Products: 8×8-limb blocks whose products are added on two independent carry
// chains (mulx, adcx for low halves, adox for high halves) into a register
// window (the multiplication, and the reduction of every double-length value).
// The square's cross products use the same blocks (one triangle per diagonal
// block, full blocks above it), summed once, then doubled in one pass that
// adds the squares a_i².
//
// Only the limb count steers branches and addresses.

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <utility>

#include "rsa/mont_kernel.hpp"
#include "core/env.hpp"

// g++'s AddressSanitizer instrumentation keeps a frame pointer, and the block
// kernels need every other general-purpose register, so g++ cannot allocate
// their asm operands there ("impossible constraints"). In that configuration
// (and off x86-64) the kernel is left out: mulx_modexp_kernel() returns null
// and modexp_ct uses GMP's mpn_sec_powm. clang's sanitizer builds keep it.
// Unoptimised builds (-O0, e.g. meson's buildtype=debug) leave it out too:
// without register allocation across statements neither compiler can satisfy
// the asm operands.
#if defined(__x86_64__) && defined(__OPTIMIZE__) && \
    !(defined(__SANITIZE_ADDRESS__) && !defined(__clang__))
#define TWOLEG_HAVE_MULX_KERNEL 1
#else
#define TWOLEG_HAVE_MULX_KERNEL 0
#endif

#if TWOLEG_HAVE_MULX_KERNEL
#include <immintrin.h>
#endif

namespace twoleg::detail {

#if TWOLEG_HAVE_MULX_KERNEL

namespace {

using limb = mp_limb_t;
static_assert(sizeof(limb) == 8, "the mulx kernel works on 64-bit limbs");

#define TWOLEG_MULX_TARGET __attribute__((target("bmi2,adx")))
#define TWOLEG_INLINE inline __attribute__((always_inline))

template <std::size_t Begin, std::size_t End, typename F>
TWOLEG_INLINE void static_for(F &&f)
{
    if constexpr (Begin < End) {
        f(std::integral_constant<std::size_t, Begin>{});
        static_for<Begin + 1, End>(f);
    }
}

// r = x − m·carry mod 2^(64N) (carry is 0 or 1), without a branch. The masked
// modulus is formed first: an and between the sbb would clobber the borrow,
// which g++ then saves and restores limb by limb (setb, add), a long serial
// chain at the end of every product.
template <std::size_t N>
TWOLEG_INLINE void subtract_if(limb *r, const limb *x, const limb *m, limb carry)
{
    const limb mask = 0 - carry;
    limb masked[N];
    static_for<0, N>([&](auto I) __attribute__((always_inline)) { masked[I] = m[I] & mask; });
    unsigned char borrow = 0;
    static_for<0, N>([&](auto I) __attribute__((always_inline)) {
        unsigned long long d;
        borrow = _subborrow_u64(borrow, x[I], masked[I], &d);
        r[I] = d;
    });
}

// ---- 8×8 blocks with two carry chains ----
//
// Summing products by columns spends three additions per product on one carry
// chain. The block form below adds each product's low half on the CF chain (adcx) and
// its high half on the OF chain (adox), so the two chains run side by side and
// a product costs mulx + adcx + adox. A window of registers slides over the
// 16-limb span of an 8×8 block; memory holds the rest of the 2N+1-limb
// double-length value T.
//
// Bound used throughout: a window of eight arbitrary limbs plus one fresh zero
// limb, plus an 8-limb × 1-limb product, fits in nine limbs
// ((2^512 − 1) + (2^512 − 1)(2^64 − 1) < 2^576), so no carry leaves the window
// during a row. The window needs only eight registers: the lowest limb is final
// right after the row's first product, is stored, and its register becomes the
// fresh top (mov $0 leaves the flags alone). This leaves a register free for a
// frame pointer, which clang needs.

constexpr limb zero_limb = 0;

#define TWOLEG_S(x) #x
#define TWOLEG_MAC(x, lo_reg, hi_reg)                                                   \
    "mulxq 8*" TWOLEG_S(x) "(%[X]), %[lo], %[hi]\n\t"                                 \
    "adcxq %[lo], %[" #lo_reg "]\n\t"                                                  \
    "adoxq %[hi], %[" #hi_reg "]\n\t"
// Product x of a row only when x > after: the assembler's .if drops the others
// while assembling, so a shorter row costs nothing at run time.
#define TWOLEG_MAC_AFTER(after, x, lo_reg, hi_reg)                                      \
    ".if " TWOLEG_S(x) " > " TWOLEG_S(after) "\n\t" TWOLEG_MAC(x, lo_reg, hi_reg) ".endif\n\t"
// Products after+1..7 of a row and the closing carry; a0 is the fresh top by
// now. The row's sum fits in the window, so both chains end with no carry: CF
// and OF are clear for the next row (the first row of an asm block clears them
// with an xor). Zeros come from memory ([zero]) to keep the ALUs free.
#define TWOLEG_ROW_AFTER(after, a0, a1, a2, a3, a4, a5, a6, a7)                         \
    TWOLEG_MAC_AFTER(after, 1, a1, a2) TWOLEG_MAC_AFTER(after, 2, a2, a3)               \
    TWOLEG_MAC_AFTER(after, 3, a3, a4) TWOLEG_MAC_AFTER(after, 4, a4, a5)               \
    TWOLEG_MAC_AFTER(after, 5, a5, a6) TWOLEG_MAC_AFTER(after, 6, a6, a7)               \
    TWOLEG_MAC_AFTER(after, 7, a7, a0) "adcxq %[zero], %[" #a0 "]\n\t"
// Row y of T[off..) += X·Y (rdx = Y[y]): a0 holds position off+y, which is
// stored after the first product.
#define TWOLEG_ROW(y, a0, a1, a2, a3, a4, a5, a6, a7)                                   \
    "movq 8*" TWOLEG_S(y) "(%[Y]), %%rdx\n\t"                                          \
    TWOLEG_MAC(0, a0, a1)                                                               \
    "movq %[" #a0 "], 8*" TWOLEG_S(y) "(%[T])\n\t"                                     \
    "movq %[zero], %[" #a0 "]\n\t"                                                     \
    TWOLEG_ROW_AFTER(0, a0, a1, a2, a3, a4, a5, a6, a7)
// Row y of the first reduction block: q_y = a0·(−m⁻¹) goes to Q[y] and is the
// multiplier; a0 becomes zero and is not stored.
#define TWOLEG_QROW(y, a0, a1, a2, a3, a4, a5, a6, a7)                                  \
    "movq %[" #a0 "], %%rdx\n\t"                                                       \
    "imulq %[minv], %%rdx\n\t"                                                         \
    "movq %%rdx, 8*" TWOLEG_S(y) "(%[Q])\n\t"                                          \
    "testq %%rdx, %%rdx\n\t" /* imul left CF and OF undefined */                         \
    TWOLEG_MAC(0, a0, a1)                                                               \
    "movq %[zero], %[" #a0 "]\n\t"                                                     \
    TWOLEG_ROW_AFTER(0, a0, a1, a2, a3, a4, a5, a6, a7)
// The eight rows of a block, each on the window rotated by one register.
#define TWOLEG_EIGHT_ROWS_OF(ROW)                                                       \
    ROW(0, w0, w1, w2, w3, w4, w5, w6, w7) ROW(1, w1, w2, w3, w4, w5, w6, w7, w0)       \
    ROW(2, w2, w3, w4, w5, w6, w7, w0, w1) ROW(3, w3, w4, w5, w6, w7, w0, w1, w2)       \
    ROW(4, w4, w5, w6, w7, w0, w1, w2, w3) ROW(5, w5, w6, w7, w0, w1, w2, w3, w4)       \
    ROW(6, w6, w7, w0, w1, w2, w3, w4, w5) ROW(7, w7, w0, w1, w2, w3, w4, w5, w6)
#define TWOLEG_LOAD_WINDOW                                                              \
    "movq 0(%[T]), %[w0]\n\t movq 8(%[T]), %[w1]\n\t movq 16(%[T]), %[w2]\n\t"      \
    "movq 24(%[T]), %[w3]\n\t movq 32(%[T]), %[w4]\n\t movq 40(%[T]), %[w5]\n\t"    \
    "movq 48(%[T]), %[w6]\n\t movq 56(%[T]), %[w7]\n\t"
// After eight rows positions off+8..off+15 sit in w0..w7: add them in, and the
// carry into T[off+16]; CF is then the carry out of that limb.
#define TWOLEG_ADD_WINDOW                                                               \
    "addq %[w0], 64(%[T])\n\t adcq %[w1], 72(%[T])\n\t adcq %[w2], 80(%[T])\n\t"    \
    "adcq %[w3], 88(%[T])\n\t adcq %[w4], 96(%[T])\n\t adcq %[w5], 104(%[T])\n\t"   \
    "adcq %[w6], 112(%[T])\n\t adcq %[w7], 120(%[T])\n\t adcq $0, 128(%[T])\n\t"
#define TWOLEG_WINDOW_OUTPUTS                                                           \
    [w0] "=&r"(w[0]), [w1] "=&r"(w[1]), [w2] "=&r"(w[2]), [w3] "=&r"(w[3]),             \
    [w4] "=&r"(w[4]), [w5] "=&r"(w[5]), [w6] "=&r"(w[6]), [w7] "=&r"(w[7]),             \
    [lo] "=&r"(lo), [hi] "=&r"(hi)

// T[0..17) += X·Y for 8-limb X and Y (T[16] receives the carry); returns the
// carry out of T[16].
TWOLEG_INLINE bool block_accumulate(limb *t, const limb *x, const limb *y)
{
    limb w[8], lo, hi;
    bool carry;
    asm volatile(TWOLEG_LOAD_WINDOW
                 "xorl %k[lo], %k[lo]\n\t"
                 TWOLEG_EIGHT_ROWS_OF(TWOLEG_ROW)
                 TWOLEG_ADD_WINDOW
                 : TWOLEG_WINDOW_OUTPUTS, "=@ccc"(carry)
                 : [T] "r"(t), [X] "r"(x), [Y] "r"(y), [zero] "m"(zero_limb)
                 : "rdx", "memory");
    return carry;
}

// ---- The reduction, one sweep per row block ----
//
// Row block `row` (offset o = 8·row) multiplies q_{o..o+8) by all of m. Its
// blocks run left to right with the register window carried from one block to
// the next: after a block's eight rows the window holds positions off+8..off+15,
// which are exactly the limbs the next block starts from, so instead of storing
// them and loading them again the next block adds T[off+8..off+16) into the
// window. The carry of that addition belongs at off+16, which is the lowest
// limb of the window again after the next block's rows: it is kept (0 or 1, in
// `carry`) and enters the following addition as its carry in. No carry is
// propagated through memory; the row block's last window is added to
// T[o+N..o+N+8) together with the carry still pending at o+N and the carry
// count `top` left at o+N by the previous row block (a small integer, ≤ 2:
// window + T + 1 + 2 < 3·2^512).

// The window w0..w7 (positions off..off+7) += T[off..off+8) + carry; carry =
// the carry out (position off+8). Then the block's rows T[off..) += X·Y. (Two
// asm statements: one with every operand would need more registers than
// clang's sanitizer builds leave.)
TWOLEG_INLINE void block_rows(limb (&w)[8], limb *t, const limb *x, const limb *y);
TWOLEG_INLINE void block_sweep(limb (&w)[8], limb *t, const limb *x, const limb *y, limb &carry)
{
    asm volatile("btq $0, %[carry]\n\t"
                 "movq $0, %[carry]\n\t"
                 "adcq 0(%[T]), %[w0]\n\t adcq 8(%[T]), %[w1]\n\t adcq 16(%[T]), %[w2]\n\t"
                 "adcq 24(%[T]), %[w3]\n\t adcq 32(%[T]), %[w4]\n\t adcq 40(%[T]), %[w5]\n\t"
                 "adcq 48(%[T]), %[w6]\n\t adcq 56(%[T]), %[w7]\n\t"
                 "adcq $0, %[carry]\n\t"
                 : [w0] "+r"(w[0]), [w1] "+r"(w[1]), [w2] "+r"(w[2]), [w3] "+r"(w[3]),
                   [w4] "+r"(w[4]), [w5] "+r"(w[5]), [w6] "+r"(w[6]), [w7] "+r"(w[7]),
                   [carry] "+r"(carry)
                 : [T] "r"(t)
                 : "cc", "memory");
    block_rows(w, t, x, y);
}

// The first block of a row block: the window is loaded from T[0..8), the q
// rows leave positions 8..15 in w0..w7 (nothing is stored but Q).
TWOLEG_INLINE void block_sweep_first(limb (&w)[8], limb *t, const limb *m, limb *q, const limb &m_inv)
{
    limb lo, hi;
    asm volatile(TWOLEG_LOAD_WINDOW
                 "xorl %k[lo], %k[lo]\n\t"
                 TWOLEG_EIGHT_ROWS_OF(TWOLEG_QROW)
                 : TWOLEG_WINDOW_OUTPUTS
                 : [T] "r"(t), [X] "r"(m), [Q] "r"(q), [minv] "m"(m_inv), [zero] "m"(zero_limb)
                 : "rdx", "cc", "memory");
}

// T[0..8) += window + carry + top; top = the carry count out of T[7] (≤ 2).
TWOLEG_INLINE void block_sweep_last(const limb (&w)[8], limb *t, limb carry, limb &top)
{
    limb x0 = w[0], x1 = w[1], x2 = w[2], x3 = w[3], x4 = w[4], x5 = w[5], x6 = w[6], x7 = w[7];
    asm volatile("btq $0, %[carry]\n\t"
                 "adcq 0(%[T]), %[x0]\n\t adcq 8(%[T]), %[x1]\n\t adcq 16(%[T]), %[x2]\n\t"
                 "adcq 24(%[T]), %[x3]\n\t adcq 32(%[T]), %[x4]\n\t adcq 40(%[T]), %[x5]\n\t"
                 "adcq 48(%[T]), %[x6]\n\t adcq 56(%[T]), %[x7]\n\t"
                 "movq $0, %[carry]\n\t"
                 "adcq $0, %[carry]\n\t"
                 "addq %[top], %[x0]\n\t adcq $0, %[x1]\n\t adcq $0, %[x2]\n\t adcq $0, %[x3]\n\t"
                 "adcq $0, %[x4]\n\t adcq $0, %[x5]\n\t adcq $0, %[x6]\n\t adcq $0, %[x7]\n\t"
                 "adcq $0, %[carry]\n\t"
                 "movq %[x0], 0(%[T])\n\t movq %[x1], 8(%[T])\n\t movq %[x2], 16(%[T])\n\t"
                 "movq %[x3], 24(%[T])\n\t movq %[x4], 32(%[T])\n\t movq %[x5], 40(%[T])\n\t"
                 "movq %[x6], 48(%[T])\n\t movq %[x7], 56(%[T])\n\t"
                 : [x0] "+&r"(x0), [x1] "+&r"(x1), [x2] "+&r"(x2), [x3] "+&r"(x3), [x4] "+&r"(x4),
                   [x5] "+&r"(x5), [x6] "+&r"(x6), [x7] "+&r"(x7), [carry] "+&r"(carry)
                 : [T] "r"(t), [top] "r"(top)
                 : "cc", "memory");
    top = carry;
}

// Montgomery reduction of T (2N+1 limbs, T < R², overwritten):
// r = T / R mod m, almost reduced (< R). T + q·m < R² + R·m < 2R², so its top
// limb (the last row block's carry count) is 0 or 1.
template <std::size_t N>
TWOLEG_INLINE void reduce_blocks(limb *r, limb *t, const limb *m, limb m_inv)
{
    constexpr std::size_t B = N / 8;
    limb q[N];
    limb top = 0;
    static_for<0, B>([&](auto Row) __attribute__((always_inline)) {
        constexpr std::size_t o = 8 * Row;
        limb w[8];
        limb carry = 0;
        block_sweep_first(w, t + o, m, q + o, m_inv);
        static_for<1, B>([&](auto Chunk) __attribute__((always_inline)) {
            constexpr std::size_t off = o + 8 * Chunk;
            block_sweep(w, t + off, m + 8 * Chunk, q + o, carry);
        });
        block_sweep_last(w, t + o + N, carry, top);
    });
    subtract_if<N>(r, t + N, m, top);
}

#define TWOLEG_WINDOW_INOUT                                                             \
    [w0] "+&r"(w[0]), [w1] "+&r"(w[1]), [w2] "+&r"(w[2]), [w3] "+&r"(w[3]),             \
    [w4] "+&r"(w[4]), [w5] "+&r"(w[5]), [w6] "+&r"(w[6]), [w7] "+&r"(w[7]),             \
    [lo] "=&r"(lo), [hi] "=&r"(hi)

// The rows of one block, T[0..) += X·Y, on the window w0..w7 (positions 0..7,
// left holding 8..15); positions 0..7 are stored.
TWOLEG_INLINE void block_rows(limb (&w)[8], limb *t, const limb *x, const limb *y)
{
    limb lo, hi;
    asm volatile("xorl %k[lo], %k[lo]\n\t" TWOLEG_EIGHT_ROWS_OF(TWOLEG_ROW)
                 : TWOLEG_WINDOW_INOUT
                 : [T] "r"(t), [X] "r"(x), [Y] "r"(y), [zero] "m"(zero_limb)
                 : "rdx", "cc", "memory");
}

// r = a·b / R mod m, almost reduced (< R). r may alias a or b (read first).
template <std::size_t N>
TWOLEG_MULX_TARGET void montgomery_multiply_blocks(limb *r, const limb *a, const limb *b, const limb *m,
                                                   limb m_inv) noexcept
{
    static_assert(N % 8 == 0);
    constexpr std::size_t B = N / 8;
    alignas(16) limb t[2 * N + 2];
    // explicit stores: g++ makes the loop a rep stos, slow to start
    static_for<0, N + 1>([&](auto I) __attribute__((always_inline)) {
        _mm_store_si128(reinterpret_cast<__m128i *>(t) + I, _mm_setzero_si128());
    });
    // Blocks by increasing diagonal: the carry of a block goes into the limb
    // just above its span, which only blocks of the same diagonal have touched
    // (at most B carries), so it never overflows.
    static_for<0, 2 * B - 1>([&](auto D) __attribute__((always_inline)) {
        constexpr std::size_t d = D;
        constexpr std::size_t first = d >= B ? d - B + 1 : 0;
        constexpr std::size_t last = d < B ? d : B - 1;
        static_for<first, last + 1>([&](auto Row) __attribute__((always_inline)) {
            constexpr std::size_t row = Row;
            block_accumulate(t + 8 * d, a + 8 * (d - row), b + 8 * row);
        });
    });
    reduce_blocks<N>(r, t, m, m_inv);
}

// ---- The square: cross products by row blocks, then one doubling pass ----
//
// Row block r multiplies a[8r..8r+8) by a[8r+1..N): first the triangle of its
// own block (a_i·a_j, 8r ≤ i < j < 8r+8), then full 8×8 blocks, swept like the
// product's row blocks. The sum S of the cross products is < R²/2; one pass
// then forms 2S + Σ a_i²·2^(128i) with the doubling on the CF chain and the
// squares on the OF chain.

// Triangle row y (a0 = position y, stored, then the fresh top) adds
// X[y]·X[j]·2^(64(y+j)) for j = y+1..7: a row with only the products after y.
// xorl zeroes the fresh top and clears CF and OF.
#define TWOLEG_TRI_ROW(y, a0, a1, a2, a3, a4, a5, a6, a7)                               \
    "movq 8*" TWOLEG_S(y) "(%[X]), %%rdx\n\t"                                          \
    "movq %[" #a0 "], 8*" TWOLEG_S(y) "(%[T])\n\t"                                     \
    "xorl %k[" #a0 "], %k[" #a0 "]\n\t"                                                \
    TWOLEG_ROW_AFTER(y, a0, a1, a2, a3, a4, a5, a6, a7)

// The seven rows of a triangle (row 7 has no product above the diagonal).
#define TWOLEG_TRIANGLE_ROWS                                                            \
    TWOLEG_TRI_ROW(0, w0, w1, w2, w3, w4, w5, w6, w7)                                   \
    TWOLEG_TRI_ROW(1, w1, w2, w3, w4, w5, w6, w7, w0)                                   \
    TWOLEG_TRI_ROW(2, w2, w3, w4, w5, w6, w7, w0, w1)                                   \
    TWOLEG_TRI_ROW(3, w3, w4, w5, w6, w7, w0, w1, w2)                                   \
    TWOLEG_TRI_ROW(4, w4, w5, w6, w7, w0, w1, w2, w3)                                   \
    TWOLEG_TRI_ROW(5, w5, w6, w7, w0, w1, w2, w3, w4)                                   \
    TWOLEG_TRI_ROW(6, w6, w7, w0, w1, w2, w3, w4, w5)                                   \
    "movq %[w7], 56(%[T])\n\t"                                                          \
    "xorl %k[w7], %k[w7]\n\t"

// T[0..) += Σ_{i<j<8} X[i]·X[j]·2^(64(i+j)) on the window w0..w7 (positions
// 0..7, left holding 8..15); positions 0..7 are stored.
TWOLEG_INLINE void block_triangle(limb (&w)[8], limb *t, const limb *x)
{
    limb lo, hi;
    asm volatile(TWOLEG_TRIANGLE_ROWS
                 : TWOLEG_WINDOW_INOUT
                 : [T] "r"(t), [X] "r"(x), [zero] "m"(zero_limb)
                 : "rdx", "cc", "memory");
}

// T[0..17) += Σ_{i<j<8} X[i]·X[j]·2^(64(i+j)); returns nothing (callers order
// the blocks so that no carry leaves T[16]).
TWOLEG_INLINE void triangle_accumulate(limb *t, const limb *x)
{
    limb w[8], lo, hi;
    asm volatile(TWOLEG_LOAD_WINDOW
                 TWOLEG_TRIANGLE_ROWS
                 TWOLEG_ADD_WINDOW
                 : TWOLEG_WINDOW_OUTPUTS
                 : [T] "r"(t), [X] "r"(x), [zero] "m"(zero_limb)
                 : "rdx", "cc", "memory");
}

// T[2i], T[2i+1] = 2·T[2i..2i+2) + A[i]² for i = 8·b + j; the carries go on in
// CF (doubling) and OF (squares).
#define TWOLEG_DOUBLE_ADD_SQUARE(b, j)                                                  \
    "movq " #b "*64+" #j "*8(%[A]), %%rdx\n\t"                                        \
    "mulxq %%rdx, %[lo], %[hi]\n\t"                                                     \
    "movq " #b "*128+" #j "*16(%[T]), %[x0]\n\t"                                      \
    "movq " #b "*128+" #j "*16+8(%[T]), %[x1]\n\t"                                    \
    "adcxq %[x0], %[x0]\n\t"                                                            \
    "adcxq %[x1], %[x1]\n\t"                                                            \
    "adoxq %[lo], %[x0]\n\t"                                                            \
    "adoxq %[hi], %[x1]\n\t"                                                            \
    "movq %[x0], " #b "*128+" #j "*16(%[T])\n\t"                                      \
    "movq %[x1], " #b "*128+" #j "*16+8(%[T])\n\t"
#define TWOLEG_DOUBLE_ADD_SQUARE8(b)                                                    \
    TWOLEG_DOUBLE_ADD_SQUARE(b, 0) TWOLEG_DOUBLE_ADD_SQUARE(b, 1)                       \
    TWOLEG_DOUBLE_ADD_SQUARE(b, 2) TWOLEG_DOUBLE_ADD_SQUARE(b, 3)                       \
    TWOLEG_DOUBLE_ADD_SQUARE(b, 4) TWOLEG_DOUBLE_ADD_SQUARE(b, 5)                       \
    TWOLEG_DOUBLE_ADD_SQUARE(b, 6) TWOLEG_DOUBLE_ADD_SQUARE(b, 7)

// T[0..2N) = 2·T + Σ A[i]²·2^(128i); the result must fit in 2N limbs.
template <std::size_t N>
TWOLEG_INLINE void double_add_squares(limb *t, const limb *a)
{
    limb lo, hi, x0, x1;
#define TWOLEG_DAS_OPERANDS                                                             \
    : [lo] "=&r"(lo), [hi] "=&r"(hi), [x0] "=&r"(x0), [x1] "=&r"(x1)                   \
    : [T] "r"(t), [A] "r"(a)                                                            \
    : "rdx", "cc", "memory"
    if constexpr (N == 16)
        asm volatile("xorl %k[lo], %k[lo]\n\t" TWOLEG_DOUBLE_ADD_SQUARE8(0) TWOLEG_DOUBLE_ADD_SQUARE8(1)
                     TWOLEG_DAS_OPERANDS);
    else if constexpr (N == 24)
        asm volatile("xorl %k[lo], %k[lo]\n\t" TWOLEG_DOUBLE_ADD_SQUARE8(0) TWOLEG_DOUBLE_ADD_SQUARE8(1)
                     TWOLEG_DOUBLE_ADD_SQUARE8(2) TWOLEG_DAS_OPERANDS);
    else if constexpr (N == 32)
        asm volatile("xorl %k[lo], %k[lo]\n\t" TWOLEG_DOUBLE_ADD_SQUARE8(0) TWOLEG_DOUBLE_ADD_SQUARE8(1)
                     TWOLEG_DOUBLE_ADD_SQUARE8(2) TWOLEG_DOUBLE_ADD_SQUARE8(3) TWOLEG_DAS_OPERANDS);
    else
        static_assert(N == 16 || N == 24 || N == 32);
#undef TWOLEG_DAS_OPERANDS
}

// r = a·a / R mod m, almost reduced (< R). r may alias a.
template <std::size_t N>
TWOLEG_MULX_TARGET void montgomery_square_hybrid(limb *r, const limb *a, const limb *m, limb m_inv) noexcept
{
    static_assert(N % 8 == 0);
    constexpr std::size_t B = N / 8;
    alignas(16) limb t[2 * N + 2];
    if constexpr (N == 16) {
        // Two row blocks leave little to sweep: the blocks in diagonal order,
        // independent of each other, into a cleared T (no carry leaves a
        // block's T[16], as for the product).
        static_for<0, N>([&](auto I) __attribute__((always_inline)) {
            _mm_store_si128(reinterpret_cast<__m128i *>(t) + I, _mm_setzero_si128());
        });
        static_for<0, 2 * B - 1>([&](auto D) __attribute__((always_inline)) {
            constexpr std::size_t d = D;
            if constexpr (d % 2 == 0) triangle_accumulate(t + 8 * d, a + 4 * d);
            constexpr std::size_t first = d >= B ? d - B + 1 : 0;
            static_for<first, (d + 1) / 2>([&](auto I) __attribute__((always_inline)) {
                constexpr std::size_t i = I;
                block_accumulate(t + 8 * d, a + 8 * (d - i), a + 8 * i);
            });
        });
    } else {
        // Row blocks swept like the reduction's. The last sweep of row block
        // o > 0 adds into T[o+N..o+N+8), not written before: cleared here.
        for (std::size_t i = N + 8; i < 2 * N; ++i) t[i] = 0;
        limb top = 0;
        static_for<0, B>([&](auto Row) __attribute__((always_inline)) {
            constexpr std::size_t o = 8 * Row;
            limb w[8];
            limb carry = 0;
            if constexpr (o == 0) {
                for (auto &v : w) v = 0;
            } else {
                for (std::size_t i = 0; i < 8; ++i) w[i] = t[2 * o + i];
            }
            block_triangle(w, t + 2 * o, a + o);
            static_for<Row + 1, B>([&](auto Chunk) __attribute__((always_inline)) {
                constexpr std::size_t off = o + 8 * Chunk;
                if constexpr (o == 0)
                    block_rows(w, t + off, a + 8 * Chunk, a);
                else
                    block_sweep(w, t + off, a + 8 * Chunk, a + o, carry);
            });
            if constexpr (o == 0) {
                for (std::size_t i = 0; i < 8; ++i) t[N + i] = w[i];
            } else {
                block_sweep_last(w, t + o + N, carry, top);
            }
        });
    }
    // The cross products' sum is < R²/2: the last carry count is 0.
    double_add_squares<N>(t, a);
    reduce_blocks<N>(r, t, m, m_inv);
}

// Window width per limb count: 6 for N = 32 (a 2048-bit exponent saves more
// multiplications than the twice larger table costs to build and scan).
template <std::size_t N>
constexpr unsigned window_bits = N >= 32 ? 6 : 5;

// out = table entry `index` (of `entries` entries of N limbs), reading every
// entry in full and selecting with masks, 8 limbs per pass, in accumulators of
// Bytes bytes (GCC vector extensions: SSE2 registers at 16, AVX2 registers at
// 32 in a function compiled for AVX2). Each mask is a lane-wise compare of a
// counter with the index: no branch or address depends on the index.
template <std::size_t N, std::size_t Bytes>
TWOLEG_INLINE void select_entry_by(limb *out, const limb *table, std::size_t entries, limb index) noexcept
{
    static_assert(N % 8 == 0 && 64 % Bytes == 0);
    typedef std::uint32_t lanes __attribute__((vector_size(Bytes)));
    constexpr std::size_t accumulators = 64 / Bytes;
    constexpr std::size_t limbs_per_accumulator = Bytes / sizeof(limb);
    const lanes wanted = lanes{} + static_cast<std::uint32_t>(index);
    for (std::size_t part = 0; part < N; part += 8) {
        lanes acc[accumulators] = {};
        lanes counter = {};
        for (std::size_t e = 0; e < entries; ++e) {
            const lanes mask = reinterpret_cast<lanes>(counter == wanted);
            counter += 1;
            for (std::size_t i = 0; i < accumulators; ++i) {
                lanes words;
                std::memcpy(&words, table + e * N + part + i * limbs_per_accumulator, Bytes);
                acc[i] |= mask & words;
            }
        }
        for (std::size_t i = 0; i < accumulators; ++i)
            std::memcpy(out + part + i * limbs_per_accumulator, &acc[i], Bytes);
    }
}

template <std::size_t N>
void select_entry(limb *out, const limb *table, std::size_t entries, limb index) noexcept
{
    select_entry_by<N, 16>(out, table, entries, index);
}

// The same scan with 256-bit AVX2 accumulators (half the instructions of the
// SSE2 scan, which at N = 32 with 64 entries is a few per cent of a window).
template <std::size_t N>
__attribute__((target("avx2"), noinline)) void select_entry_avx2(limb *out, const limb *table,
                                                                std::size_t entries, limb index) noexcept
{
    select_entry_by<N, 32>(out, table, entries, index);
}

template <std::size_t N, bool Avx2>
constexpr montgomery_kernel kernel_for{
    "mulx", N, window_bits<N>, montgomery_multiply_blocks<N>, montgomery_square_hybrid<N>,
    Avx2 ? select_entry_avx2<N> : select_entry<N>,
};

} // namespace

const montgomery_kernel *mulx_kernel(std::size_t limbs) noexcept
{
    // TWOLEG_NO_AVX2 (non-empty, not "0") keeps the SSE2 table scan, so the
    // tests exercise both scans on an AVX2 machine. Read when a key is prepared.
    const bool avx2 = !env_flag("TWOLEG_NO_AVX2") && cpu_features().avx2;
    switch (limbs) {
    case 16: return avx2 ? &kernel_for<16, true> : &kernel_for<16, false>;
    case 24: return avx2 ? &kernel_for<24, true> : &kernel_for<24, false>;
    case 32: return avx2 ? &kernel_for<32, true> : &kernel_for<32, false>;
    default: return nullptr;
    }
}

#else // !TWOLEG_HAVE_MULX_KERNEL

const montgomery_kernel *mulx_kernel(std::size_t) noexcept { return nullptr; }

#endif // TWOLEG_HAVE_MULX_KERNEL

} // namespace twoleg::detail
