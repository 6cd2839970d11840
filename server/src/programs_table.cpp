#include "programs_table.hpp"

#include <string>

namespace stepwise::server::programs_table {
namespace {

const char* const kColumns = "id, doc, version, position, created_at, updated_at, deleted_at";

ProgramRow from_row(const db::RowView& r) {
    ProgramRow p;
    p.id = r.str(0);
    p.doc = r.str(1);
    p.version = r.i64(2);
    p.position = r.i64(3);
    p.created_at = r.i64(4);
    p.updated_at = r.i64(5);
    p.deleted_at = r.opt_i64(6);
    return p;
}

std::vector<ProgramRow> rows(db::Conn& c, const std::string& sql, const db::Params& params) {
    std::vector<ProgramRow> out;
    c.each(sql, params, [&](const db::RowView& r) {
        out.push_back(from_row(r));
        return true;
    });
    return out;
}

void insert_version(db::Conn& c, const std::string& id, std::int64_t version, const std::string& doc, std::int64_t now) {
    c.exec("INSERT INTO program_versions (program_id, version, doc, created_at) VALUES (?, ?, ?, ?)",
           {id, version, doc, now});
}

}  // namespace

std::vector<ProgramRow> all(db::Conn& c) {
    return rows(c, std::string("SELECT ") + kColumns + " FROM programs ORDER BY position", {});
}

std::optional<ProgramRow> find(db::Conn& c, const std::string& id) {
    auto found = rows(c, std::string("SELECT ") + kColumns + " FROM programs WHERE id = ?", {id});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

void insert_new(db::Conn& c, const std::string& id, const std::string& doc, const std::string& kind,
                const std::string& status, std::int64_t now) {
    auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM programs");
    c.exec("INSERT INTO programs (id, doc, kind, status, version, position, created_at, updated_at) "
           "VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
           {id, doc, kind, status, pos ? pos->i64(0) : std::int64_t{1}, now, now});
    insert_version(c, id, 1, doc, now);
}

void store_version(db::Conn& c, const std::string& id, const std::string& doc, const std::string& kind,
                   const std::string& status, std::int64_t version, std::int64_t now) {
    c.exec("UPDATE programs SET doc = ?, kind = ?, status = ?, version = ?, updated_at = ? WHERE id = ?",
           {doc, kind, status, version, now, id});
    insert_version(c, id, version, doc, now);
}

bool mark_deleted(db::Conn& c, const std::string& id, std::int64_t now) {
    return c.exec("UPDATE programs SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                  {now, now, id}) > 0;
}

std::vector<VersionRow> versions(db::Conn& c, const std::string& id) {
    std::vector<VersionRow> out;
    c.each("SELECT version, doc, created_at FROM program_versions WHERE program_id = ? ORDER BY version DESC", {id},
           [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.i64(2), r.str(1)});
               return true;
           });
    return out;
}

std::optional<std::string> version_doc(db::Conn& c, const std::string& id, std::int64_t version) {
    auto row = c.one("SELECT doc FROM program_versions WHERE program_id = ? AND version = ?", {id, version});
    if (!row) return std::nullopt;
    return row->str(0);
}

std::int64_t rev(db::Conn& c) {
    auto row = c.one("SELECT value FROM settings WHERE key = 'programs_rev'");
    return row ? std::stoll(row->str(0)) : 0;
}

void bump_rev(db::Conn& c) {
    c.exec("INSERT INTO settings (key, value) VALUES ('programs_rev', '1') ON CONFLICT (key) DO UPDATE SET value = "
           "CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)");
}

}  // namespace stepwise::server::programs_table
