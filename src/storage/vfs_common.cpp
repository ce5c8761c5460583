#include "storage/vfs_common.hpp"

#include <cstring>

namespace mvr::storage {

namespace {

int xLock(sqlite3_file*, int) { return SQLITE_OK; }
int xUnlock(sqlite3_file*, int) { return SQLITE_OK; }
int xCheckReservedLock(sqlite3_file*, int* out) {
    *out = 0;
    return SQLITE_OK;
}
int xFileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }

int xFullPathname(sqlite3_vfs*, const char* zName, int nOut, char* zOut) {
    sqlite3_snprintf(nOut, zOut, "%s", zName);
    return SQLITE_OK;
}

int xGetLastError(sqlite3_vfs*, int, char*) { return 0; }

}  // namespace

sqlite3_io_methods vfsIoMethods(VfsClose close, VfsRead read, VfsWrite write, VfsTruncate truncate, VfsSync sync,
                                VfsFileSize fileSize, VfsFileInt sectorSize, VfsFileInt deviceCharacteristics) {
    // Version 1: no shared memory (no WAL), no memory-mapped reads (the fields after these are null).
    return sqlite3_io_methods{1, close, read, write, truncate, sync, fileSize, xLock, xUnlock, xCheckReservedLock,
                              xFileControl, sectorSize, deviceCharacteristics};
}

void vfsRegister(sqlite3_vfs& v, const char* name, void* appData, int szOsFile, const VfsCallbacks& cb) {
    std::memset(&v, 0, sizeof v);
    v.iVersion = 2;
    v.szOsFile = szOsFile;
    v.mxPathname = 512;
    v.zName = name;
    v.pAppData = appData;
    v.xOpen = cb.xOpen;
    v.xDelete = cb.xDelete;
    v.xAccess = cb.xAccess;
    v.xFullPathname = xFullPathname;
    v.xRandomness = cb.xRandomness;
    v.xSleep = cb.xSleep;
    v.xCurrentTime = cb.xCurrentTime;
    v.xGetLastError = xGetLastError;
    v.xCurrentTimeInt64 = cb.xCurrentTimeInt64;
    sqlite3_vfs_register(&v, 0);
}

}  // namespace mvr::storage
