// A strict JSON reader for untrusted files: positions on every value, every problem reported with its
// JSON path and line:column, and a pull interface so a huge top-level array is read one element at a time
// (a 365 MB registry never becomes one DOM).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"

namespace mvr::core {

class JsonReader {
public:
    static constexpr int kMaxDepth = 256;

    JsonReader(std::string_view text, std::string file, Diagnostics& diags);

    // Checks how the document starts (empty file, UTF-16, a UTF-8 BOM is skipped). False on a fatal problem.
    bool begin();
    // Next significant character without consuming it, or 0 at the end of input.
    char peek();
    // One whole value. False after a fatal (syntax) problem; non-fatal ones (duplicate keys, NaN, invalid
    // UTF-8, overflowing numbers) are reported and reading goes on so that all of them are found.
    bool parseValue(Value& out);

    // Streaming over an array: enterArray consumes '['; nextElement returns 1 when an element follows
    // (its index is on the path), 0 after the closing ']', -1 on a fatal problem.
    bool enterArray();
    int nextElement();
    // Streaming over an object: enterObject consumes '{'; nextMember returns 1 with the key read and the
    // ':' consumed, 0 after the closing '}', -1 on a fatal problem.
    bool enterObject();
    int nextMember(std::string& key, Pos& keyPos);
    // Skips the value at the current position (still checked).
    bool skipValue();
    // Members of objects at this nesting depth (1: the members of a top-level object, or of an element of a
    // streamed array) whose key keep() refuses are checked exactly as usual, with the same problems reported,
    // but not kept: an object or array value is left empty. For readers that need only some of a document
    // (ManifestStream::storingOnly). depth 0 (the default) keeps everything.
    void setShallowMembers(int depth, bool (*keep)(std::string_view key)) {
        m_shallowDepth = depth;
        m_keep = keep;
    }
    // Adjusts the nesting depth budget: the streaming calls do not count their containers, so a caller
    // whose streamed object is itself a document (one manifest) counts it here.
    void addDepth(int levels) { m_depth += levels; }
    // After the top-level value: only whitespace may follow.
    bool end();

    bool failed() const { return m_failed; }
    size_t offset() const { return static_cast<size_t>(m_p - m_begin); }
    size_t size() const { return static_cast<size_t>(m_end - m_begin); }
    std::string_view text(size_t from, size_t to) const { return std::string_view(m_begin + from, to - from); }
    // How many escapes (and invalid UTF-8 bytes) strings read so far had: while this does not change, every
    // string read is, quotes included, byte for byte its canonical form (see canonicalFormFromSource).
    size_t rewrites() const { return m_rewritten; }
    Pos pos() const;
    std::string path() const;      // for messages (very deep paths are shortened)
    std::string fullPath() const;
    const std::string& file() const { return m_file; }
    // Reports a problem at a place, with the reader's current path plus an optional suffix.
    void report(Pos at, std::string path, std::string code, std::string message);

private:
    struct Segment {
        bool isIndex;
        size_t index;
        const char* rawKey;  // key as written in the source (still escaped), for paths in messages
        size_t rawLen;
    };

    bool fail(std::string code, std::string message);
    void badKey();
    bool fail(Pos at, std::string code, std::string message);
    void skipWs();
    bool parseString(std::string& out);
    bool parseNumber(Value& out);
    bool parseLiteral(Value& out);
    bool parseArray(Value& out);
    bool parseObject(Value& out);
    bool afterElement(char close);
    void pushKey(const char* raw, size_t len) { m_stack.push_back(Segment{false, 0, raw, len}); }
    void pushIndex(size_t i) { m_stack.push_back(Segment{true, i, nullptr, 0}); }
    void pop() { m_stack.pop_back(); }
    size_t utf8Sequence(const unsigned char* p) const;

    const char* m_begin;
    const char* m_p;
    const char* m_end;
    const char* m_lineStart;
    uint32_t m_line = 1;
    int m_depth = 0;
    size_t m_rewritten = 0;
    int m_shallowDepth = 0;
    bool (*m_keep)(std::string_view) = nullptr;
    bool m_discard = false;  // inside a member setShallowMembers leaves empty
    bool m_failed = false;
    std::string m_file;
    Diagnostics& m_diags;
    std::vector<Segment> m_stack;
    std::vector<Value> m_itemStack;     // elements of the arrays being read, innermost last
    std::vector<Member> m_memberStack;  // members of the objects being read, innermost last
    // Streaming frames opened by enterArray/enterObject: whether the first element was read yet.
    std::vector<bool> m_streamFirst;
};

// Parses a whole small document (a string from the user, a test); problems go to diags.
bool parseJson(std::string_view text, Value& out, Diagnostics& diags, const std::string& file = "<input>");

}  // namespace mvr::core
