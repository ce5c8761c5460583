// What the mvr command prints, shared by its commands: tables, JSON for scripts, import reports (output.hpp).
#include "cli/output.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "core/diff_format.hpp"
#include "core/text.hpp"

namespace mvr::cli {

namespace {

std::string pad(const std::string& s, size_t w) {
    // Pads by code points so UTF-8 text lines up.
    size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    return cps >= w ? s : s + std::string(w - cps, ' ');
}

std::string clip(const std::string& s, size_t w) {
    size_t cps = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (cps == w - 1 && i + 1 < s.size()) {
                size_t rest = 0;
                for (size_t j = i; j < s.size(); ++j) rest += (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80;
                if (rest > 1) return s.substr(0, i) + "…";
            }
            ++cps;
        }
    }
    return s;
}

}  // namespace

void printTable(std::ostream& out, const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                size_t maxWidth) {
    std::vector<size_t> w(head.size(), 0);
    auto width = [](const std::string& s) {
        size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    for (size_t i = 0; i < head.size(); ++i) w[i] = width(head[i]);
    std::vector<std::vector<std::string>> cells = rows;
    for (auto& r : cells)
        for (size_t i = 0; i < r.size() && i < w.size(); ++i) {
            r[i] = clip(r[i], maxWidth);
            w[i] = std::max(w[i], width(r[i]));
        }
    auto line = [&](const std::vector<std::string>& r) {
        std::string s;
        for (size_t i = 0; i < r.size(); ++i) s += i + 1 == r.size() ? r[i] : pad(r[i], w[i]) + "  ";
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out << s << "\n";
    };
    line(head);
    for (const auto& r : cells) line(r);
}

namespace {
// Whole numbers below 1e15 with all their digits (29064904, not 2.906490e+07); others as core::formatNumber.
std::string numberText(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
    return core::formatNumber(v);
}
}  // namespace

std::string numberCell(double v) { return std::isnan(v) ? "" : numberText(v); }

core::Value numberJson(double v) { return std::isfinite(v) ? core::Value::makeNumberLexeme(numberText(v)) : core::Value(); }

void printCsvRow(std::ostream& out, const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        const std::string& f = fields[i];
        if (i) out << ',';
        if (f.find_first_of(",\"\r\n") == std::string::npos) {
            out << f;
            continue;
        }
        out << '"';
        for (char ch : f) out << (ch == '"' ? "\"\"" : std::string(1, ch));
        out << '"';
    }
    out << "\n";
}

std::string xmlText(std::string_view s) {
    std::string valid = core::replaceInvalidBytes(s), out;
    out.reserve(valid.size());
    for (char ch : valid) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') out += "\xEF\xBF\xBD";
            else out.push_back(ch);
        }
    }
    return out;
}

void printJson(std::ostream& out, core::Value v) {
    validText(v);
    out << core::toPretty(v) << "\n";
}

void validText(core::Value& v) {
    if (v.isString() && !core::isValidUtf8(v.text)) v.text = core::showInvalidBytes(v.text);
    for (core::Value& x : v.items) validText(x);
    for (core::Member& m : v.members) {
        if (!core::isValidUtf8(m.key)) m.key = core::showInvalidBytes(m.key);
        validText(m.value);
    }
}

core::Value diagnosticsToJson(const std::vector<core::Diagnostic>& ds) {
    core::Value list = core::Value::makeArray();
    for (const core::Diagnostic& d : ds) {
        core::Value o = core::Value::makeObject();
        o.set("file", core::Value::makeString(d.file));
        o.set("path", core::Value::makeString(d.path));
        o.set("line", core::Value::makeInteger(d.line));
        o.set("column", core::Value::makeInteger(d.col));
        o.set("code", core::Value::makeString(d.code));
        o.set("message", core::Value::makeString(d.message));
        list.push(std::move(o));
    }
    return list;
}

core::Value reportToJson(const storage::FileReport& r) {
    core::Value o = core::Value::makeObject();
    o.set("file", core::Value::makeString(r.file));
    o.set("status", core::Value::makeString(r.ok() ? "ok" : r.conflicts ? "conflict" : "invalid"));
    o.set("imported", core::Value::makeInteger(static_cast<int64_t>(r.imported)));
    o.set("unchanged", core::Value::makeInteger(static_cast<int64_t>(r.unchanged)));
    o.set("replaced", core::Value::makeInteger(static_cast<int64_t>(r.replaced)));
    o.set("conflicts", core::Value::makeInteger(static_cast<int64_t>(r.conflicts)));
    o.set("aliases_set", core::Value::makeInteger(static_cast<int64_t>(r.aliasesMoved)));
    o.set("problems", diagnosticsToJson(r.problems));
    if (!r.notes.empty()) o.set("notes", diagnosticsToJson(r.notes));
    return o;
}

void printReport(std::ostream& o, std::ostream& err, const storage::FileReport& r) {
    if (r.ok()) {
        o << "ok     " << core::showInvalidBytes(r.file) << ": " << r.imported << " new";
        if (r.unchanged) o << ", " << r.unchanged << " unchanged";
        if (r.replaced) o << ", " << r.replaced << " replaced";
        if (r.aliasesMoved) o << ", " << r.aliasesMoved << " alias" << (r.aliasesMoved == 1 ? "" : "es") << " set";
        o << "\n";
        return;
    }
    size_t n = r.problems.size() + r.droppedProblems;
    o << (r.conflicts && r.conflicts == n ? "conflict " : "error  ") << core::showInvalidBytes(r.file) << ": " << n << " problem"
      << (n == 1 ? "" : "s") << "\n";
    for (const core::Diagnostic& d : r.problems) err << "  " << core::formatDiagnostic(d) << "\n";
    if (r.droppedProblems) err << "  ... and " << r.droppedProblems << " more\n";
}

void printNotes(std::ostream& err, const storage::FileReport& r) {
    for (const core::Diagnostic& d : r.notes) err << "  note: " << core::formatDiagnostic(d) << "\n";
}

}  // namespace mvr::cli
