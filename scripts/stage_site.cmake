# Completes the static site in public/ after the app is linked: the page and its glue from web/, the values
# the glue shares with C++ (mvr-constants.js, from src/core/shared_constants.hpp), the UI font from
# Debian's fonts-dejavu-core, and the bundled example registry from docs/examples/.
set(PUB ${SRC}/public)
file(MAKE_DIRECTORY ${PUB}/fonts ${PUB}/examples)
# The page and its modules (web/boot.js is the entry), and the parse worker: copied, cached by the service
# worker (this list is written into sw.js), and part of its version.
set(PAGE_FILES index.html style.css boot.js ui.js heap.js host.js links.js remote.js idb-store.js persist.js parse-client.js
  input.js sw-register.js parse-worker.js parse-loop.js)
foreach(f ${PAGE_FILES})
  file(COPY_FILE ${SRC}/web/${f} ${PUB}/${f} ONLY_IF_DIFFERENT)
endforeach()
# The documentation the help overlay links to (docs/README.md is the repository's README).
file(MAKE_DIRECTORY ${PUB}/docs)
file(COPY_FILE ${SRC}/README.md ${PUB}/docs/README.md ONLY_IF_DIFFERENT)
file(GLOB doc_pages ${SRC}/docs/*.md)
foreach(d ${doc_pages})
  get_filename_component(n ${d} NAME)
  file(COPY_FILE ${d} ${PUB}/docs/${n} ONLY_IF_DIFFERENT)
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/shared_constants.cmake)
mvr_write_constants_js(${SRC}/src/core/shared_constants.hpp ${PUB}/mvr-constants.js)
list(APPEND PAGE_FILES mvr-constants.js)
file(REMOVE ${PUB}/mvr-boot.js)  # the glue before it was split into modules
set(FONT /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)
if(NOT EXISTS ${FONT})
  message(FATAL_ERROR "${FONT} is missing: run scripts/setup --web (it installs fonts-dejavu-core)")
endif()
file(COPY_FILE ${FONT} ${PUB}/fonts/ui.ttf ONLY_IF_DIFFERENT)
# The service worker's version is a digest of what it caches: a new build is a new version, picked up on
# the next online visit (with a prompt), and an unchanged build keeps the cache.
set(parts "")
foreach(f mvr.wasm mvr.js ${PAGE_FILES})
  file(SHA256 ${PUB}/${f} h)
  string(APPEND parts ${h})
endforeach()
string(SHA256 version "${parts}")
string(SUBSTRING ${version} 0 16 version)
list(JOIN PAGE_FILES "', '" shell)
file(READ ${SRC}/web/sw.js sw)
string(REPLACE "__MVR_VERSION__" "${version}" sw "${sw}")
string(REPLACE "__MVR_PAGE_FILES__" "${shell}" sw "${sw}")
file(WRITE ${PUB}/sw.js.tmp "${sw}")
file(COPY_FILE ${PUB}/sw.js.tmp ${PUB}/sw.js ONLY_IF_DIFFERENT)
file(REMOVE ${PUB}/sw.js.tmp)
if(EXISTS ${SRC}/docs/examples/registry.json)
  file(COPY_FILE ${SRC}/docs/examples/registry.json ${PUB}/examples/registry.json ONLY_IF_DIFFERENT)
else()
  message(WARNING "docs/examples/registry.json is missing: the site has no example registry")
endif()
