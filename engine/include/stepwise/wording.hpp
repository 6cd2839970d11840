// English phrases for rewards ("200 points", "5.00 USD store credit") for the
// C++ sides that show rewards to people, such as the admin preview. They come
// from engine/wording/rewards.en.json, the same file the storefront widget
// takes its English reward strings from, so the two never word a reward
// differently. The widget localizes them; these are English only.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "stepwise/program.hpp"

namespace stepwise {

// One reward: amounts as "5.00 USD" (`digits` decimals, the program's currency).
std::string reward_phrase(const Reward& reward, int digits, std::string_view currency);

// Several, joined with ", ".
std::string rewards_phrase(const std::vector<Reward>& rewards, int digits, std::string_view currency);

}  // namespace stepwise
