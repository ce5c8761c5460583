// The canonical form of a manifest taken from its text (canonicalFormFromSource, the import's shortcut)
// against the one written from its parsed document (canonicalForm): wherever the shortcut applies (the
// reader rewrote no string and the manifest is valid) they must agree byte for byte, cut and aliases
// included, since a difference breaks identity by digest silently. The shortcut is taken for a manifest
// inside a list (a file that is one manifest is read whole, so a byte order mark never reaches it): checked
// directly on the text, and as the import takes it, for the text as the one element of a list.
#include "core/document.hpp"
#include "core/json_reader.hpp"
#include "core/manifest.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    if (in.substr(0, 3) == "\xEF\xBB\xBF") return 0;  // only a file starts with one
    core::Diagnostics diags(10);
    core::JsonReader reader(in, "fuzz.json", diags);
    core::Value doc;
    if (!reader.begin() || reader.peek() != '{' || !reader.parseValue(doc) || !reader.end()) return 0;
    if (!diags.empty() || reader.rewrites() != 0) return 0;
    core::Manifest m;
    if (!core::validateManifest(doc, "fuzz.json", "", diags, m, false)) return 0;

    std::string fromDoc, fromText, aliasesDoc, aliasesText;
    size_t docFrom, docTo, textFrom, textTo;
    core::canonicalForm(doc, fromDoc, docFrom, docTo, &aliasesDoc);
    core::canonicalFormFromSource(in, fromText, textFrom, textTo, &aliasesText);
    fuzz::check(fromDoc == fromText, "canonical text from the source differs from the document's", fromDoc, fromText);
    fuzz::check(docFrom == textFrom && docTo == textTo, "the digest's cut differs",
                std::to_string(docFrom) + ".." + std::to_string(docTo),
                std::to_string(textFrom) + ".." + std::to_string(textTo));
    fuzz::check(aliasesDoc == aliasesText, "the aliases' canonical text differs", aliasesDoc, aliasesText);

    std::string list = "[" + std::string(in) + "]";
    core::Diagnostics listDiags(10);
    core::ManifestStream stream(list, "fuzz.json", listDiags);
    stream.storingOnly(true);
    core::Manifest fromList;
    fuzz::check(stream.next(fromList) == 1, "a valid manifest is refused as the element of a list");
    fuzz::check(fromList.canonical == fromDoc, "the import's canonical text differs from the document's", fromDoc,
                fromList.canonical);
    fuzz::check(fromList.digestCutFrom == docFrom && fromList.digestCutTo == docTo, "the import's digest cut differs");
    return 0;
}
