#include "core/diff_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mvr::core {

namespace {

// r (an integer below 10^15, no sign) with a decimal point `decimals` digits from its right, the fraction's
// trailing zeros dropped: what %g prints in fixed notation.
void appendFixed(std::string& out, uint64_t r, int decimals) {
    char digits[24];
    int n = 0;
    do digits[n++] = static_cast<char>('0' + r % 10), r /= 10;
    while (r);
    int skip = 0;  // trailing zeros of the fraction
    while (skip < decimals && digits[skip] == '0') ++skip;
    for (int i = n - 1; i >= decimals; --i) out.push_back(digits[i]);
    if (n <= decimals) out.push_back('0');
    if (decimals > skip) {
        out.push_back('.');
        for (int i = decimals - 1; i >= skip; --i) out.push_back(i < n ? digits[i] : '0');
    }
}

constexpr double kPow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

int digitCount(uint64_t r) {
    int n = 1;
    while (r >= 10) r /= 10, ++n;
    return n;
}

}  // namespace

bool formatGeneralFast(double v, int precision, bool plus, std::string& out) {
    // Rounds |v| to `precision` significant digits by scaling, and prints it as %g would in fixed notation. Only
    // where that is certain: not near a tie (printf rounds the exact binary value), not in %g's scientific
    // range; otherwise false, and the caller uses snprintf.
    double a = std::fabs(v);
    if (!(a >= 1e-4) || a >= 1e15 || precision < 1 || precision > 15) return false;
    int x = static_cast<int>(std::floor(std::log10(a)));
    for (int attempt = 0; attempt < 2; ++attempt, ++x) {
        int shift = precision - 1 - x;  // digits after the point
        if (shift < 0 || shift > 15 || x >= precision) return false;
        double t = a * kPow10[shift];
        double r = std::nearbyint(t);
        if (std::fabs(std::fabs(t - std::floor(t)) - 0.5) < 1e-6) return false;
        if (r >= kPow10[precision]) continue;  // log10 rounded down one too few: one more digit before the point
        if (r < kPow10[precision - 1] && r != 0) return false;
        out.clear();
        if (std::signbit(v)) out.push_back('-');
        else if (plus) out.push_back('+');
        appendFixed(out, static_cast<uint64_t>(r), shift);
        return true;
    }
    return false;
}

std::string formatNumber(double v) {
    // The shortest of 6 to 17 significant digits that reads back as v. Most values are short decimals (0.74384):
    // found without printf, which took most of the time of a rule over 100,000 versions.
    double a = std::fabs(v);
    if (a >= 1e-4 && a < 1e15) {
        for (int k = 0; k <= 9; ++k) {
            double r = std::nearbyint(a * kPow10[k]);
            if (r >= 1e15) break;
            if (r / kPow10[k] != a) continue;
            // a is the decimal r * 10^-k: %.{p}g with p = max(6, its significant digits) prints it in fixed
            // notation unless its exponent reaches p.
            uint64_t ri = static_cast<uint64_t>(r);
            int n = digitCount(ri), sig = n;
            if (k == 0)
                for (uint64_t q = ri; q % 10 == 0 && sig > 1; q /= 10) --sig;
            int x = n - 1 - k;
            if (x >= std::max(6, sig) || x < -4) break;
            std::string out;
            if (std::signbit(v)) out.push_back('-');
            appendFixed(out, ri, k);
            return out;
        }
    }
    char buf[32];
    for (int prec = 6; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

namespace {
// Digits after the point in a plain decimal lexeme; -1 when it has an exponent.
int decimals(const std::string& lexeme) {
    if (lexeme.find_first_of("eE") != std::string::npos) return -1;
    size_t dot = lexeme.find('.');
    return dot == std::string::npos ? 0 : static_cast<int>(lexeme.size() - dot - 1);
}
}  // namespace

std::string formatDeltaNumber(const DiffEntry& e) {
    // The difference of two decimals has no more decimals than they have: print it that way, so that
    // 0.13222 -> 0.12586 shows -0.00636, not -0.0063600000000000045.
    int da = decimals(e.before.text), db = decimals(e.after.text);
    if (da >= 0 && db >= 0 && std::max(da, db) <= 17) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", std::max(da, db), e.absDelta);
        std::string s = buf;
        if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = "0";
        return s;
    }
    return formatNumber(e.absDelta);
}

std::string formatDelta(const DiffEntry& e) {
    if (!e.numeric) return "";
    std::string n = formatDeltaNumber(e);
    std::string out = (n[0] == '-' ? "" : "+") + n;
    if (!std::isnan(e.relDelta)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " (%+.2f%%)", e.relDelta * 100);
        out += buf;
    }
    return out;
}

std::string valueText(const Value& v, size_t maxLen) {
    std::string s = v.isString() ? v.text : toCanonical(v);
    if (s.size() > maxLen) {
        size_t cut = maxLen;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s = s.substr(0, cut) + "...";
    }
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return s;
}

Value diffToJson(const VersionDiff& d) {
    Value out = Value::makeObject();
    out.set("left", Value::makeString(d.left));
    out.set("right", Value::makeString(d.right));
    Value summary = Value::makeObject();
    summary.set("added", Value::makeInteger(static_cast<int64_t>(d.count(Change::Added))));
    summary.set("removed", Value::makeInteger(static_cast<int64_t>(d.count(Change::Removed))));
    summary.set("changed", Value::makeInteger(static_cast<int64_t>(d.count(Change::Changed))));
    out.set("summary", std::move(summary));
    Value list = Value::makeArray();
    for (const DiffEntry& e : d.entries) {
        Value row = Value::makeObject();
        row.set("section", Value::makeString(sectionName(e.section)));
        row.set("path", Value::makeString(e.path));
        row.set("change", Value::makeString(changeName(e.change)));
        if (e.change != Change::Added) row.set("before", e.before);
        if (e.change != Change::Removed) row.set("after", e.after);
        if (e.numeric) {
            // JSON has no infinity: a delta that overflows a double (1.7e308 - -1.7e308) is null.
            row.set("delta", std::isfinite(e.absDelta) ? Value::makeNumberLexeme(formatDeltaNumber(e)) : Value());
            if (!std::isnan(e.relDelta))
                row.set("relative_delta", std::isfinite(e.relDelta) ? Value::makeNumberLexeme(formatNumber(e.relDelta)) : Value());
        }
        if (e.goal != Goal::None) row.set("goal", Value::makeString(goalName(e.goal)));
        if (e.trend != Trend::None) row.set("trend", Value::makeString(trendName(e.trend)));
        list.push(std::move(row));
    }
    out.set("changes", std::move(list));
    return out;
}

Value matrixToJson(const CompareMatrix& m) {
    Value out = Value::makeObject();
    Value cols = Value::makeArray();
    for (const std::string& c : m.columns) cols.push(Value::makeString(c));
    out.set("versions", std::move(cols));
    out.set("baseline", Value::makeString(m.columns.empty() ? "" : m.columns[m.baseline]));
    Value rows = Value::makeArray();
    for (const MatrixRow& r : m.rows) {
        Value row = Value::makeObject();
        row.set("section", Value::makeString(sectionName(r.section)));
        row.set("key", Value::makeString(r.key));
        if (r.goal != Goal::None) row.set("goal", Value::makeString(goalName(r.goal)));
        row.set("differs", Value::makeBool(r.differs));
        Value cells = Value::makeArray();
        for (size_t i = 0; i < r.cells.size(); ++i) {
            const MatrixCell& c = r.cells[i];
            Value cell = Value::makeObject();
            if (!c.present) cell.set("value", Value());
            else if (c.value) cell.set("value", *c.value);
            else if (c.numeric) cell.set("value", Value::makeNumberLexeme(c.text));
            else cell.set("value", Value::makeString(c.text));
            if (i != m.baseline) cell.set("change", Value::makeString(changeName(c.change)));
            if (c.trend != Trend::None) cell.set("trend", Value::makeString(trendName(c.trend)));
            cells.push(std::move(cell));
        }
        row.set("cells", std::move(cells));
        rows.push(std::move(row));
    }
    out.set("rows", std::move(rows));
    return out;
}

namespace {

const char* sectionTitle(Section s) {
    switch (s) {
    case Section::Field: return "Version";
    case Section::Param: return "Params";
    case Section::Metric: return "Metrics";
    case Section::Dataset: return "Datasets";
    case Section::Artifact: return "Artifacts";
    case Section::Extra: return "Other fields";
    }
    return "";
}

std::string mdCell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '`') out += "'";
        else out.push_back(c);
    }
    return out;
}

const Section kOrder[] = {Section::Field, Section::Param, Section::Metric, Section::Dataset, Section::Artifact,
                          Section::Extra};

}  // namespace

std::string diffToMarkdown(const VersionDiff& d) {
    std::string out = "### " + mdCell(d.left) + " → " + mdCell(d.right) + "\n\n";
    out += std::to_string(d.count(Change::Changed)) + " changed, " + std::to_string(d.count(Change::Added)) +
           " added, " + std::to_string(d.count(Change::Removed)) + " removed\n";
    for (Section s : kOrder) {
        bool any = false;
        for (const DiffEntry& e : d.entries) {
            if (e.section != s) continue;
            if (!any) {
                out += std::string("\n#### ") + sectionTitle(s) + "\n\n";
                out += s == Section::Metric ? "| metric | before | after | delta | |\n|---|---|---|---|---|\n"
                                            : "| path | change | before | after |\n|---|---|---|---|\n";
                any = true;
            }
            std::string before = e.change == Change::Added ? "" : "`" + mdCell(valueText(e.before)) + "`";
            std::string after = e.change == Change::Removed ? "" : "`" + mdCell(valueText(e.after)) + "`";
            if (s == Section::Metric) {
                std::string mark = e.trend == Trend::Better ? "✅ better" : e.trend == Trend::Worse ? "❌ worse" : changeName(e.change);
                out += "| " + mdCell(e.path) + " | " + before + " | " + after + " | " + formatDelta(e) + " | " + mark + " |\n";
            } else {
                out += "| `" + mdCell(e.path) + "` | " + changeName(e.change) + " | " + before + " | " + after + " |\n";
            }
        }
    }
    if (d.entries.empty()) out += "\nNo differences.\n";
    return out;
}

std::string diffToText(const VersionDiff& d, bool color) {
    auto paint = [&](const char* code, const std::string& s) {
        return color ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
    };
    std::string out = d.left + " -> " + d.right + ": " + std::to_string(d.count(Change::Changed)) + " changed, " +
                      std::to_string(d.count(Change::Added)) + " added, " + std::to_string(d.count(Change::Removed)) +
                      " removed\n";
    for (Section s : kOrder) {
        bool any = false;
        for (const DiffEntry& e : d.entries) {
            if (e.section != s) continue;
            if (!any) {
                out += std::string("\n") + sectionTitle(s) + "\n";
                any = true;
            }
            std::string line;
            switch (e.change) {
            case Change::Added: line = paint("32", "  + " + e.path + " = " + valueText(e.after)); break;
            case Change::Removed: line = paint("31", "  - " + e.path + " = " + valueText(e.before)); break;
            case Change::Changed:
                line = paint("33", "  ~ " + e.path + ": " + valueText(e.before) + " -> " + valueText(e.after));
                break;
            case Change::Same: line = "    " + e.path + " = " + valueText(e.after); break;
            }
            if (e.numeric && e.change != Change::Same) {
                line += "  " + formatDelta(e);
                if (e.trend == Trend::Better) line += " " + paint("32", "better");
                if (e.trend == Trend::Worse) line += " " + paint("31", "worse");
            }
            out += line + "\n";
        }
    }
    if (d.entries.empty()) out += "no differences\n";
    return out;
}

}  // namespace mvr::core
