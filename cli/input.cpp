#include "input.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace stepwise::cli {

std::optional<std::string> read_file(const std::string& path, std::string& why) {
    if (path == "-") {
        std::ostringstream all;
        all << std::cin.rdbuf();
        return all.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = path + ": cannot open (" + std::strerror(errno) + ")";
        return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        why = path + ": read error";
        return std::nullopt;
    }
    return text;
}

}  // namespace stepwise::cli
