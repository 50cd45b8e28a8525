// Token endpoint responses and Google API errors: parsing, and the advice for
// each error Google really returns. Every body below is one Google sent, as
// reported in a public issue thread (named next to it); the HTTP dates are
// checked against the `date` command.
#include <doctest/doctest.h>

#include <string>

#include "test_support.hpp"
#include "twoleg/http_date.hpp"
#include "twoleg/http_response.hpp"
#include "twoleg/response_advice.hpp"
#include "twoleg/token_response.hpp"

namespace {

using twoleg::advice_context;
using twoleg::errc;
using twoleg::response_problem;

const advice_context demo_context{
    "twoleg-demo@twoleg-demo.iam.gserviceaccount.com", "000000000000000000000", "twoleg-demo", {}, {}, {}};

twoleg::advice explain(std::string_view body, const advice_context &context = demo_context)
{
    auto a = twoleg::explain_response(body, context);
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? std::string() : a.err().message()));
    return *a;
}

bool has(const std::string &text, std::string_view needle) { return text.find(needle) != std::string::npos; }

std::int64_t date_command(const std::string &http_date)
{
    auto r = test::run("date -u -d " + test::shell_quote(http_date) + " +%s");
    REQUIRE(r.status == 0);
    return std::stoll(r.out);
}

} // namespace

TEST_CASE("a successful token response: Google's documented shape")
{
    // developers.google.com/identity/protocols/oauth2/service-account, "Handling the response".
    const char *body = R"({
  "access_token" : "1/8xbJqaOZXSUZbHLl5EOtu1pxz3fmmetKx9W8CV4t79M",
  "token_type" : "Bearer",
  "expires_in" : 3600
})";
    auto r = twoleg::parse_token_response(body);
    REQUIRE(r.ok());
    CHECK_FALSE(r->is_error());
    CHECK(r->access_token == "1/8xbJqaOZXSUZbHLl5EOtu1pxz3fmmetKx9W8CV4t79M");
    CHECK(r->token_type == "Bearer");
    REQUIRE(r->expires_in.has_value());
    CHECK(*r->expires_in == 3600);
    auto a = explain(body);
    CHECK(a.problem == response_problem::none);
    CHECK(has(a.text, "3600 s"));
}

TEST_CASE("an ID token response")
{
    auto r = twoleg::parse_token_response(R"({"id_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln"})");
    REQUIRE(r.ok());
    CHECK(r->id_token == "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    CHECK(r->access_token.empty());
    CHECK(explain(R"({"id_token":"x.y.z"})").problem == response_problem::none);
}

TEST_CASE("invalid_grant \"Invalid JWT Signature.\": key deleted or rotated, or iss not this key's")
{
    // googleapis/google-cloud-python#10004 and googleapis/google-api-nodejs-client#2808.
    const char *body = "{\n \"error\": \"invalid_grant\",\n \"error_description\": \"Invalid JWT Signature.\"\n}";
    auto r = twoleg::parse_token_response(body);
    REQUIRE(r.ok());
    CHECK(r->is_error());
    CHECK(r->error == "invalid_grant");
    CHECK(r->error_description == "Invalid JWT Signature.");
    auto a = explain(body);
    CHECK(a.problem == response_problem::key_rejected);
    CHECK(has(a.text, "Invalid JWT Signature."));
    CHECK(has(a.text, "deleted or rotated"));
    CHECK(has(a.text, "twoleg-demo@twoleg-demo.iam.gserviceaccount.com"));
    CHECK(a.text.find('\n') == std::string::npos);
}

TEST_CASE("invalid_grant about iat/exp: the host clock, with the skew when the Date is known")
{
    const char *bodies[] = {
        // Current wording (e.g. oauth2 errors quoted in terraform and google-auth logs).
        R"({"error":"invalid_grant","error_description":"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."})",
        // googleapis/google-api-php-client#1501 (2018 wording).
        R"({ "error" : "invalid_grant", "error_description" : "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values and use a clock with skew to account for clock differences between systems." })",
        // mediafigaro/google-analytics-api-symfony#7 (2016 wording).
        "{\n\"error\": \"invalid_grant\",\n\"error_description\": \"Invalid JWT: Token must be a short-lived token and in a reasonable timeframe\"\n}",
    };
    for (const char *body : bodies) {
        CAPTURE(body);
        auto a = explain(body);
        CHECK(a.problem == response_problem::clock_skew);
        CHECK(has(a.text, "Date header"));  // no skew known: says how to measure it
    }

    // hlavki/g-suite-identity-sync#7 shows Google's Date header form.
    const std::string date = "Mon, 14 May 2018 10:01:41 GMT";
    auto server = twoleg::parse_http_date(date);
    REQUIRE(server.ok());
    CHECK(*server == date_command(date));

    advice_context ahead = demo_context;
    ahead.server_time = *server;
    ahead.local_time = *server + 7205;
    auto a = explain(bodies[0], ahead);
    CHECK(a.problem == response_problem::clock_skew);
    CHECK(has(a.text, "7205 s (2 h 0 min 5 s) ahead of"));
    // The facts behind the advice; the CLI turns them into "--clock-offset -7205".
    CHECK(a.which == twoleg::advice_case::clock_off);
    REQUIRE(a.facts.clock_skew.has_value());
    CHECK(*a.facts.clock_skew == 7205);
    CHECK(has(a.text, "by -7205 s"));
    CHECK(a.text.find("--") == std::string::npos);  // the library names no CLI option

    advice_context behind = demo_context;
    behind.server_time = *server;
    behind.local_time = *server - 400;
    a = explain(bodies[0], behind);
    CHECK(has(a.text, "400 s (6 min 40 s) behind"));
    REQUIRE(a.facts.clock_skew.has_value());
    CHECK(*a.facts.clock_skew == -400);
    CHECK(has(a.text, "by 400 s"));

    advice_context in_step = demo_context;
    in_step.server_time = *server;
    in_step.local_time = *server + 2;
    a = explain(bodies[0], in_step);
    CHECK(has(a.text, "agrees with Google's"));
    CHECK(a.which == twoleg::advice_case::clock_agrees);
}

TEST_CASE("invalid_grant \"exp ... is not set\" is a missing claim, not a clock problem")
{
    // kube-rs/kube#156.
    auto a = explain(R"({"error":"invalid_grant","error_description":"Invalid JWT: exp (expiration time) is not set."})");
    CHECK(a.problem == response_problem::other);
    CHECK(has(a.text, "lacks a required claim"));
}

TEST_CASE("a deleted or disabled service account")
{
    // googleapis/google-cloud-php#3622.
    auto a = explain(R"({"error":"invalid_grant","error_description":"Invalid grant: account not found"})");
    CHECK(a.problem == response_problem::account_missing);
    CHECK(has(a.text, "twoleg-demo@twoleg-demo.iam.gserviceaccount.com was deleted or disabled"));
    // googleapis/google-api-ruby-client#720.
    CHECK(explain("{\n  \"error\" : \"invalid_grant\",\n  \"error_description\" : \"Robot is disabled.\"\n}").problem ==
          response_problem::account_missing);
    // websightgmbh/l5-google-cloud-storage#6.
    CHECK(explain("{\n  \"error\" : \"deleted_client\",\n  \"error_description\" : \"The OAuth client was deleted.\"\n}")
              .problem == response_problem::account_missing);
    CHECK(explain(R"({"error":"invalid_client","error_description":"The OAuth client was not found."})").problem ==
          response_problem::account_missing);
}

TEST_CASE("unauthorized_client: domain-wide delegation not granted, or sub without it")
{
    const char *bodies[] = {
        // googleapis/google-auth-library-ruby#210.
        "{\n  \"error\": \"unauthorized_client\",\n  \"error_description\": \"Client is unauthorized to retrieve access "
        "tokens using this method, or client not authorized for any of the scopes requested.\"\n}",
        // googleapis/google-auth-library-ruby#123 (older wording).
        "{\n \"error\": \"unauthorized_client\",\n \"error_description\": \"Client is unauthorized to retrieve access "
        "tokens using this method.\"\n}",
        // googleapis/google-api-php-client#950 (oldest wording).
        "{\n \"error\": \"unauthorized_client\",\n \"error_description\": \"Unauthorized client or scope in request.\"\n}",
    };
    for (const char *body : bodies) {
        CAPTURE(body);
        auto a = explain(body);
        CHECK(a.problem == response_problem::delegation_denied);
        CHECK(has(a.text, "domain-wide delegation"));
        CHECK(has(a.text, "000000000000000000000"));  // the client ID to authorise
        CHECK(has(a.text, "leave sub out"));
        CHECK(a.which == twoleg::advice_case::delegation_missing);
    }
}

TEST_CASE("invalid_scope")
{
    // oneduo/laravel-recaptcha-enterprise#10.
    auto a = explain(R"({"error":"invalid_scope","error_description":"Invalid OAuth scope or ID token audience provided."})");
    CHECK(a.problem == response_problem::invalid_scope);
    CHECK(has(a.text, "Invalid OAuth scope or ID token audience provided."));
    CHECK(has(a.text, "full Google OAuth scope URL, e.g. https://www.googleapis.com/auth/"));
    CHECK(a.which == twoleg::advice_case::scope_invalid);
}

TEST_CASE("invalid_grant about the user: sub is not a user of the domain")
{
    // googleapis/google-api-php-client#783.
    auto a = explain("{\n \"error\": \"invalid_grant\",\n \"error_description\": \"Not a valid email.\"\n}");
    CHECK(a.problem == response_problem::subject_invalid);
    CHECK(a.which == twoleg::advice_case::subject_not_user);
    CHECK(has(a.text, "sub must be the address of an existing user"));
}

TEST_CASE("API 403 PERMISSION_DENIED: the document is not shared with client_email")
{
    // nikaia/translation-sheet#8 (Sheets API, with the errors array).
    const char *with_errors = R"({
    "error": {
      "code": 403,
      "message": "The caller does not have permission",
      "errors": [
        {
          "message": "The caller does not have permission",
          "domain": "global",
          "reason": "forbidden"
        }
      ],
      "status": "PERMISSION_DENIED"
    }
  })";
    auto e = twoleg::parse_api_error(with_errors);
    REQUIRE(e.ok());
    CHECK(e->code == 403);
    CHECK(e->status == "PERMISSION_DENIED");
    CHECK(e->message == "The caller does not have permission");
    REQUIRE(e->reasons.size() == 1);
    CHECK(e->reasons[0] == "forbidden");

    auto a = explain(with_errors);
    CHECK(a.problem == response_problem::not_shared);
    CHECK(has(a.text, "not shared with twoleg-demo@twoleg-demo.iam.gserviceaccount.com"));
    CHECK(has(a.text, "403 PERMISSION_DENIED"));

    // gglukmann/use-google-sheets#37 (current form, without errors[]).
    a = explain(R"({"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}})");
    CHECK(a.problem == response_problem::not_shared);

    // Without a key file the advice still says which address to share with.
    a = explain(R"({"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}})",
                advice_context{});
    CHECK(has(a.text, "client_email"));
}

TEST_CASE("API 403s that are not about sharing")
{
    // home-assistant/core#79744 (message), status as Google sends it.
    auto a = explain(R"({"error":{"code":403,"message":"Google Sheets API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789012 then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.","status":"PERMISSION_DENIED"}})");
    CHECK(a.problem == response_problem::api_disabled);
    CHECK(has(a.text, "twoleg-demo"));

    // analogdotnow/Analog#296.
    a = explain(R"({
  "error":{
    "code":403,
    "message":"Request had insufficient authentication scopes.",
    "errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],
    "status":"PERMISSION_DENIED",
    "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain":"googleapis.com","metadata":{"service":"calendar-json.googleapis.com","method":"calendar.v3.CalendarList.List"}}]
  }
})");
    CHECK(a.problem == response_problem::scope_insufficient);
}

TEST_CASE("API 401 UNAUTHENTICATED: the access token is missing, malformed or expired")
{
    // rohitaryal/imageFX-api#19.
    auto a = explain(R"({
  "error": {
    "code": 401,
    "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    "status": "UNAUTHENTICATED"
  }
})");
    CHECK(a.problem == response_problem::token_rejected);
    CHECK(has(a.text, "Authorization: Bearer"));
}

TEST_CASE("malformed bodies are refused with a specific error")
{
    struct row {
        const char *why;
        std::string body;
    };
    const row rows[] = {
        {"not JSON", "<html>502 Bad Gateway</html>"},
        {"empty", ""},
        {"an array", "[]"},
        {"duplicate member", R"({"access_token":"a","access_token":"b"})"},
        {"no token and no error", R"({"token_type":"Bearer"})"},
        {"error not a string", R"({"error":5})"},
        {"empty error", R"({"error":""})"},
        {"expires_in negative", R"({"access_token":"a","expires_in":-1})"},
        {"expires_in a string", R"({"access_token":"a","expires_in":"3599"})"},
        {"expires_in fractional", R"({"access_token":"a","expires_in":1.5})"},
        {"access_token not a string", R"({"access_token":1})"},
        {"trailing garbage", R"({"access_token":"a"} x)"},
        {"byte-order mark", "\xef\xbb\xbf{\"access_token\":\"a\"}"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.why);
        auto p = twoleg::parse_token_response(r.body);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == errc::token_response_malformed);
    }
    auto big = twoleg::parse_token_response(std::string(twoleg::response_max_bytes + 1, ' '));
    REQUIRE_FALSE(big.ok());
    CHECK(big.err().code == errc::input_too_large);

    auto api = twoleg::parse_api_error(R"({"error":"invalid_grant"})");
    REQUIRE_FALSE(api.ok());
    CHECK(api.err().code == errc::token_response_malformed);
    api = twoleg::parse_api_error(R"({"error":{"code":"403"}})");
    REQUIRE_FALSE(api.ok());
    CHECK(api.err().code == errc::token_response_malformed);
    auto tr = twoleg::parse_token_response(R"({"error":{"code":403}})");
    REQUIRE_FALSE(tr.ok());
    CHECK(tr.err().code == errc::token_response_malformed);
}

TEST_CASE("HTTP dates: IMF-fixdate only, checked against the date command")
{
    const char *good[] = {
        "Sun, 06 Nov 1994 08:49:37 GMT",  // RFC 7231 §7.1.1.1
        "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 29 Feb 2024 12:00:00 GMT", "Tue, 31 Mar 2020 11:36:45 GMT",
        "Fri, 31 Dec 1999 23:59:59 GMT", "Wed, 01 Mar 2000 00:00:01 GMT", "Sat, 01 Jan 2000 00:00:00 GMT",
        "Tue, 19 Jan 2038 03:14:08 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
    };
    for (const char *d : good) {
        CAPTURE(std::string(d));
        auto t = twoleg::parse_http_date(d);
        REQUIRE(t.ok());
        CHECK(*t == date_command(d));
    }
    CHECK(*twoleg::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);

    const char *bad[] = {
        "Mon, 06 Nov 1994 08:49:37 GMT",   // wrong weekday
        "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850 form
        "Sun Nov  6 08:49:37 1994",        // asctime form
        "Sun, 06 Nov 1994 08:49:37 gmt",   "Sun, 6 Nov 1994 08:49:37 GMT",   "Sun, 06 Nov 1994 08:49:37 UTC",
        "Fri, 30 Feb 2024 00:00:00 GMT",   "Thu, 29 Feb 2023 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",   "Sun, 06 Nov 1994 08:49:37 GMT ", " Sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Now 1994 08:49:37 GMT",   "Sun, 06 Nov 1994 08:4a:37 GMT", "",
    };
    for (const char *d : bad) {
        CAPTURE(std::string(d));
        auto t = twoleg::parse_http_date(d);
        REQUIRE_FALSE(t.ok());
        CHECK(t.err().code == errc::invalid_argument);
    }
}

TEST_CASE("curl -i output: the last header block's Date and the body")
{
    const std::string raw = "HTTP/1.1 100 Continue\r\n\r\n"
                            "HTTP/2 400 \r\n"
                            "content-type: application/json; charset=utf-8\r\n"
                            "DATE: Mon, 14 May 2018 10:01:41 GMT\r\n"
                            "server: scaffolding on HTTPServer2\r\n\r\n"
                            "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}";
    auto parts = twoleg::split_http_response(raw);
    REQUIRE(parts.ok());
    CHECK(parts->status == 400);
    REQUIRE(parts->date.has_value());
    CHECK(*parts->date == "Mon, 14 May 2018 10:01:41 GMT");
    CHECK(parts->body == "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");

    auto lf = twoleg::split_http_response("HTTP/1.1 200 OK\nDate: Thu, 01 Jan 1970 00:00:00 GMT\n\n{}");
    REQUIRE(lf.ok());
    CHECK(lf->status == 200);
    CHECK(lf->body == "{}");

    CHECK_FALSE(twoleg::split_http_response("{\"access_token\":\"a\"}").ok());
    CHECK_FALSE(twoleg::split_http_response("HTTP/1.1 200 OK\r\nDate: x\r\n").ok());
    CHECK_FALSE(twoleg::split_http_response("HTTP/1.1 2x0 OK\r\n\r\n{}").ok());
}

TEST_CASE("answers without a JSON body are read by their HTTP status")
{
    const std::string html = "<!DOCTYPE html><html><body>Error</body></html>";
    auto explain_raw = [&](const std::string &raw) {
        auto parts = twoleg::split_http_response(raw);
        REQUIRE(parts.ok());
        CHECK_FALSE(twoleg::parse_google_response(parts->body).ok());
        return twoleg::explain_unparsed_response(raw, &*parts, demo_context);
    };
    auto a503 = explain_raw("HTTP/2 503\r\ncontent-type: text/html\r\nretry-after: 12\r\n\r\n" + html);
    REQUIRE(a503.has_value());
    CHECK(a503->which == twoleg::advice_case::server_error);
    CHECK(a503->facts.http_status == std::optional<int>(503));
    CHECK(a503->facts.retry_after == std::optional<std::int64_t>(12));
    CHECK(a503->text.find("backoff") != std::string::npos);

    auto a429 = explain_raw("HTTP/1.1 429 Too Many Requests\r\n\r\n");
    REQUIRE(a429.has_value());
    CHECK(a429->which == twoleg::advice_case::rate_limited);
    CHECK_FALSE(a429->facts.retry_after.has_value());

    auto a404 = explain_raw("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n" + html);
    REQUIRE(a404.has_value());
    CHECK(a404->which == twoleg::advice_case::wrong_url);
    CHECK(a404->facts.token_uri == "https://oauth2.googleapis.com/token");
    advice_context elsewhere = demo_context;
    elsewhere.token_uri = "https://oauth2.example.test/token";
    const std::string answer = "HTTP/1.1 404 Not Found\r\n\r\n" + html;  // the parts view into it
    auto parts = twoleg::split_http_response(answer);
    REQUIRE(parts.ok());
    auto moved = twoleg::explain_unparsed_response(parts->body, &*parts, elsewhere);
    REQUIRE(moved.has_value());
    CHECK(moved->facts.token_uri == "https://oauth2.example.test/token");

    auto a400 = explain_raw("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + html);
    REQUIRE(a400.has_value());
    CHECK(a400->which == twoleg::advice_case::request_malformed);
    // A 400 that is neither JSON nor HTML, a 200 and a 403 page say nothing more than "not JSON".
    CHECK_FALSE(explain_raw("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nbad").has_value());
    CHECK_FALSE(explain_raw("HTTP/1.1 200 OK\r\n\r\n" + html).has_value());
    CHECK_FALSE(explain_raw("HTTP/1.1 403 Forbidden\r\n\r\n" + html).has_value());

    // No input at all, and a bare body without a status line.
    for (const char *empty : {"", "\n", " \r\n"}) {
        auto nothing = twoleg::explain_unparsed_response(empty, nullptr, demo_context);
        REQUIRE(nothing.has_value());
        CHECK(nothing->which == twoleg::advice_case::nothing_arrived);
    }
    CHECK_FALSE(twoleg::explain_unparsed_response(html, nullptr, demo_context).has_value());

    // An API's JSON error with code 503 or 429 gets the same cases.
    CHECK(explain(R"({"error":{"code":503,"message":"unavailable","status":"UNAVAILABLE"}})").which ==
          twoleg::advice_case::server_error);
    CHECK(explain(R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}})").which ==
          twoleg::advice_case::rate_limited);
}
