// Replays the golden vectors in tests/vectors: each report must equal
// expected.json as parsed JSON, and byte for byte once the vector is canonical
// (expected.json is then the engine's one-line output plus "\n").
// Error vectors (tests/vectors/errors/*) must name every listed pointer.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <random>

#include "../common/seeded_random.hpp"
#include "support.hpp"

#ifndef STEPWISE_VECTORS_DIR
#error "STEPWISE_VECTORS_DIR must name the tests/vectors directory"
#endif

namespace fs = std::filesystem;
using namespace stepwise;
using ut::json;
using ut::read_text;

namespace {

std::vector<fs::path> case_dirs(const fs::path& root) {
    std::vector<fs::path> out;
    if (!fs::is_directory(root)) return out;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory() && entry.path().filename() != "errors") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
    return s.substr(start);
}

// Canonical: one line of compact JSON and a single trailing newline, as canonicalize.sh writes it.
bool is_canonical_form(const std::string& bytes) {
    return bytes.size() > 1 && bytes.back() == '\n' && bytes.find('\n') == bytes.size() - 1;
}

}  // namespace

TEST_CASE("golden vectors: reports equal expected.json", "[vectors][R-REPORT-BYTES][R-DETERMINISM]") {
    const fs::path root = STEPWISE_VECTORS_DIR;
    auto cases = case_dirs(root);
    REQUIRE(cases.size() >= 25);
    int canonical = 0;
    for (const fs::path& dir : cases) {
        const std::string name = dir.filename().string();
        INFO("vector " << name);
        auto program = parse_program(read_text((dir / "program.json").string()));
        INFO(ut::join(program.errors));
        REQUIRE(program.ok());
        auto history = parse_history(read_text((dir / "history.json").string()), *program.value);
        INFO(ut::join(history.errors));
        REQUIRE(history.ok());
        auto as_of = parse_as_of(trimmed(read_text((dir / "as_of.txt").string())));
        REQUIRE(as_of.ok());
        const std::string expected_bytes = read_text((dir / "expected.json").string());
        json expected = json::parse(expected_bytes, nullptr, false);
        REQUIRE_FALSE(expected.is_discarded());

        Report report = evaluate(*program.value, *history.value, *as_of.value);
        const std::string out = report_json(*program.value, report);
        json got = json::parse(out, nullptr, false);
        REQUIRE_FALSE(got.is_discarded());
        {
            INFO("expected: " << expected.dump());
            INFO("got:      " << got.dump());
            CHECK(got == expected);
        }
        if (is_canonical_form(expected_bytes)) {
            ++canonical;
            CHECK(out + "\n" == expected_bytes);
        }
        // Determinism: the same inputs give the same bytes.
        CHECK(report_json(*program.value, evaluate(*program.value, *history.value, *as_of.value)) == out);
    }
    WARN(canonical << " of " << cases.size() << " vectors are canonical (byte-for-byte checked)");
}

TEST_CASE("golden vectors: shuffled and duplicated events give the same report",
          "[vectors][R-EVENT-ORDER][R-EVENT-ONCE][R-REPORT-BYTES]") {
    auto cases = case_dirs(STEPWISE_VECTORS_DIR);
    std::mt19937_64 rng(2026);
    for (const fs::path& dir : cases) {
        INFO("vector " << dir.filename().string());
        auto program = parse_program(read_text((dir / "program.json").string()));
        REQUIRE(program.ok());
        auto history = parse_history(read_text((dir / "history.json").string()), *program.value);
        REQUIRE(history.ok());
        Time as_of = *parse_as_of(trimmed(read_text((dir / "as_of.txt").string()))).value;
        const std::string base = report_json(*program.value, evaluate(*program.value, *history.value, as_of));
        History shuffled = *history.value;
        test::shuffle(shuffled.events, rng);
        CHECK(report_json(*program.value, evaluate(*program.value, shuffled, as_of)) == base);
        History doubled = shuffled;
        doubled.events.insert(doubled.events.end(), history.value->events.begin(), history.value->events.end());
        test::shuffle(doubled.events, rng);
        CHECK(report_json(*program.value, evaluate(*program.value, doubled, as_of)) == base);
    }
}

TEST_CASE("error vectors: every listed pointer is reported", "[vectors][errors][R-PROGRAM-VALID][R-HISTORY-VALID]") {
    const fs::path root = fs::path(STEPWISE_VECTORS_DIR) / "errors";
    auto cases = case_dirs(root);
    REQUIRE(cases.size() >= 7);
    for (const fs::path& dir : cases) {
        INFO("error vector " << dir.filename().string());
        Errors errors;
        auto program = parse_program(read_text((dir / "program.json").string()));
        errors = program.errors;
        if (program.ok() && fs::exists(dir / "history.json")) {
            auto history = parse_history(read_text((dir / "history.json").string()), *program.value);
            errors.insert(errors.end(), history.errors.begin(), history.errors.end());
        }
        if (fs::exists(dir / "as_of.txt")) {
            auto as_of = parse_as_of(trimmed(read_text((dir / "as_of.txt").string())));
            errors.insert(errors.end(), as_of.errors.begin(), as_of.errors.end());
        }
        INFO(ut::join(errors));
        CHECK_FALSE(errors.empty());
        std::istringstream lines(read_text((dir / "expected_errors.txt").string()));
        std::string line;
        int listed = 0;
        while (std::getline(lines, line)) {
            line = trimmed(line);
            if (line.empty() || line[0] == '#') continue;
            // "POINTER: message" or just "POINTER": only the pointer is checked.
            std::string pointer = line.substr(0, line.find(": "));
            if (!pointer.empty() && pointer.back() == ':') pointer.pop_back();
            if (pointer == "/") pointer.clear();
            ++listed;
            INFO("pointer " << pointer);
            CHECK(ut::has_pointer(errors, pointer));
        }
        CHECK(listed > 0);
    }
}
