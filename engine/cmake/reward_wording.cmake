# Generates reward_wording.inc (C++ string constants) from
# engine/wording/rewards.en.json, the one source of the English reward
# phrases: the engine's reward_phrase() and the storefront widget's default
# strings both come from it. Runs at configure time with CMake's own JSON reader.
#   in: WORDING_JSON  out: WORDING_INC
file(READ "${WORDING_JSON}" text)
set(out "// Generated from engine/wording/rewards.en.json by engine/cmake/reward_wording.cmake; do not edit.\n")
macro(emit name value)
  string(REPLACE "\\" "\\\\" v "${value}")
  string(REPLACE "\"" "\\\"" v "${v}")
  string(APPEND out "constexpr const char* ${name} = \"${v}\";\n")
endmacro()
string(JSON points_one GET "${text}" points one)
string(JSON points_other GET "${text}" points other)
emit(kPointsOne "${points_one}")
emit(kPointsOther "${points_other}")
foreach(type store_credit discount_amount discount_percent free_shipping free_gift)
  string(JSON value GET "${text}" ${type})
  emit(k_${type} "${value}")
endforeach()
# Rewritten only when it changes, so that a configure run rebuilds nothing.
if(EXISTS "${WORDING_INC}")
  file(READ "${WORDING_INC}" old)
endif()
if(NOT old STREQUAL out)
  file(WRITE "${WORDING_INC}" "${out}")
endif()
