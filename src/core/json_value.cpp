#include "core/json_value.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "core/text.hpp"

namespace mvr::core {

Value Value::makeBool(bool b) {
    Value v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
}

Value Value::makeString(std::string s) {
    Value v;
    v.kind = Kind::String;
    v.text = std::move(s);
    return v;
}

Value Value::makeNumberLexeme(std::string lexeme) {
    Value v;
    v.kind = Kind::Number;
    v.number = std::strtod(lexeme.c_str(), nullptr);
    v.text = std::move(lexeme);
    return v;
}

Value Value::makeInteger(int64_t i) {
    return makeNumberLexeme(std::to_string(i));
}

Value Value::makeArray() {
    Value v;
    v.kind = Kind::Array;
    return v;
}

Value Value::makeObject() {
    Value v;
    v.kind = Kind::Object;
    return v;
}

bool Value::isIntegerLexeme() const {
    if (kind != Kind::Number) return false;
    for (char c : text)
        if (c == '.' || c == 'e' || c == 'E') return false;
    return true;
}

bool Value::toInt64(int64_t& out) const {
    if (!isIntegerLexeme() || text.empty()) return false;
    const char* b = text.data();
    const char* e = b + text.size();
    auto r = std::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e;
}

const Value* Value::find(std::string_view key) const {
    for (const Member& m : members)
        if (m.key == key) return &m.value;
    return nullptr;
}

Value* Value::find(std::string_view key) {
    for (Member& m : members)
        if (m.key == key) return &m.value;
    return nullptr;
}

void Value::set(std::string key, Value v) {
    if (Value* existing = find(key)) {
        *existing = std::move(v);
        return;
    }
    members.push_back(Member{std::move(key), std::move(v)});
}

bool Value::erase(std::string_view key) {
    for (auto it = members.begin(); it != members.end(); ++it) {
        if (it->key == key) {
            members.erase(it);
            return true;
        }
    }
    return false;
}

bool operator==(const Value& a, const Value& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case Kind::Null: return true;
    case Kind::Bool: return a.boolean == b.boolean;
    case Kind::Number:
    case Kind::String: return a.text == b.text;
    case Kind::Array: return a.items == b.items;
    case Kind::Object:
        if (a.members.size() != b.members.size()) return false;
        for (size_t i = 0; i < a.members.size(); ++i)
            if (a.members[i].key != b.members[i].key || a.members[i].value != b.members[i].value) return false;
        return true;
    }
    return false;
}

const char* kindName(Kind k) {
    switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
    }
    return "?";
}

std::string describe(const Value& v) {
    switch (v.kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return v.boolean ? "true" : "false";
    case Kind::Number: return "number " + v.text;
    case Kind::String: {
        std::string out = "string ";
        if (v.text.size() > 40) {
            // Cut on a UTF-8 character boundary so the message itself stays valid UTF-8.
            size_t cut = 40;
            while (cut > 0 && (static_cast<unsigned char>(v.text[cut]) & 0xC0) == 0x80) --cut;
            writeString(std::string_view(v.text).substr(0, cut), out);
            out.insert(out.size() - 1, "...");
        } else {
            writeString(v.text, out);
        }
        // A message shows what a value holds: an override or a zero-width character written as its escape.
        return escapeInvisible(out);
    }
    case Kind::Array: return "array";
    case Kind::Object: return "object";
    }
    return "?";
}

void writeString(std::string_view s, std::string& out) {
    static const char* hex = "0123456789abcdef";
    out.push_back('"');
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    out.append(s.data() + start, s.size() - start);
    out.push_back('"');
}

void writeCanonical(const Value& v, std::string& out) {
    writeCanonicalWith(v, out, [](const Value& number, std::string& o) { o += number.text; });
}

std::string toCanonical(const Value& v) {
    std::string out;
    writeCanonical(v, out);
    return out;
}

namespace {
void writePretty(const Value& v, std::string& out, int indent, int depth) {
    auto newline = [&](int d) {
        out.push_back('\n');
        out.append(static_cast<size_t>(indent * d), ' ');
    };
    if (v.kind == Kind::Array && !v.items.empty()) {
        out.push_back('[');
        for (size_t i = 0; i < v.items.size(); ++i) {
            if (i) out.push_back(',');
            newline(depth + 1);
            writePretty(v.items[i], out, indent, depth + 1);
        }
        newline(depth);
        out.push_back(']');
    } else if (v.kind == Kind::Object && !v.members.empty()) {
        out.push_back('{');
        for (size_t i = 0; i < v.members.size(); ++i) {
            if (i) out.push_back(',');
            newline(depth + 1);
            writeString(v.members[i].key, out);
            out += ": ";
            writePretty(v.members[i].value, out, indent, depth + 1);
        }
        newline(depth);
        out.push_back('}');
    } else {
        writeCanonical(v, out);
    }
}
}  // namespace

std::string toPretty(const Value& v, int indent) {
    std::string out;
    writePretty(v, out, indent, 0);
    return out;
}

void appendPretty(const Value& v, std::string& out, int indent, int depth) { writePretty(v, out, indent, depth); }

static bool isIdentifier(std::string_view key) {
    if (key.empty()) return false;
    for (size_t i = 0; i < key.size(); ++i) {
        char c = key[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' ||
                  (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

void appendKeySegment(std::string& path, std::string_view key) {
    if (isIdentifier(key)) {
        if (!path.empty()) path.push_back('.');
        path.append(key.data(), key.size());
    } else {
        path.push_back('[');
        writeString(key, path);
        path.push_back(']');
    }
}

void appendIndexSegment(std::string& path, size_t index) {
    path.push_back('[');
    path += std::to_string(index);
    path.push_back(']');
}

}  // namespace mvr::core
