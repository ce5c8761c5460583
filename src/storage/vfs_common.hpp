// What the page VFS (page_vfs.cpp) and the range VFS (range_vfs.cpp) share: each serves one database file its own
// way, and both take no locks (one connection writes, or none can), know no file controls, use path names as
// given and register the same way. Internal to storage.
#pragma once

#include <sqlite3.h>

namespace mvr::storage {

using VfsClose = int (*)(sqlite3_file*);
using VfsRead = int (*)(sqlite3_file*, void*, int, sqlite3_int64);
using VfsWrite = int (*)(sqlite3_file*, const void*, int, sqlite3_int64);
using VfsTruncate = int (*)(sqlite3_file*, sqlite3_int64);
using VfsSync = int (*)(sqlite3_file*, int);
using VfsFileSize = int (*)(sqlite3_file*, sqlite3_int64*);
using VfsFileInt = int (*)(sqlite3_file*);  // xSectorSize, xDeviceCharacteristics

// The methods (version 1) of a file whose reading, writing and sizes are these, with the shared locks (every lock
// granted, none reserved by another) and no file controls (SQLITE_NOTFOUND).
sqlite3_io_methods vfsIoMethods(VfsClose close, VfsRead read, VfsWrite write, VfsTruncate truncate, VfsSync sync,
                                VfsFileSize fileSize, VfsFileInt sectorSize, VfsFileInt deviceCharacteristics);

// What a VFS supplies itself; vfsRegister adds the path names (used as given, up to 512 bytes) and the last error
// (none to tell).
struct VfsCallbacks {
    int (*xOpen)(sqlite3_vfs*, const char*, sqlite3_file*, int, int*);
    int (*xDelete)(sqlite3_vfs*, const char*, int);
    int (*xAccess)(sqlite3_vfs*, const char*, int, int*);
    int (*xRandomness)(sqlite3_vfs*, int, char*);
    int (*xSleep)(sqlite3_vfs*, int);
    int (*xCurrentTime)(sqlite3_vfs*, double*);
    int (*xCurrentTimeInt64)(sqlite3_vfs*, sqlite3_int64*);
};

// Fills v (version 2) as the VFS `name` (which must outlive it, as v itself) whose files take szOsFile bytes,
// with appData as its pAppData, and registers it (not as the default VFS).
void vfsRegister(sqlite3_vfs& v, const char* name, void* appData, int szOsFile, const VfsCallbacks& cb);

}  // namespace mvr::storage
