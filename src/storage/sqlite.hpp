// Thin RAII wrappers over the SQLite C API: a connection, prepared statements, and errors as exceptions
// carrying SQLite's message (storage errors are not user-input errors; they end the operation).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mvr::storage {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& o) noexcept;
    Statement& operator=(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, int64_t v);
    Statement& bind(int i, double v);
    Statement& bind(int i, std::string_view v);  // as TEXT (copied)
    // As TEXT, not copied: v must stay as it is until the statement has been stepped (for large texts).
    Statement& bindUncopied(int i, std::string_view v);
    Statement& bindBlob(int i, const void* data, size_t len);
    Statement& bindNull(int i);
    // True while a row is available.
    bool step();
    void reset();
    // Runs to completion (for statements without rows).
    void run();
    bool prepared() const { return m_stmt != nullptr; }

    bool isNull(int col) const;
    int64_t getInt(int col) const;
    double getDouble(int col) const;
    std::string getText(int col) const;
    std::string_view getTextView(int col) const;  // valid until the next step/reset

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

class Connection {
public:
    // Opens (creating if needed) a database file; ":memory:" for an in-memory one.
    // vfs: the name of a registered SQLite VFS (e.g. the page VFS), or empty for the default.
    explicit Connection(const std::string& path, bool readOnly = false, const std::string& vfs = "");
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(m_db, sql); }
    int64_t lastInsertId() const;
    int changes() const;
    int64_t pragmaInt(const std::string& name);
    bool inTransaction() const;
    sqlite3* handle() const { return m_db; }
    // Registers a collation for SQL (... COLLATE name): cmp orders two UTF-8 texts like memcmp.
    void addCollation(const char* name, int (*cmp)(void*, int, const void*, int, const void*));

private:
    sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed without commit().
class Transaction {
public:
    explicit Transaction(Connection& c);
    ~Transaction();
    void commit();

private:
    Connection& m_c;
    bool m_done = false;
};

}  // namespace mvr::storage
