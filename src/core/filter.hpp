// Version filters as people type them: "metrics.auc > 0.9 and tags.team = nlp", "alias = production",
// "params.optimizer.lr <= 0.001", or plain words matched against label, description and author.
#pragma once

#include <string>
#include <vector>

namespace mvr::core {

// Dataset (datasets.NAME.digest|uri|path|size) is a field of promotion rules (core/rules), not of filters.
enum class FilterField { Text, Metric, Param, Tag, Alias, Author, CreatedOn, Label, Dataset };
enum class FilterOp { Eq, Ne, Lt, Le, Gt, Ge, Contains };

struct Condition {
    FilterField field = FilterField::Text;
    std::string key;    // metric name, param path segments joined as a JSON path ("$.\"a\".\"b\"[2]"), tag key,
                        // dataset name
    std::string sub;    // Dataset: "digest", "uri", "path" or "size"
    std::string lhs;    // the field as typed ("metrics.auc"), for messages
    FilterOp op = FilterOp::Contains;
    std::string value;  // as typed (quotes removed)
    bool numeric = false;
    double number = 0;
};

struct Filter {
    std::vector<Condition> conditions;  // all must hold
};

// False with a message saying what is wrong and where (column in the text).
bool parseFilter(const std::string& text, Filter& out, std::string& error);

// The pieces parseFilter is made of, for the rule language (core/rules) that grows out of it.
// The parts of text between the word "and" (outside quotes), each trimmed, with its byte offset in text.
std::vector<std::pair<size_t, std::string>> splitConditions(const std::string& text);
// A field name as written before an operator (metrics.NAME, params.PATH, tags.KEY, alias, author, created_on,
// version, and with allowDatasets datasets.NAME.FIELD) into c's field, key and sub.
bool parseField(const std::string& lhs, Condition& c, std::string& error, bool allowDatasets = false);
// One trimmed part: FIELD OP VALUE, or plain words (FilterField::Text).
bool parseCondition(const std::string& part, Condition& c, std::string& error, bool allowDatasets = false);
const char* opSql(FilterOp op);

}  // namespace mvr::core
