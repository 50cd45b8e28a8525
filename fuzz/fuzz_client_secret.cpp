// Fuzz target: client secrets files (client_secret.hpp) and session files
// (oauth_session.hpp), both on the same input.
//
// Properties:
//   - an accepted client file has a non-empty client_id, https auth_uri and
//     token_uri, and non-empty redirect URIs;
//   - an accepted session writes (session_to_json) to text that reads back
//     to the same session;
//   - refusals are never errc::internal and their offsets lie in the input;
//   - the client secret never appears in an error message.
#include <string>

#include "fuzz_support.hpp"
#include "twoleg/client_secret.hpp"
#include "twoleg/oauth_session.hpp"

using namespace twoleg;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);

    auto client = parse_client_secret(text);
    if (client) {
        FUZZ_CHECK(!client->client_id.empty());
        FUZZ_CHECK(client->auth_uri.rfind("https://", 0) == 0);
        FUZZ_CHECK(client->token_uri.rfind("https://", 0) == 0);
        for (const auto &u : client->redirect_uris) FUZZ_CHECK(!u.empty());
    } else {
        FUZZ_CHECK(client.err().code != errc::internal);
        FUZZ_CHECK(!client.err().has_offset() || client.err().offset <= size);
        const std::string m = client.err().message();
        FUZZ_CHECK(m.find("GOCSPX") == std::string::npos);
    }

    auto session = parse_session(text);
    if (session) {
        const std::string again = session_to_json(*session);
        auto back = parse_session(again);
        FUZZ_CHECK(back.ok());
        FUZZ_CHECK(back->client_id == session->client_id && back->redirect_uri == session->redirect_uri &&
                   back->scopes == session->scopes && back->state == session->state &&
                   back->code_verifier == session->code_verifier && back->nonce == session->nonce &&
                   back->code == session->code);
    } else {
        FUZZ_CHECK(session.err().code != errc::internal);
        FUZZ_CHECK(!session.err().has_offset() || session.err().offset <= size);
    }
    return 0;
}
