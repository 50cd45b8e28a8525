// Fuzz target: JWT verification (jwt.hpp) against fixed public keys, and the
// token-endpoint / API response readers (token_response.hpp), all on the
// same input.
//
// The 2048-bit key is examples/demo-service-account.json (its path is built
// in as TWOLEG_FUZZ_DEMO_KEY): fuzz/make_corpus.sh signs the seed tokens with
// it, so mutations of the seeds reach the signature check. An input that
// starts with '!' is also signed here: the rest of it becomes the claims of a
// token (signed with a deterministic "random" source, so runs are
// reproducible), so that the claim rules see arbitrary JSON behind a valid
// signature. (Signing costs far more than parsing: only on request.) The 1024-bit key is too
// small for RS256 and must never verify anything.
//
// Properties:
//   - an accepted token is three canonical base64url parts whose header is a
//     JSON object with "alg": "RS256" and no "crit", and the returned header
//     and claims are exactly the decoded parts;
//   - nothing verifies with the 1024-bit key;
//   - a token signed here is never refused for its signature or algorithm,
//     and if accepted its claims are the input;
//   - refusals are never errc::internal and their offsets lie in the token;
//   - advice is one line; a parsed response or HTTP date is self-consistent.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/jwt.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/http_date.hpp"
#include "twoleg/http_response.hpp"
#include "twoleg/response_advice.hpp"
#include "twoleg/token_response.hpp"

using namespace twoleg;

namespace {

constexpr std::string_view small_public_key_pem = R"(-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC3M75T2DAO0SZsxeuiQdATKMA8
Coq4Ti4WUBxA4rOScGl43gWSq8YmjcjPtB12XdO7WbZFRl777nN71LrnPvBcWBv6
skh7vLN+77oRzhg5rBmbV+U7ECBMd8VEDBmSt2QgyOETK4sndL52uqgnoA29eP/q
q3XTOu0ZXLouap4qIwIDAQAB
-----END PUBLIC KEY-----
)";

// The seed tokens are issued at this time (make_corpus.sh) and valid for an hour.
constexpr std::int64_t seed_issued_at = 1700000000;
constexpr std::string_view demo_client_email = "twoleg-demo@twoleg-demo.iam.gserviceaccount.com";

rsa_private_key load_demo_key()
{
    std::ifstream in(TWOLEG_FUZZ_DEMO_KEY, std::ios::binary);
    if (!in) std::fprintf(stderr, "fuzz_jwt: cannot read %s\n", TWOLEG_FUZZ_DEMO_KEY);
    const std::vector<std::uint8_t> file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto key = load_private_key(file);
    FUZZ_CHECK(key);
    return *key;
}

const rsa_private_key &demo_private_key()
{
    static const rsa_private_key key = load_demo_key();
    return key;
}

const rsa_public_key &demo_key()
{
    static const rsa_public_key key = demo_private_key().public_key();
    return key;
}

const rsa_public_key &small_key()
{
    static const rsa_public_key key = [] {
        auto k = load_public_key(fuzz::as_bytes(small_public_key_pem));
        FUZZ_CHECK(k);
        return *k;
    }();
    return key;
}

/// Blinding values for signing: deterministic, so that a run can be replayed.
bool counter_fill(void *context, std::uint8_t *out, std::size_t len) noexcept
{
    auto &state = *static_cast<std::uint64_t *>(context);
    for (std::size_t i = 0; i < len; ++i) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        out[i] = static_cast<std::uint8_t>(state >> 56);
    }
    return true;
}

void check_refusal(const error &e, std::size_t size)
{
    FUZZ_CHECK(e.code != errc::internal && e.code != errc::ok);
    FUZZ_CHECK(!e.has_offset() || e.offset <= size);
}

void check_accepted_token(std::string_view token, const verified_jwt &v)
{
    const std::size_t dot2 = token.rfind('.');
    FUZZ_CHECK(dot2 != std::string_view::npos);
    const std::string signing_input = base64url_encode(v.header_json) + "." + base64url_encode(v.claims_json);
    FUZZ_CHECK(token.substr(0, dot2) == signing_input);
    FUZZ_CHECK(token.size() <= jwt_max_token_bytes);

    const auto header = nlohmann::json::parse(v.header_json, nullptr, /*allow_exceptions=*/false);
    FUZZ_CHECK(header.is_object());
    auto alg = header.find("alg");
    FUZZ_CHECK(alg != header.end() && alg->is_string() && alg->get<std::string>() == "RS256");
    FUZZ_CHECK(!header.contains("crit"));
    const auto claims = nlohmann::json::parse(v.claims_json, nullptr, /*allow_exceptions=*/false);
    FUZZ_CHECK(claims.is_object());
}

/// Verifies `token` with each set of options; returns the refusals seen.
std::vector<errc> verify_token(std::string_view token)
{
    std::vector<errc> refusals;
    // As `twoleg jwt verify` would by default, an hour into the seeds' lifetime
    // minus a little, so that the seeds verify.
    jwt_verify_options lenient;
    lenient.now = seed_issued_at + 100;
    auto v = jwt_verify_rs256(token, demo_key(), lenient);
    if (v) {
        check_accepted_token(token, *v);
    } else {
        check_refusal(v.err(), token.size());
        refusals.push_back(v.err().code);
    }

    // Strict: audience and issuer required, no leeway, no exp required, later.
    jwt_verify_options strict;
    strict.now = seed_issued_at + 3599;
    strict.leeway = 0;
    strict.require_exp = false;
    strict.audience = std::string(default_token_uri);
    strict.issuer = std::string(demo_client_email);
    auto s = jwt_verify_rs256(token, demo_key(), strict);
    if (s) {
        check_accepted_token(token, *s);
    } else {
        check_refusal(s.err(), token.size());
        refusals.push_back(s.err().code);
    }

    // Far in the future: only a token with an exp beyond it, or none under
    // require_exp = false, can pass.
    jwt_verify_options late;
    late.now = std::int64_t{1} << 62;
    late.leeway = jwt_max_leeway;
    auto l = jwt_verify_rs256(token, demo_key(), late);
    if (l) {
        check_accepted_token(token, *l);
    } else {
        check_refusal(l.err(), token.size());
        refusals.push_back(l.err().code);
    }

    auto small = jwt_verify_rs256(token, small_key(), lenient);
    FUZZ_CHECK(!small);
    check_refusal(small.err(), token.size());
    return refusals;
}

/// Signs `claims` as they are behind a fixed RS256 header, then verifies.
void sign_and_verify(std::string_view claims)
{
    std::uint64_t state = claims.size();
    const random_source rng{counter_fill, &state};
    auto token = jwt_sign_rs256(demo_private_key(), R"({"alg":"RS256","typ":"JWT"})", claims, &rng);
    FUZZ_CHECK(token);
    for (errc e : verify_token(*token)) {
        FUZZ_CHECK(e != errc::jwt_bad_signature && e != errc::jwt_unsupported_algorithm);
        FUZZ_CHECK(e != errc::input_too_large || token->size() > jwt_max_token_bytes);
    }
    jwt_verify_options lenient;
    lenient.now = seed_issued_at + 100;
    if (auto v = jwt_verify_rs256(*token, demo_key(), lenient)) FUZZ_CHECK(v->claims_json == claims);
}

void check_advice(const advice &a) { FUZZ_CHECK(a.text.find('\n') == std::string::npos); }

void read_responses(std::string_view text)
{
    advice_context context;
    context.client_email = std::string(demo_client_email);
    context.project_id = "twoleg-demo";
    context.server_time = seed_issued_at;
    context.local_time = seed_issued_at + 400;

    if (auto r = parse_token_response(text); r) {
        FUZZ_CHECK(r->is_error() || !r->access_token.empty() || !r->id_token.empty());
        FUZZ_CHECK(!r->expires_in || *r->expires_in >= 0);
    } else {
        check_refusal(r.err(), text.size());
    }
    if (auto a = parse_api_error(text); !a) check_refusal(a.err(), text.size());
    if (auto g = parse_google_response(text); g) check_advice(explain_parsed_response(*g, context));
    else check_refusal(g.err(), text.size());
    if (auto e = explain_response(text, context); e) check_advice(*e);
    else check_refusal(e.err(), text.size());

    if (auto t = parse_http_date(text); t) {
        FUZZ_CHECK(text.size() == 29);  // "Sun, 06 Nov 1994 08:49:37 GMT"
    }
    if (auto parts = split_http_response(text); parts) {
        FUZZ_CHECK(parts->body.empty() || (parts->body.data() >= text.data() &&
                                           parts->body.data() + parts->body.size() <= text.data() + text.size()));
        if (parts->date) {
            if (auto t = parse_http_date(*parts->date); t) context.server_time = *t;
        }
        if (auto e = explain_response(parts->body, context); e) check_advice(*e);
    } else {
        check_refusal(parts.err(), text.size());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);
    (void)verify_token(text);
    if (!text.empty() && text[0] == '!') sign_and_verify(text.substr(1));
    read_responses(text);
    return 0;
}
