// Native side of the WebAssembly parity tests: runs wasm/api.cpp (the very
// functions the module exports) natively. Each stdin line is a JSON array
// [call, arg1, arg2, ...]; each stdout line is the reply. An argument is a
// string, or {"bytes": "..."} whose characters U+0000-U+00FF stand for raw
// bytes (how the hostile-input test passes ill-formed UTF-8).
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "api.hpp"

namespace {

bool argument(const nlohmann::json& value, std::string& out) {
    if (value.is_string()) {
        out = value.get<std::string>();
        return true;
    }
    if (!value.is_object() || !value.contains("bytes") || !value["bytes"].is_string()) return false;
    const std::string utf8 = value["bytes"].get<std::string>();
    out.clear();
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if ((c == 0xc2 || c == 0xc3) && i + 1 < utf8.size()) {  // U+0080-U+00FF
            out.push_back(static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3f)));
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        auto call = nlohmann::json::parse(line, nullptr, false);
        std::string args[6];
        bool ok = !call.is_discarded() && call.is_array() && !call.empty() && call.size() <= 6;
        for (std::size_t i = 0; ok && i < call.size(); ++i) ok = argument(call[i], args[i]);
        if (!ok) {
            std::cout << "{\"batch_error\":\"bad line\"}\n";
            continue;
        }
        const std::string& name = args[0];
        std::string out;
        using namespace stepwise::wasm;
        if (name == "evaluate")
            out = evaluate(args[1], args[2], args[3]);
        else if (name == "viewModel")
            out = view_model(args[1], args[2], args[3]);
        else if (name == "project")
            out = project(args[1], args[2], args[3], args[4]);
        else if (name == "newlyDue")
            out = newly_due(args[1], args[2], args[3], args[4], args[5]);
        else if (name == "validateProgram")
            out = validate_program(args[1]);
        else
            out = "{\"batch_error\":\"unknown call\"}";
        std::cout << out << '\n';
    }
    return 0;
}
