// JSON values that keep what a manifest author wrote: key order, number lexemes (so 1.0 stays 1.0 and
// 0.1234567 is never rounded), and the line:column where each value started, for error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mvr::core {

enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

struct Pos {
    uint32_t line = 0;  // 1-based; 0 means "not from a file"
    uint32_t col = 0;   // 1-based, in bytes
};

struct Member;

class Value {
public:
    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0;          // Number: the value as a double (for comparisons and deltas)
    std::string text;           // String: decoded UTF-8; Number: the lexeme exactly as written
    std::vector<Value> items;   // Array
    std::vector<Member> members;  // Object, in document order
    Pos pos;

    // User-provided on purpose: with "= default", Value() (as in emplace_back()) zero-fills the whole object
    // before the member initializers run, a slow block store that was a third of reading a stored document.
    Value() noexcept {}  // NOLINT(modernize-use-equals-default)
    static Value null() { return Value(); }
    static Value makeBool(bool b);
    static Value makeString(std::string s);
    static Value makeNumberLexeme(std::string lexeme);  // lexeme must be valid JSON number text
    static Value makeInteger(int64_t v);
    static Value makeArray();
    static Value makeObject();

    bool isNull() const { return kind == Kind::Null; }
    bool isBool() const { return kind == Kind::Bool; }
    bool isNumber() const { return kind == Kind::Number; }
    bool isString() const { return kind == Kind::String; }
    bool isArray() const { return kind == Kind::Array; }
    bool isObject() const { return kind == Kind::Object; }
    // A number written without fraction or exponent.
    bool isIntegerLexeme() const;
    // The integer an integer lexeme spells, read from the text (never from the double, which rounds past
    // 2^53): false when it is not an integer lexeme or does not fit in 64 bits.
    bool toInt64(int64_t& out) const;

    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);
    // Appends (or replaces, keeping its place) a member.
    void set(std::string key, Value v);
    bool erase(std::string_view key);
    void push(Value v) { items.push_back(std::move(v)); }
};

struct Member {
    std::string key;
    Value value;
    Pos keyPos;  // where the key was written (for "duplicate key, first at ...")

    Member() noexcept {}  // NOLINT(modernize-use-equals-default): as Value's, no zero fill first
    Member(std::string k, Value v, Pos at = {}) : key(std::move(k)), value(std::move(v)), keyPos(at) {}
};

// Structural equality. Numbers compare by lexeme, so 1 and 1.0 differ (they are different types to the
// tools that wrote them); use numericEquals for "same quantity".
bool operator==(const Value& a, const Value& b);
inline bool operator!=(const Value& a, const Value& b) { return !(a == b); }

const char* kindName(Kind k);
// "string \"0.91\"", "number 3", "object", ... for messages.
std::string describe(const Value& v);

// Compact, deterministic serialization: document key order, number lexemes, minimal escaping.
void writeCanonical(const Value& v, std::string& out);
// The same walk with each number written by writeNumber(const Value& number, std::string& out).
template <class WriteNumber>
void writeCanonicalWith(const Value& v, std::string& out, WriteNumber&& writeNumber);
std::string toCanonical(const Value& v);
// Indented form for people (same content, same order).
std::string toPretty(const Value& v, int indent = 2);
// v as toPretty writes it nested depth levels deep (its lines indented by depth), appended to out: for output
// written a part at a time.
void appendPretty(const Value& v, std::string& out, int indent, int depth);
void writeString(std::string_view s, std::string& out);

// JSON path segments as shown to users: a.b[3]["odd key"].
void appendKeySegment(std::string& path, std::string_view key);
void appendIndexSegment(std::string& path, size_t index);

template <class WriteNumber>
void writeCanonicalWith(const Value& v, std::string& out, WriteNumber&& writeNumber) {
    switch (v.kind) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool: out += v.boolean ? "true" : "false"; return;
    case Kind::Number: writeNumber(v, out); return;
    case Kind::String: writeString(v.text, out); return;
    case Kind::Array:
        out.push_back('[');
        for (size_t i = 0; i < v.items.size(); ++i) {
            if (i) out.push_back(',');
            writeCanonicalWith(v.items[i], out, writeNumber);
        }
        out.push_back(']');
        return;
    case Kind::Object:
        out.push_back('{');
        for (size_t i = 0; i < v.members.size(); ++i) {
            if (i) out.push_back(',');
            writeString(v.members[i].key, out);
            out.push_back(':');
            writeCanonicalWith(v.members[i].value, out, writeNumber);
        }
        out.push_back('}');
        return;
    }
}

}  // namespace mvr::core
