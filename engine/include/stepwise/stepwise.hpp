// Stepwise: one engine for loyalty journeys and spend tiers. Include this.
#pragma once
#include "stepwise/award_key.hpp"
#include "stepwise/error.hpp"
#include "stepwise/evaluate.hpp"
#include "stepwise/history.hpp"
#include "stepwise/json.hpp"
#include "stepwise/json_api.hpp"
#include "stepwise/money.hpp"
#include "stepwise/program.hpp"
#include "stepwise/report.hpp"
#include "stepwise/time.hpp"
#include "stepwise/tz.hpp"
#include "stepwise/view_model.hpp"
