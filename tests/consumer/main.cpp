// A program outside the Stepwise tree that uses the installed library:
//   consumer PROGRAM.json HISTORY.json AS_OF
// prints the report, like `stepwise eval` (tests/consumer/run.sh compares both).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <stepwise/stepwise.hpp>

namespace {
bool read_file(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

int fail(const char* what, const stepwise::Errors& errors) {
    std::cerr << what << ": " << stepwise::errors_json(errors) << "\n";
    return 2;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: consumer PROGRAM.json HISTORY.json AS_OF\n";
        return 2;
    }
    std::string program_text, history_text;
    if (!read_file(argv[1], program_text) || !read_file(argv[2], history_text)) {
        std::cerr << "cannot read the input files\n";
        return 2;
    }
    auto program = stepwise::parse_program(program_text);
    if (!program.ok()) return fail("program", program.errors);
    auto history = stepwise::parse_history(history_text, *program.value);
    if (!history.ok()) return fail("history", history.errors);
    auto as_of = stepwise::parse_as_of(argv[3]);
    if (!as_of.ok()) return fail("as_of", as_of.errors);

    auto report = stepwise::evaluate(*program.value, *history.value, *as_of.value);
    std::cout << stepwise::report_json(*program.value, report) << "\n";
    return 0;
}
