// The stored form of a validated manifest (docs/architecture.md, "Loading a version: the stored form"): what loading a version
// for a view needs, as bytes that read back without parsing or validating JSON. Loading a 10,000-param
// version from its canonical text cost several times the diff a view then runs over it; these bytes cost a
// fraction of it. The canonical text stays the source of truth (digest, export, filters): the stored form is
// made from it, and a registry that has no stored form for a version, or whose bytes do not read back, loads
// that version from its text as before.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/manifest.hpp"

namespace mvr::core {

// The first bytes of every stored form, and its layout's version (a reader refuses any other).
constexpr char kStoredMagic[4] = {'M', 'V', 'R', 'S'};
constexpr unsigned char kStoredFormat = 1;

// Appends m's stored form to out: the fields validateManifest reads (model, label, description, created_on,
// author, metrics, datasets, artifacts, parent, tags, whether "aliases" is written) from m, and the document
// tree from m.canonical (its text, so that it works for manifests read for storing only, whose doc lacks
// params, and for those sent in packs, which have none). False (out unchanged) when m.canonical is not
// canonical JSON this reads: the version is then stored without a stored form.
bool encodeStored(const Manifest& m, std::string& out);

// Fills out (as load wants it before canonical, digest, aliases and curation are set) from a stored form:
// every field encodeStored wrote, and doc; values carry no position (Pos 0, "not from a file"), the manifest
// the place {1, 1} a parse of the text gives. False with why in error when the bytes are not a stored form
// (cut short, a byte changed: a checksum covers them all, and every length is checked against what is left),
// never reading outside them; out is then unspecified.
bool decodeStored(std::string_view bytes, Manifest& out, std::string& error);

// The checksum the header carries, of the bytes after it (tests sign changed bytes with it, to reach the
// decoder's own checks).
uint64_t storedChecksum(std::string_view bytesAfterHeader);

}  // namespace mvr::core
