// Reviews that count: rules.reviews.require_purchase and one_per_product
// (docs/decisions.md "Reviews that count").
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

const char* kAsOf = "2026-12-31T00:00:00Z";

Program reviews_journey(bool require_purchase, bool one_per_product) {
    Program p = journey_program("j", {step("reviews", Metric::reviews, 10)});
    p.rules.reviews.require_purchase = require_purchase;
    p.rules.reviews.one_per_product = one_per_product;
    return p;
}

std::int64_t counted(const Program& p, std::vector<Event> events) { return eval(p, history(std::move(events)), kAsOf).steps[0].value; }

}  // namespace

TEST_CASE("by default every review counts, bought or not, repeated or not",
          "[reviews][R-REVIEW-RULES][R-METRIC-COUNT]") {
    Program p = reviews_journey(false, false);
    CHECK(counted(p, {review("r1", "2026-03-01T00:00:00Z", "A"), review("r2", "2026-03-02T00:00:00Z", "A"),
                      review("r3", "2026-03-03T00:00:00Z")}) == 3);
}

TEST_CASE("require_purchase: only reviews of a product an earlier order listed count",
          "[reviews][purchase][R-REVIEW-RULES]") {
    Program p = reviews_journey(true, false);
    std::vector<Event> events = {review("r0", "2026-03-01T00:00:00Z", "A"),  // before buying it
                                 order_of("o1", "2026-03-02T00:00:00Z", "1", {item("A", 1000)}),
                                 review("r1", "2026-03-03T00:00:00Z", "A"), review("r2", "2026-03-03T00:00:00Z", "B"),
                                 review("r3", "2026-03-03T00:00:00Z")};  // names no product
    CHECK(counted(p, events) == 1);
}

TEST_CASE("require_purchase: any earlier order event counts as buying, whatever its status, edits included",
          "[reviews][purchase][R-REVIEW-RULES][R-ORDER-EDIT]") {
    Program p = reviews_journey(true, false);
    CHECK(counted(p, {order_of("o1", "2026-03-01T00:00:00Z", "1", {item("A", 1000)}, "cancelled"),
                      review("r1", "2026-03-02T00:00:00Z", "A")}) == 1);
    CHECK(counted(p, {order_of("o1", "2026-03-01T00:00:00Z", "1", {item("A", 1000)}),
                      order_of("o2", "2026-03-02T00:00:00Z", "1", {item("B", 1000)}), review("r1", "2026-03-03T00:00:00Z", "B")}) ==
          1);
}

TEST_CASE("require_purchase: at the same instant, the order must come first in id order",
          "[reviews][purchase][R-REVIEW-RULES][R-EVENT-ORDER]") {
    Program p = reviews_journey(true, false);
    CHECK(counted(p, {order_of("a", "2026-03-01T00:00:00Z", "1", {item("A", 1000)}), review("b", "2026-03-01T00:00:00Z", "A")}) ==
          1);
    CHECK(counted(p, {order_of("b", "2026-03-01T00:00:00Z", "1", {item("A", 1000)}), review("a", "2026-03-01T00:00:00Z", "A")}) ==
          0);
}

TEST_CASE("one_per_product: a second review of the same product does not count",
          "[reviews][one_per_product][R-REVIEW-RULES]") {
    Program p = reviews_journey(false, true);
    CHECK(counted(p, {review("r1", "2026-03-01T00:00:00Z", "A"), review("r2", "2026-03-02T00:00:00Z", "A"),
                      review("r3", "2026-03-02T00:00:00Z", "B"), review("r4", "2026-03-03T00:00:00Z"),
                      review("r5", "2026-03-04T00:00:00Z")}) == 3);  // A, B, and one review naming no product
}

TEST_CASE("one_per_product: a review that did not count uses nothing up",
          "[reviews][one_per_product][R-REVIEW-RULES]") {
    Program p = reviews_journey(true, true);
    p.starts_at = T("2026-03-01T00:00:00Z");
    CHECK(counted(p, {order_of("o1", "2026-02-01T00:00:00Z", "1", {item("B", 1000)}),
                      review("r0", "2026-02-15T00:00:00Z", "B"),  // before the program started
                      review("r1", "2026-03-01T00:00:00Z", "A"),  // before buying A
                      order_of("o2", "2026-03-02T00:00:00Z", "2", {item("A", 1000)}), review("r2", "2026-03-03T00:00:00Z", "A"),
                      review("r3", "2026-03-04T00:00:00Z", "A"), review("r4", "2026-03-05T00:00:00Z", "B")}) == 2);
}

TEST_CASE("one_per_product: a review while the review step was locked used its product up",
          "[reviews][journey][R-REVIEW-RULES][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("order", Metric::orders, 1), step("reviews", Metric::reviews, 1)});
    p.rules.reviews.one_per_product = true;
    Report r = eval(p, history({review("r1", "2026-03-01T00:00:00Z", "A"), order("o1", "2026-03-02T00:00:00Z", "1", 1000),
                                review("r2", "2026-03-03T00:00:00Z", "A")}),
                    kAsOf);
    CHECK(r.steps[1].state == StepState::active);
    CHECK(r.steps[1].value == 0);
}

TEST_CASE("review rules parse, validate and print back in the canonical program form",
          "[reviews][codec][R-REVIEW-RULES][R-PROGRAM-VALID]") {
    Program p = program_from(R"({"id":"j","kind":"journey","rules":{"reviews":{"require_purchase":true}},
      "steps":[{"id":"s","metric":"reviews","target":1}]})");
    CHECK(p.rules.reviews.require_purchase);
    CHECK_FALSE(p.rules.reviews.one_per_product);
    const std::string canonical = program_json(p);
    CHECK(canonical.find(R"("reviews":{"require_purchase":true,"one_per_product":false})") != std::string::npos);
    Program again = program_from(canonical);
    CHECK(program_json(again) == canonical);
    CHECK(again.rules.reviews.require_purchase);
    // Without review rules the canonical form has no `reviews` key (stored programs keep their bytes).
    Program plain = program_from(R"({"id":"j","kind":"journey","rules":{"reviews":{}},"steps":[{"id":"s","metric":"reviews","target":1}]})");
    CHECK(program_json(plain).find("reviews\":{") == std::string::npos);
    auto bad = parse_program(R"({"id":"j","kind":"journey","rules":{"reviews":{"require_purchase":"yes","per_product":true}},
      "steps":[{"id":"s","metric":"reviews","target":1}]})");
    CHECK(has_pointer(bad.errors, "/rules/reviews/require_purchase"));
    CHECK(has_pointer(bad.errors, "/rules/reviews/per_product"));
    CHECK(has_pointer(parse_program(R"({"id":"j","kind":"journey","rules":{"reviews":true},"steps":[{"id":"s","metric":"reviews","target":1}]})")
                          .errors,
                      "/rules/reviews"));
}
