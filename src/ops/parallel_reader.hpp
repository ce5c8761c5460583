// One seam for reading a file's manifests beside the thread that stores them. Each build has its backend:
// a thread natively (ops/parallel_reader_thread.cpp), a worker thread of node for the wasm CLI
// (cli/worker_import.cpp), the page's parse worker in the browser (app/page_reader.cpp). What they send is
// stored through a PreparedFile, so storing is the same whoever read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ops/file_import.hpp"

namespace mvr::ops {

class ParallelReader {
public:
    enum class Status { Working, Done, Failed };
    virtual ~ParallelReader() = default;
    // Starts reading one file: `source` names it for the backend (a path, or the page's handle on a File),
    // `text` is its bytes when this thread has them already (else empty). False when this backend cannot
    // read it: the caller reads it in this thread.
    virtual bool start(const std::string& source, std::string_view text) = 0;
    // Stores what has arrived into `file`; with `wait`, blocks until something arrives. Done: the reader is finished
    // (call file.finish with clean and dropped). Failed: `failure` says why; nothing more will come.
    virtual Status pump(PreparedFile& file, bool wait, std::string& failure) = 0;
    // After Done: whether the reader found no problem, and how many problems it dropped past its limit.
    virtual bool clean() const = 0;
    virtual size_t dropped() const = 0;
    // 0..1 of the file read so far.
    virtual double progress() const = 0;
    // Stops reading the current file (a rolled back import); what it still sends is dropped.
    virtual void cancel() = 0;
};

// The build's reader for text this thread already holds (natively a thread; nullptr where there is none).
std::unique_ptr<ParallelReader> makeTextReader();

}  // namespace mvr::ops
