// Version filters as people type them: "metrics.auc > 0.9 and tags.team = nlp", "alias = production",
// "params.optimizer.lr <= 0.001", or plain words matched against label, description and author.
#pragma once

#include <string>
#include <vector>

namespace mvr::core {

enum class FilterField { Text, Metric, Param, Tag, Alias, Author, CreatedOn, Label };
enum class FilterOp { Eq, Ne, Lt, Le, Gt, Ge, Contains };

struct Condition {
    FilterField field = FilterField::Text;
    std::string key;    // metric name, param path segments joined as a JSON path ("$.\"a\".\"b\"[2]"), tag key
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
const char* opSql(FilterOp op);

}  // namespace mvr::core
