// The engine's English reward phrases (stepwise/wording.hpp), generated from
// engine/wording/rewards.en.json, the table the widget's strings use too.
#include <catch2/catch.hpp>

#include "stepwise/wording.hpp"

using namespace stepwise;

TEST_CASE("every reward type is worded from the shared table", "[wording][R-REWARD-WORDS]") {
    auto reward = [](RewardType type) {
        Reward r;
        r.type = type;
        return r;
    };
    Reward points = reward(RewardType::points);
    points.points = 200;
    CHECK(reward_phrase(points, 2, "USD") == "200 points");
    points.points = 1;
    CHECK(reward_phrase(points, 2, "USD") == "1 point");
    Reward credit = reward(RewardType::store_credit);
    credit.amount = 500;
    CHECK(reward_phrase(credit, 2, "USD") == "5.00 USD store credit");
    Reward off = reward(RewardType::discount_amount);
    off.amount = 1500;
    CHECK(reward_phrase(off, 0, "JPY") == "1500 JPY off an order");
    Reward pct = reward(RewardType::discount_percent);
    pct.percent = 10;
    CHECK(reward_phrase(pct, 2, "EUR") == "10% off an order");
    CHECK(reward_phrase(reward(RewardType::free_shipping), 2, "USD") == "free shipping");
    Reward gift = reward(RewardType::free_gift);
    gift.product_id = "tote-1";
    CHECK(reward_phrase(gift, 2, "USD") == "a free gift: tote-1");
    gift.name = "Tote bag";
    CHECK(reward_phrase(gift, 2, "USD") == "a free gift: Tote bag");
    CHECK(rewards_phrase({points, reward(RewardType::free_shipping)}, 2, "USD") == "1 point, free shipping");
    CHECK(rewards_phrase({}, 2, "USD").empty());
}
