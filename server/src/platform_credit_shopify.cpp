// Store credit in Shopify's store credit accounts (platform_credit.hpp). The
// job's payload: direction ("credit" or "debit"), amount (decimal text of
// the store currency), currency, expires_at (a credit's, or null), ledger_id.
#include <stepwise/money.hpp>
#include <stepwise/time.hpp>

#include "internal.hpp"
#include "platform_credit.hpp"
#include "shopify_graphql.hpp"

namespace stepwise::server::platform {

namespace {

constexpr const char* kNeeds =
    "an Admin API access token with the write_store_credit_account_transactions, "
    "read_store_credit_account_transactions and read_store_credit_accounts scopes (--shopify-token)";

const char* const kCredit =
    "mutation storeCreditAccountCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) { "
    "storeCreditAccountCredit(id: $id, creditInput: $creditInput) { storeCreditAccountTransaction { id } "
    "userErrors { field code message } } }";
const char* const kDebit =
    "mutation storeCreditAccountDebit($id: ID!, $debitInput: StoreCreditAccountDebitInput!) { "
    "storeCreditAccountDebit(id: $id, debitInput: $debitInput) { storeCreditAccountTransaction { id } "
    "userErrors { field code message } } }";
// The newest transactions are enough: a customer's jobs run one at a time, so
// only this job's own movement (and the shopper's checkouts) can be newer than its first attempt.
const char* const kAccounts =
    "query storeCreditAccounts($customer: ID!) { customer(id: $customer) { storeCreditAccounts(first: 10) { nodes { "
    "id balance { amount currencyCode } transactions(first: 50, sortKey: CREATED_AT, reverse: true) { nodes { "
    "__typename amount { amount currencyCode } createdAt event "
    "... on StoreCreditAccountCreditTransaction { id expiresAt } "
    "... on StoreCreditAccountDebitTransaction { id } } } } } } }";

struct Movement {
    bool credit = true;
    Money amount = 0;  // minor units, > 0
    std::string amount_text, currency;
    std::optional<Time> expires_at;
    int digits = 2;
};

// Shopify writes amounts as "15.0" and debits as negative; minor units, unsigned.
std::optional<Money> minor_units(const json& money, int digits) {
    if (!money.is_object()) return std::nullopt;
    std::string text = money.value("amount", std::string());
    if (!text.empty() && text[0] == '-') text.erase(0, 1);
    return parse_money(text, digits);
}

struct Account {
    std::optional<Outcome> stop;
    bool found = false;  // the customer has an account in the currency
    Money balance = 0;
    json transactions = json::array();
};

Account account(const RestClient& c, const CodeOptions& o, const std::string& customer, const Movement& m) {
    Account out;
    GraphqlAnswer a = shopify_graphql(c, o.timeout_ms, o.shopify_version, kNeeds, kAccounts, {{"customer", customer}});
    if (a.stop) {
        out.stop = a.stop;
        return out;
    }
    const json who = a.data.value("customer", json());
    if (!who.is_object()) {
        out.stop = Outcome::refused("Shopify has no customer " + customer);
        return out;
    }
    for (const json& acc : who.value("storeCreditAccounts", json::object()).value("nodes", json::array())) {
        const json bal = acc.value("balance", json::object());
        if (bal.value("currencyCode", std::string()) != m.currency) continue;
        out.found = true;
        out.balance = minor_units(bal, m.digits).value_or(0);
        out.transactions = acc.value("transactions", json::object()).value("nodes", json::array());
    }
    return out;
}

// The id of this job's movement when an earlier attempt made it: a manual
// (ADJUSTMENT) transaction of its kind and amount created since that attempt.
std::string made_since(const Account& acc, const Movement& m, std::int64_t since_ms) {
    const std::string type = m.credit ? "StoreCreditAccountCreditTransaction" : "StoreCreditAccountDebitTransaction";
    const std::int64_t since_s = since_ms / 1000;  // Shopify's times may be whole seconds
    for (const json& t : acc.transactions) {
        if (!t.is_object() || t.value("__typename", std::string()) != type || t.value("event", std::string()) != "ADJUSTMENT")
            continue;
        const auto at = parse_time(t.value("createdAt", std::string()));
        if (!at || *at / 1000 < since_s) continue;
        const auto amount = minor_units(t.value("amount", json()), m.digits);
        if (!amount) continue;
        // A debit may have taken less than asked (what was left, see below).
        if (m.credit ? *amount != m.amount : (*amount > m.amount || *amount <= 0)) continue;
        if (m.credit) {
            const json e = t.value("expiresAt", json());
            const auto exp = e.is_string() ? parse_time(e.get<std::string>()) : std::nullopt;
            if ((exp ? *exp / 1000 : -1) != (m.expires_at ? *m.expires_at / 1000 : -1)) continue;
        }
        return t.value("id", std::string());
    }
    return "";
}

struct Sent {
    std::optional<Outcome> stop;
    std::string id;
    std::vector<std::string> codes;  // userErrors codes
    std::string text;
};

Sent send(const RestClient& c, const CodeOptions& o, const std::string& customer, const Movement& m, Money amount) {
    const json money{{"amount", format_money(amount, m.digits)}, {"currencyCode", m.currency}};
    json vars{{"id", customer}};
    if (m.credit) {
        json input{{"creditAmount", money}};
        if (m.expires_at) input["expiresAt"] = iso(*m.expires_at);
        vars["creditInput"] = input;
    } else {
        vars["debitInput"] = {{"debitAmount", money}};
    }
    Sent s;
    GraphqlAnswer a = shopify_graphql(c, o.timeout_ms, o.shopify_version, kNeeds, m.credit ? kCredit : kDebit, vars);
    if (a.stop) {
        s.stop = a.stop;
        return s;
    }
    const json result = a.data.value(m.credit ? "storeCreditAccountCredit" : "storeCreditAccountDebit", json::object());
    if (!result.is_object()) {
        s.stop = Outcome::again("Shopify answered without the mutation's result");
        return s;
    }
    s.text = user_error_text(result.value("userErrors", json::array()), &s.codes);
    const json t = result.value("storeCreditAccountTransaction", json());
    if (t.is_object()) s.id = t.value("id", std::string());
    if (s.codes.empty() && s.id.empty()) s.stop = Outcome::again("Shopify answered without the transaction's id");
    return s;
}

bool has(const std::vector<std::string>& codes, const char* code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// A claw-back the shopper's balance no longer covers (spent at checkout):
// what is left is taken and the shortfall recorded; nothing is owed in Shopify.
Outcome debit_what_is_left(const RestClient& c, const CodeOptions& o, const std::string& customer, const Movement& m) {
    Account acc = account(c, o, customer, m);
    if (acc.stop) return *acc.stop;
    const std::string asked = m.amount_text + " " + m.currency;
    if (!acc.found || acc.balance <= 0)
        return Outcome::ok("", "nothing debited of " + asked + ": the Shopify store credit balance is 0 (spent at checkout)");
    const Money take = std::min(acc.balance, m.amount);
    Sent s = send(c, o, customer, m, take);
    if (s.stop) return *s.stop;
    if (!s.codes.empty()) return Outcome::refused("Shopify refused the store credit debit: " + s.text);
    return Outcome::ok(s.id, "debited " + format_money(take, m.digits) + " of " + asked + ": short by " +
                                 format_money(m.amount - take, m.digits) + " (spent at checkout)");
}

Outcome mirror(const RestClient& c, const CodeOptions& o, const Job& job) {
    const json& p = job.payload;
    const std::string customer = shopify_gid("Customer", job.customer_id);
    if (customer.empty())
        return Outcome::refused("customer " + job.customer_id +
                                " is not a Shopify customer id (a number, or gid://shopify/Customer/...): their store "
                                "credit cannot be mirrored into Shopify");
    Movement m;
    m.credit = p.value("direction", std::string()) == "credit";
    m.currency = p.value("currency", std::string());
    m.digits = currency_digits(m.currency);
    m.amount_text = p.value("amount", std::string());
    const auto amount = parse_money(m.amount_text, m.digits);
    if (!amount || *amount <= 0 || m.currency.empty())
        return Outcome::refused("store credit job without a positive amount and currency: " + p.dump());
    m.amount = *amount;
    if (p.contains("expires_at") && p["expires_at"].is_string()) m.expires_at = parse_time(p["expires_at"].get<std::string>());
    if (m.credit && m.expires_at && *m.expires_at <= now_ms())
        return Outcome::ok("", "not credited: the credit expired (" + iso(*m.expires_at) +
                                   ") before it reached Shopify, as it did in Stepwise");
    if (job.started_at) {  // an earlier attempt may have made it before its answer was lost
        Account acc = account(c, o, customer, m);
        if (acc.stop) return *acc.stop;
        if (const std::string id = made_since(acc, m, *job.started_at); !id.empty()) return Outcome::ok(id);
    }
    Sent s = send(c, o, customer, m, m.amount);
    if (s.stop) return *s.stop;
    if (s.codes.empty()) return Outcome::ok(s.id);
    if (!m.credit && (has(s.codes, "INSUFFICIENT_FUNDS") || has(s.codes, "ACCOUNT_NOT_FOUND")))
        return debit_what_is_left(c, o, customer, m);
    if (m.credit && has(s.codes, "EXPIRES_AT_IN_PAST"))
        return Outcome::ok("", "not credited: the credit expired before it reached Shopify, as it did in Stepwise");
    if (has(s.codes, "OWNER_NOT_FOUND"))
        return Outcome::refused("Shopify has no customer " + customer + ": " + s.text);
    return Outcome::refused(std::string("Shopify refused the store credit ") + (m.credit ? "credit" : "debit") + ": " +
                            s.text);
}

// The transactions the shopper made in Shopify, oldest first: what Stepwise
// did not make itself (its own are ADJUSTMENT) and must record.
Outcome sync(const RestClient& c, const CodeOptions& o, const RecordCredit& record, const Job& job) {
    const std::string customer = shopify_gid("Customer", job.customer_id);
    if (customer.empty()) return Outcome::ok("", "not a Shopify customer id: no store credit account to read");
    Movement m;
    m.currency = job.payload.value("currency", std::string());
    m.digits = currency_digits(m.currency);
    Account acc = account(c, o, customer, m);
    if (acc.stop) return *acc.stop;
    std::vector<PlatformCreditMove> moves;
    for (const json& t : acc.transactions) {
        if (!t.is_object()) continue;
        const std::string event = t.value("event", std::string()), type = t.value("__typename", std::string());
        const bool spent = event == "ORDER_PAYMENT" && type == "StoreCreditAccountDebitTransaction";
        const bool back = (event == "ORDER_REFUND" || event == "ORDER_CANCELLATION") &&
                          type == "StoreCreditAccountCreditTransaction";
        const auto amount = minor_units(t.value("amount", json()), m.digits);
        if ((!spent && !back) || !amount || *amount <= 0) continue;
        moves.push_back({t.value("id", std::string()), event, spent ? -*amount : *amount});
    }
    std::reverse(moves.begin(), moves.end());
    return Outcome::ok("", record(job.customer_id, moves));
}

}  // namespace

Handler shopify_store_credit_sync(const PlatformApis& apis, const CodeOptions& options, RecordCredit record) {
    const RestClient client = rest_client(apis, "shopify");
    return [client, options, record](const Job& job) { return sync(client, options, record, job); };
}

Handler shopify_store_credit(const PlatformApis& apis, const CodeOptions& options) {
    const RestClient client = rest_client(apis, "shopify");
    return [client, options](const Job& job) { return mirror(client, options, job); };
}

}  // namespace stepwise::server::platform
