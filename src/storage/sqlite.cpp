#include "storage/sqlite.hpp"

#include <sqlite3.h>

namespace mvr::storage {

namespace {
[[noreturn]] void raise(sqlite3* db, const std::string& what) {
    std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    throw StorageError(msg);
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        raise(db, "preparing \"" + std::string(sql.substr(0, 80)) + "\"");
}

Statement::~Statement() {
    if (m_stmt) sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& o) noexcept : m_db(o.m_db), m_stmt(o.m_stmt) { o.m_stmt = nullptr; }

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        if (m_stmt) sqlite3_finalize(m_stmt);
        m_db = o.m_db;
        m_stmt = o.m_stmt;
        o.m_stmt = nullptr;
    }
    return *this;
}

Statement& Statement::bind(int i, int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, double v) {
    sqlite3_bind_double(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
    sqlite3_bind_text64(m_stmt, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bindUncopied(int i, std::string_view v) {
    sqlite3_bind_text64(m_stmt, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bindBlob(int i, const void* data, size_t len) {
    sqlite3_bind_blob64(m_stmt, i, data, len, SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int i) {
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string sql = sqlite3_sql(m_stmt) ? sqlite3_sql(m_stmt) : "";
    sqlite3_reset(m_stmt);
    raise(m_db, "running \"" + sql.substr(0, 80) + "\"");
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void Statement::run() {
    while (step()) {
    }
    sqlite3_reset(m_stmt);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
int64_t Statement::getInt(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::getDouble(int col) const { return sqlite3_column_double(m_stmt, col); }

std::string Statement::getText(int col) const { return std::string(getTextView(col)); }

std::string_view Statement::getTextView(int col) const {
    const unsigned char* t = sqlite3_column_text(m_stmt, col);
    int n = sqlite3_column_bytes(m_stmt, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(n)) : std::string_view();
}

Connection::Connection(const std::string& path, bool readOnly, const std::string& vfs) {
    int flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, vfs.empty() ? nullptr : vfs.c_str()) != SQLITE_OK) {
        std::string msg = "cannot open database " + path + ": " + (m_db ? sqlite3_errmsg(m_db) : "out of memory");
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StorageError(msg);
    }
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);
}

Connection::~Connection() {
    if (m_db) sqlite3_close_v2(m_db);
}

void Connection::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw StorageError("running \"" + s.substr(0, 80) + "\": " + msg);
    }
}

int64_t Connection::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Connection::changes() const { return sqlite3_changes(m_db); }
bool Connection::inTransaction() const { return !sqlite3_get_autocommit(m_db); }

int64_t Connection::pragmaInt(const std::string& name) {
    Statement s(m_db, "PRAGMA " + name);
    return s.step() ? s.getInt(0) : 0;
}

Transaction::Transaction(Connection& c) : m_c(c) { m_c.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!m_done && m_c.inTransaction()) {
        try {
            m_c.exec("ROLLBACK");
        } catch (...) {
        }
    }
}

void Transaction::commit() {
    m_c.exec("COMMIT");
    m_done = true;
}

void Connection::addCollation(const char* name, int (*cmp)(void*, int, const void*, int, const void*)) {
    if (sqlite3_create_collation_v2(m_db, name, SQLITE_UTF8, nullptr, cmp, nullptr) != SQLITE_OK)
        throw StorageError(std::string("cannot register the collation ") + name + ": " + sqlite3_errmsg(m_db));
}

}  // namespace mvr::storage
