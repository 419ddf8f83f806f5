// Glibc's Swift module does not export syncfs (it needs _GNU_SOURCE), hence this shim.
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include "file_sync.h"

int vitality_sync_file_system(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}
