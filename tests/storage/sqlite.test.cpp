// The SQLite wrappers every storage call goes through: errors arrive as StorageError naming the statement and
// SQLite's reason, a failed statement can be used again, and a transaction left without commit() is rolled back.
#include <catch2/catch.hpp>

#include <string>

#include "storage/sqlite.hpp"
#include "test_support.hpp"

using namespace mvr::storage;
using Catch::Contains;

TEST_CASE("sqlite: a statement SQLite cannot prepare or run throws, naming the SQL and the reason") {
    Connection c(":memory:");
    c.exec("CREATE TABLE t(k TEXT PRIMARY KEY, n INTEGER NOT NULL)");
    CHECK_THROWS_AS(c.prepare("SELEC k FROM t"), StorageError);
    CHECK_THROWS_WITH(c.prepare("SELEC k FROM t"), Contains("preparing \"SELEC k FROM t\"") && Contains("syntax error"));
    CHECK_THROWS_WITH(c.prepare("SELECT colour FROM t"), Contains("no such column: colour"));
    CHECK_THROWS_WITH(c.exec("INSERT INTO missing VALUES (1)"),
                      Contains("running \"INSERT INTO missing VALUES (1)\"") && Contains("no such table: missing"));
    // Only the first 80 characters of a long statement are quoted.
    std::string longSql = "SELECT " + std::string(200, '1') + " FROM nowhere";
    try {
        c.exec(longSql);
        FAIL("no error");
    } catch (const StorageError& e) {
        std::string what = e.what();
        CHECK(what.find(longSql.substr(0, 80) + "\"") != std::string::npos);
        CHECK(what.find(longSql.substr(0, 81)) == std::string::npos);
    }

    Statement ins = c.prepare("INSERT INTO t(k, n) VALUES (?, ?)");
    ins.bind(1, std::string_view("a")).bind(2, int64_t(1)).run();
    ins.reset();
    ins.bind(1, std::string_view("a")).bind(2, int64_t(2));
    CHECK_THROWS_WITH(ins.run(), Contains("running \"INSERT INTO t(k, n) VALUES (?, ?)\"") &&
                                     Contains("UNIQUE constraint failed: t.k"));
    ins.reset();
    ins.bind(1, std::string_view("b")).bindNull(2);
    CHECK_THROWS_WITH(ins.run(), Contains("NOT NULL constraint failed: t.n"));
    // The statement was reset by the failure: it runs again with new values, and nothing failed was stored.
    ins.reset();
    ins.bind(1, std::string_view("b")).bind(2, int64_t(3)).run();
    CHECK(c.changes() == 1);
    Statement all = c.prepare("SELECT group_concat(k || n, ',') FROM (SELECT k, n FROM t ORDER BY k)");
    REQUIRE(all.step());
    CHECK(all.getText(0) == "a1,b3");
}

TEST_CASE("sqlite: a database that cannot be opened throws, naming the file") {
    mvr::test::TempPath dir("sqlite-missing");
    std::string path = dir.str() + "/no/such/folder/r.db";
    CHECK_THROWS_WITH(Connection(path), Contains("cannot open database " + path) && Contains("unable to open"));
    CHECK_THROWS_WITH(Connection(dir.str() + ".db", true), Contains("cannot open database"));
    CHECK_THROWS_WITH(Connection("registry", false, "no-such-vfs"), Contains("cannot open database registry"));
}

TEST_CASE("sqlite: a transaction destroyed without commit is rolled back; committed work stays") {
    Connection c(":memory:");
    c.exec("CREATE TABLE t(n INTEGER)");
    auto rows = [&c] {
        Statement s = c.prepare("SELECT count(*) FROM t");
        REQUIRE(s.step());
        return s.getInt(0);
    };
    {
        Transaction tx(c);
        CHECK(c.inTransaction());
        c.exec("INSERT INTO t VALUES (1), (2)");
        tx.commit();
    }
    CHECK_FALSE(c.inTransaction());
    CHECK(rows() == 2);
    {
        Transaction tx(c);
        c.exec("INSERT INTO t VALUES (3)");
        CHECK(rows() == 3);
    }
    CHECK_FALSE(c.inTransaction());
    CHECK(rows() == 2);
    // A failure inside the transaction: the exception leaves it, the destructor rolls back.
    try {
        Transaction tx(c);
        c.exec("INSERT INTO t VALUES (4)");
        c.exec("INSERT INTO nowhere VALUES (5)");
        tx.commit();
    } catch (const StorageError&) {
    }
    CHECK_FALSE(c.inTransaction());
    CHECK(rows() == 2);
    // A transaction cannot start inside another.
    c.exec("BEGIN");
    CHECK_THROWS_WITH(Transaction(c), Contains("cannot start a transaction within a transaction"));
    c.exec("ROLLBACK");
}
