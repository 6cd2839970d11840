// The programs and program_versions tables, and the programs' revision kept in
// settings: their statements and row mapping (a repository, docs/server.md
// "Code layout"). Documents are stored and returned as text; reading them is
// the engine's codec, called by the services.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.hpp"

namespace stepwise::server::programs_table {

struct ProgramRow {
    std::string id, doc;
    std::int64_t version = 0, position = 0, created_at = 0, updated_at = 0;
    std::optional<std::int64_t> deleted_at;
};

struct VersionRow {
    std::int64_t version = 0, created_at = 0;
    std::string doc;
};

// Every program, deleted ones too, in the merchant's order.
std::vector<ProgramRow> all(db::Conn& c);
std::optional<ProgramRow> find(db::Conn& c, const std::string& id);

// A new program (ids are never reused, deleted ones included): the row, last in
// order, and its version 1.
void insert_new(db::Conn& c, const std::string& id, const std::string& doc, const std::string& kind,
                const std::string& status, std::int64_t now);
// The program's next version: the row and its history.
void store_version(db::Conn& c, const std::string& id, const std::string& doc, const std::string& kind,
                   const std::string& status, std::int64_t version, std::int64_t now);
// False when there was no such program, or it was deleted already.
bool mark_deleted(db::Conn& c, const std::string& id, std::int64_t now);

// Its versions, the newest first; one version's document.
std::vector<VersionRow> versions(db::Conn& c, const std::string& id);
std::optional<std::string> version_doc(db::Conn& c, const std::string& id, std::int64_t version);

// Bumped on every change to any program, so every process reloads its programs.
std::int64_t rev(db::Conn& c);
void bump_rev(db::Conn& c);

}  // namespace stepwise::server::programs_table
