// The ImGui UI driven headlessly: mouse and keyboard through ImGuiIO, widgets
// found by name, results checked on the model.
#include "driver.hpp"

using namespace stepwise;
using namespace stepwise::preview;
using stepwise::preview::test::Driver;

namespace {

std::vector<std::string> step_ids(const ProgramDraft& d) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < d.step_count(); ++i) ids.push_back(d.text(ProgramDraft::step_pointer(i) + "/id"));
    return ids;
}

}  // namespace

TEST_CASE("headless frames draw the whole preview") {
    Driver d;
    d.preview.load_example();
    const ImDrawData* data = d.frame();
    REQUIRE(data != nullptr);
    CHECK(data->TotalVtxCount > 1000);
    for (const char* name : {"program-name", "add-step", "step-handle/0", "step-handle/2", "add-reward/1", "as-of",
                             "add-order", "storefront-overall", "storefront-item/2", "awards", "turn-on"})
        CHECK(d.has(name));
}

TEST_CASE("Add step adds a step of the chosen type") {
    Driver d;
    REQUIRE(d.preview.program.step_count() == 1);
    d.click("add-step");
    REQUIRE(d.preview.program.step_count() == 2);
    CHECK(d.preview.program.metric(1) == Metric::orders);
    d.ui.new_step_metric = 3;  // the combo's "Number of reviews"
    d.click("add-step");
    CHECK(d.preview.program.metric(2) == Metric::reviews);
    d.click("step-remove/0");
    CHECK(step_ids(d.preview.program) == std::vector<std::string>{"step-2", "step-3"});
}

TEST_CASE("dragging a step's handle reorders the journey") {
    Driver d;
    d.preview.load_example();
    d.frame();
    REQUIRE(step_ids(d.preview.program) == std::vector<std::string>{"orders", "reviews", "referral"});
    d.drag("step-handle/0", "step-header/2");
    CHECK(step_ids(d.preview.program) == std::vector<std::string>{"reviews", "referral", "orders"});
    d.drag("step-handle/1", "step-header/0");
    CHECK(step_ids(d.preview.program) == std::vector<std::string>{"referral", "reviews", "orders"});
    CHECK(d.preview.program.valid());
    // The storefront follows the new order at once.
    d.frame();
    CHECK(d.preview.evaluation().view.items[0].id == "referral");
}

TEST_CASE("rewards are added from the step's menu") {
    Driver d;
    d.click("add-reward/0");
    REQUIRE(d.has("add-reward-item/0/free_shipping"));
    d.click("add-reward-item/0/free_shipping");
    REQUIRE(d.preview.program.reward_count(0) == 2);
    CHECK(d.preview.program.reward_type(0, 1) == RewardType::free_shipping);

    d.click("add-reward/0");
    d.click("add-reward-item/0/free_gift");
    CHECK(d.preview.program.reward_type(0, 2) == RewardType::free_gift);

    d.click("customer-picks/0");
    CHECK(d.preview.program.pick(0) == 1);
    d.click("grant-all/0");
    CHECK_FALSE(d.preview.program.pick(0).has_value());

    d.click("reward-remove/0/0");
    CHECK(d.preview.program.reward_count(0) == 2);
    CHECK(d.preview.program.reward_type(0, 0) == RewardType::free_shipping);
}

TEST_CASE("choosing store credit the first time asks for the permission, once") {
    Driver d;
    d.click("add-reward/0");
    d.click("add-reward-item/0/store_credit");
    CHECK(d.preview.permission_pending());
    CHECK(d.preview.program.reward_count(0) == 1);
    REQUIRE(d.has("grant-store-credit"));
    d.click("grant-store-credit");
    CHECK_FALSE(d.preview.permission_pending());
    CHECK(d.preview.store_credit_granted());
    REQUIRE(d.preview.program.reward_count(0) == 2);
    CHECK(d.preview.program.reward_type(0, 1) == RewardType::store_credit);

    // Changing another reward to store credit: no second prompt.
    d.click("reward-type/0/0");
    d.click("reward-type-item/0/0/store_credit");
    CHECK(d.preview.program.reward_type(0, 0) == RewardType::store_credit);
    CHECK(d.preview.permission_prompts() == 1);
    CHECK_FALSE(d.preview.permission_pending());
}

TEST_CASE("declining the permission leaves the step as it was") {
    Driver d;
    d.click("reward-type/0/0");
    d.click("reward-type-item/0/0/store_credit");
    REQUIRE(d.preview.permission_pending());
    d.click("decline-store-credit");
    CHECK_FALSE(d.preview.permission_pending());
    CHECK(d.preview.program.reward_type(0, 0) == RewardType::points);
    d.frame();
    CHECK_FALSE(d.has("grant-store-credit"));  // the prompt is gone
}

TEST_CASE("typing into a field edits the program, and errors appear by the field") {
    Driver d;
    d.click("program-name");
    d.type(" Plus");
    CHECK(d.preview.program.text("/name") == "Loyalty Journey Plus");
    d.click("step-target/0");
    d.press_key(ImGuiKey_Backspace);
    d.type("x");
    CHECK(d.preview.program.text("/steps/0/target") == "x");
    CHECK(d.preview.program.errors_at("/steps/0/target").size() == 1);
    d.frame();
    CHECK_FALSE(d.preview.evaluation().ok);
    d.press_key(ImGuiKey_Backspace);
    d.type("2");
    CHECK(d.preview.program.doc()["steps"][0]["target"] == 2);
    CHECK(d.preview.program.valid());
}

TEST_CASE("Turn on switches the program's status") {
    Driver d;
    CHECK(d.preview.program.text("/status") == "inactive");
    d.click("turn-on");
    CHECK(d.preview.program.text("/status") == "active");
    d.click("turn-on");
    CHECK(d.preview.program.text("/status") == "inactive");
}

TEST_CASE("a customer walks the seed journey in the simulator") {
    Driver d;
    d.preview.load_example();
    d.frame();
    for (int i = 0; i < 3; ++i) d.click("add-order");  // one a day: the as-of time moves on
    CHECK(d.preview.customer.event_count() == 3);
    CHECK(d.preview.as_of() == *parse_time("2026-01-04T00:00:00Z"));
    const Evaluation* e = &d.preview.evaluation();
    REQUIRE(e->ok);
    CHECK(e->view.items[0].state == "done");
    CHECK(e->view.items[1].state == "current");
    REQUIRE(d.preview.awards_log().size() == 1);
    CHECK(d.preview.awards_log()[0].key == "loyalty-journey:orders:1");

    d.click("add-review");
    d.click("add-review");
    d.click("add-referral");
    e = &d.preview.evaluation();
    REQUIRE(e->ok);
    CHECK(e->view.completed);
    CHECK(e->view.overall_pct_tenths == 1000);
    CHECK(d.preview.awards_log().size() == 3);

    // Back in time with the slider's buttons: the journey is not complete yet.
    d.ui.auto_advance = false;
    d.preview.set_as_of(*parse_time("2026-01-04T12:00:00Z"));  // after the first review only
    d.frame();
    CHECK(d.preview.evaluation().view.items[1].value == "1");
    CHECK(d.preview.awards_log().size() == 1);
}

TEST_CASE("the analytics tab draws the cohort funnel") {
    Driver d;
    d.preview.load_example();
    d.frame();
    d.click("tab-analytics");
    REQUIRE(d.has("generate-cohort"));
    d.click("generate-cohort");
    CHECK(d.cohort.histories().size() == 200);
    d.frame();
    CHECK(d.has("funnel-row/0"));
    CHECK(d.has("funnel-row/2"));
    CHECK(d.has("funnel-completed"));
    const Funnel& f = d.cohort.funnel(d.preview.program, d.preview.as_of());
    CHECK(f.customers == 200);
}

TEST_CASE("long field labels fit in the editor panel instead of being cut off") {
    for (float width : {1400.0f, 1000.0f}) {
        Driver d(width);
        d.click("rules-header");
        ui::Rect panel = d.rect("editor-panel");
        for (const char* name : {"rule/order_statuses", "rule/reward_expiry_days", "rule/categories", "rule/roles",
                                 "program-name", "step-description/0"}) {
            INFO(name << " at width " << width);
            CHECK(d.rect(name).x1 <= panel.x1);
        }
    }
}

TEST_CASE("the editor's title and placeholders follow the program") {
    Driver d;
    CHECK(std::string(ui::editor_title(d.preview.program)) == "Journey editor");
    d.preview.program.set_kind(ProgramKind::tiers);
    CHECK(std::string(ui::editor_title(d.preview.program)) == "Tiers editor");

    // A review step's description hint is about reviews, not "Place your 3rd order".
    CHECK(ui::description_hint(Metric::reviews, "2") == "Write 2 reviews");
    CHECK(ui::description_hint(Metric::referrals, "1") == "Refer 1 friend");
    CHECK(ui::description_hint(Metric::orders, "3") == "Place 3 orders");
    CHECK(ui::description_hint(Metric::spend, "500.00") == "Spend 500.00");
    CHECK(ui::description_hint(Metric::points, "") == "Earn 3 points");
    CHECK(ui::description_hint(Metric::subscription_cycles, "1") == "Renew your subscription 1 time");
}

TEST_CASE("one quick click on a tab opens it, also right after typing in a field") {
    Driver d;
    // Moved onto the tab and pressed in one frame, released before the next: how a
    // browser at a low frame rate sees a click. ImGui 1.86 ignored it on a tab.
    auto quick_click = [&](const std::string& name) {
        ui::Rect r = d.rect(name);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(r.cx(), r.cy());
        io.MouseDown[0] = true;
        d.frame();
        io.MouseDown[0] = false;
        d.frames(3);
    };
    d.click("program-name");
    d.type("X");
    quick_click("tab-analytics");
    CHECK(d.has("generate-cohort"));
    CHECK(d.ui.tab == 1);
    CHECK(d.preview.program.text("/name") == "Loyalty JourneyX");  // what was typed is kept

    d.click("generate-cohort");  // hovering another item, then straight back to the simulator
    quick_click("tab-simulator");
    CHECK(d.has("add-order"));
    CHECK(d.ui.tab == 0);
    d.click("order-subtotal");
    d.type("5");
    quick_click("tab-analytics");
    CHECK(d.has("generate-cohort"));
    CHECK(d.ui.order.subtotal == "50.005");
}
