// Linking the awarding service into your own backend, with hooks: a veto
// ("should award"), an "awarded" callback and a "spend recalculated" callback.
// Built as build/bin/stepwise-server-hooks-example; tests/server/run.sh runs it.
//
//   stepwise-server-hooks-example [sqlite:PATH]
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "stepwise/server/service.hpp"

namespace sw = stepwise::server;

struct StoreHooks : sw::Hooks {
    int awarded_calls = 0, spend_calls = 0;
    // Wholesale customers never get "silver" (the seed's example filter).
    bool should_award(const sw::AwardContext& c) override {
        return !(c.step.id == "silver" && c.customer_id.rfind("wholesale-", 0) == 0);
    }
    void awarded(const sw::IssuedAward& a) override {
        ++awarded_calls;
        std::printf("awarded %s to %s: %s, %lld minor units of store credit\n", a.key.c_str(), a.customer_id.c_str(),
                    a.state.c_str(), static_cast<long long>(a.store_credit));
    }
    void spend_recalculated(const std::string& customer, const std::string& program, stepwise::Money spend,
                            const std::string& event_id, const std::string& order_id) override {
        ++spend_calls;
        std::printf("spend of %s in %s is now %lld (event %s, order %s)\n", customer.c_str(), program.c_str(),
                    static_cast<long long>(spend), event_id.c_str(), order_id.c_str());
    }
};

int run(const std::string& db);

int main(int argc, char** argv) {
    std::string db = argc > 1 ? argv[1] : "";
    std::filesystem::path temp;
    if (db.empty()) {
        temp = std::filesystem::temp_directory_path() / ("stepwise-hooks-" + std::to_string(::getpid()) + ".db");
        db = "sqlite:" + temp.string();
    }
    int failures = run(db);
    if (!temp.empty())
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(temp.string() + suffix);
    return failures ? 1 : 0;
}

int run(const std::string& db) {
    sw::ServiceOptions options;
    options.db_url = db;
    sw::Service service(options);
    auto hooks = std::make_shared<StoreHooks>();
    service.set_hooks(hooks);

    if (!service.program_doc("spend", false))
        service.create_program(R"({"id":"spend","name":"Spend Rewards","kind":"tiers","status":"active","steps":[
            {"id":"first-steps","name":"First Steps","target":"100.00","rewards":[{"type":"store_credit","amount":"5.00"}]},
            {"id":"silver","name":"Silver Spender","target":"250.00","rewards":[{"type":"store_credit","amount":"15.00"}]}]})",
                               false);

    int failures = 0;
    for (const char* customer : {"retail-1", "wholesale-1"}) {
        // The body POST /v1/events takes, as JSON text.
        auto events = service.parse_events(std::string(R"({"customer_id":")") + customer +
                                           R"(","id":"e1","type":"order","at":"2025-06-01T12:00:00Z",)"
                                           R"("order_id":"1001","status":"completed","subtotal":"300.00"})");
        auto out = service.ingest(events);
        auto wallet = service.wallet(customer);
        std::printf("%s: %zu award decision(s), balance %s\n", customer, out.awards.size(),
                    service.money(wallet.balance).c_str());
        const stepwise::Money expected = customer[0] == 'r' ? 2000 : 500;  // minor units: 20.00 and 5.00
        if (wallet.balance != expected) {
            std::printf("  expected balance %s\n", service.money(expected).c_str());
            ++failures;
        }
    }
    if (hooks->awarded_calls != 4 || hooks->spend_calls != 2) {
        std::printf("unexpected hook calls: awarded %d, spend %d\n", hooks->awarded_calls, hooks->spend_calls);
        ++failures;
    }
    std::printf(failures ? "FAILED\n" : "ok\n");
    return failures;
}
