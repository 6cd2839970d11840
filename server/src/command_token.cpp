// token: mints a customer token as the storefront would get one (a development
// helper); needs only the store secret, no database.
#include <chrono>
#include <cstdio>
#include <memory>

#include "auth.hpp"
#include "commands.hpp"

namespace stepwise::server::cli {

namespace {

struct TokenArgs {
    std::string customer, secret;
    std::int64_t ttl = 3600;
};

int run_token(const TokenArgs& a) {
    if (!valid_customer_id(a.customer)) return fail("--customer: must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :", 2);
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::printf("%s\n", mint_customer_token(a.customer, now + a.ttl, a.secret).c_str());
    return 0;
}

}  // namespace

void add_token_command(CLI::App& app, Actions& actions) {
    auto* token = app.add_subcommand("token", "Mint a customer token (development helper)");
    auto a = std::make_shared<TokenArgs>();
    token->add_option("--customer", a->customer, "Customer id")->required();
    token->add_option("--secret", a->secret, "Store secret")->envname("STEPWISE_STORE_SECRET")->required();
    token->add_option("--ttl", a->ttl, "Seconds until it expires")->capture_default_str();
    actions.alone(token, [a] { return run_token(*a); });
}

}  // namespace stepwise::server::cli
