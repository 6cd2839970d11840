// Reading the CLI's input files; the only I/O around the engine.
#pragma once
#include <optional>
#include <string>

namespace stepwise::cli {

// Reads a whole file ("-" = standard input); on failure returns nullopt and
// sets `why` to a message naming the file.
std::optional<std::string> read_file(const std::string& path, std::string& why);

}  // namespace stepwise::cli
